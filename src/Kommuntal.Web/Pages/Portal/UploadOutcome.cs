using Kommuntal.Core.Validation;

namespace Kommuntal.Web.Pages.Portal;

/// <summary>What happened to an uploaded file: refused with its problems (nothing stored), or stored.</summary>
/// <param name="Form">Which form: "lanstal", "indikatorer" or "onskemal".</param>
public sealed record UploadOutcome(string Form, string FileName, IReadOnlyList<ValidationProblem> Problems, string? Stored)
{
    public bool Refused => Problems.Count > 0 || Stored is null;
}
