using Kommuntal.Core.Text;
using Kommuntal.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kommuntal.Functions.Http;

/// <summary>RFC 9457 problem details for every error the API returns.</summary>
public static class ProblemResults
{
    public const string ContentType = "application/problem+json";

    public static IActionResult Problem(HttpRequest request, int status, string title, string detail, string type, object? errors = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://kommuntal.example/problems/{type}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = request.Path.Value,
        };
        if (errors is not null) body["errors"] = errors;
        return new ContentResult { StatusCode = status, ContentType = ContentType, Content = KommuntalJson.Serialize(body) };
    }

    /// <summary>
    /// The problem for an expected error: 400 for rejected input (every problem in <c>errors</c>), and
    /// for the other refusals the status of their <see cref="FailureKind"/> (README, "Errors and exit
    /// codes"). Anything else is a fault and goes up to the host (500).
    /// </summary>
    public static IActionResult From(HttpRequest request, Exception ex) => ex switch
    {
        ValidationFailedException v when RequestStatus(v) is { } s => Problem(request, s.Status, s.Title,
            $"{v.Problems[0].MessageEn} / {v.Problems[0].MessageSv}", v.Problems[0].Code,
            v.Problems.Select(p => new { file = p.File, line = p.Line, cell = p.Cell, field = p.Field, code = p.Code, message = p.MessageEn, messageSv = p.MessageSv })),
        ValidationFailedException v => Problem(request, 400, "The input was rejected",
            $"{v.Problems.Count} problem(s) found; nothing was stored.", "validation",
            v.Problems.Select(p => new { file = p.File, line = p.Line, cell = p.Cell, field = p.Field, code = p.Code, message = p.MessageEn, messageSv = p.MessageSv })),
        Kommuntal.Core.Allocation.InfeasibleDeviationsException d => Problem(request, 422, "The wishes cannot all be met",
            $"{d.Message} / {d.MessageSv}", d.Code, d.MunicipalityCodes.Select(c => new { municipalityCode = c })),
        KommuntalException k => Problem(request, Status(k.Kind), Title(k.Kind), $"{k.Message} / {k.MessageSv}", k.Code),
        _ => throw new InvalidOperationException("Unexpected error while handling the request.", ex),
    };

    /// <summary>
    /// A request refused for what it is rather than what it says: a body over the size limit (413,
    /// <c>file-too-large</c>) or of a media type the function cannot read (415). Null: an ordinary 400.
    /// </summary>
    private static (int Status, string Title)? RequestStatus(ValidationFailedException v) => v.Problems is [{ } only] ? only.Code switch
    {
        RequestBody.TooLargeCode => (413, "Content too large"),
        RequestBody.UnsupportedMediaTypeCode => (415, "Unsupported media type"),
        _ => null,
    } : null;

    /// <summary>The HTTP status of each kind of refusal.</summary>
    public static int Status(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => 404,
        FailureKind.Conflict => 409,
        FailureKind.Concurrency => 412,
        _ => 422, // Invalid, MissingInput
    };

    private static string Title(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => "Not found",
        FailureKind.MissingInput => "An input is missing",
        FailureKind.Conflict => "Not allowed in the current state",
        FailureKind.Concurrency => "Changed by someone else",
        _ => "The input cannot be used",
    };

    /// <summary>428: a step that must not act on a state the caller has not seen was sent without If-Match.</summary>
    public static IActionResult PreconditionRequired(HttpRequest request) => Problem(request, 428, "Precondition required",
        "Send If-Match with the county-year's ETag (from GET, or the answer to the previous change); '*' is not accepted. / "
        + "Skicka If-Match med länsårets ETag (från GET eller svaret på föregående ändring); '*' godtas inte.", "precondition-required");

    public static IActionResult Json(object value, int status = 200) =>
        new ContentResult { StatusCode = status, ContentType = "application/json; charset=utf-8", Content = KommuntalJson.Serialize(value) };
}
