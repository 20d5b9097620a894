using System.Text.Json;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Functions.Api;

/// <summary>
/// Body of POST .../drafts. <c>parameters</c> is a parameter set in the format of a parameter file
/// (README, "Model parameters"), read and validated by the same loader.
/// </summary>
public sealed record DraftRequest(string? Purpose, JsonElement? Parameters)
{
    public ModelParameters? ModelParameters() =>
        Parameters is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } p
            ? ModelParametersJson.Parse(InputFile.FromText("request body: parameters", p.GetRawText()))
            : null;
}

/// <summary>Body of POST .../decisions (openapi: DecideRequest).</summary>
public sealed record DecideRequest(DateOnly? DecisionDate, string? Diarienummer, string? DecidedBy, string? PresentedBy, int? Draft, DecisionTexts? Texts)
{
    /// <summary>The decision request, or every problem of the body at once (what is valid is Core's <see cref="DecisionRequestValidation"/>).</summary>
    public DecisionRequest ToDecisionRequest() =>
        DecisionRequestValidation.Create(DecisionDate, Diarienummer, DecidedBy, PresentedBy, Texts, Draft, "request body");
}

/// <summary>Body of POST .../drafts/{n}/consultation.</summary>
public sealed record ConsultationRequest(DateOnly? Deadline);
