using Kommuntal.Core.Allocation;
using Kommuntal.Core.Text;
using Kommuntal.Core.Validation;
using Kommuntal.Functions.Api;

namespace Kommuntal.Functions.Http;

/// <summary>RFC 9457 problem details for every error the API returns.</summary>
public static class ProblemResults
{
    public const string ContentType = "application/problem+json";

    public static ContentResult Problem(HttpRequest request, int status, string title, string detail, string type, IReadOnlyList<object>? errors = null) =>
        Answer(new ProblemDocument($"https://kommuntal.example/problems/{type}", title, status, detail, request.Path.Value, errors));

    /// <summary>
    /// The problem for an expected error (<see cref="ProblemMiddleware"/> answers every exception with
    /// it): 400 for rejected input (every problem in <c>errors</c>); 422 for wishes that cannot all be
    /// met (their municipalities in <c>errors</c>); for the other refusals the status of their
    /// <see cref="FailureKind"/> (README, "Errors and exit codes"): 404, 409, 412 (concurrency), 422;
    /// the edge's own answers (<see cref="HttpProblemException"/>: 401, 403, 404, 428) as they are; a
    /// body over the size limit 413 and one of a media type the function cannot read 415
    /// (<see cref="RequestStatus"/>), and a request the server itself refused to read with its status.
    /// Null for anything else: that is a fault (500).
    /// </summary>
    public static ContentResult? From(HttpRequest request, Exception ex) => ex switch
    {
        ValidationFailedException v when RequestStatus(v) is { } s => Problem(request, s.Status, s.Title,
            $"{v.Problems[0].MessageEn} / {v.Problems[0].MessageSv}", v.Problems[0].Code, InputProblems(v)),
        ValidationFailedException v => Problem(request, 400, "The input was rejected", $"{v.Problems.Count} problem(s) found; nothing was stored.", "validation",
            InputProblems(v)),
        InfeasibleDeviationsException d => Problem(request, 422, "The wishes cannot all be met", $"{d.Message} / {d.MessageSv}", d.Code,
            [.. d.MunicipalityCodes.Select(c => new MunicipalityProblem(c))]),
        KommuntalException k => Problem(request, Status(k.Kind), Title(k.Kind), $"{k.Message} / {k.MessageSv}", k.Code),
        HttpProblemException h => Problem(request, h.Status, h.Title, h.Message, h.Type),
        BadHttpRequestException b => Problem(request, b.StatusCode,
            b.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Content too large" : "Bad request", b.Message, b.StatusCode == 413 ? "too-large" : "bad-request"),
        _ => null,
    };

    /// <summary>
    /// 500 for a fault: no details (they are in the log), only the correlation id to quote. /
    /// 500 vid ett fel: inga detaljer (de finns i loggen), bara korrelations-id att ange.
    /// </summary>
    public static ContentResult InternalError(HttpRequest request, string correlationId) => Answer(new ProblemDocument(
        "https://kommuntal.example/problems/internal-error", "Internal error", StatusCodes.Status500InternalServerError,
        $"The request failed. Quote the correlation id {correlationId} if you report it. / "
        + $"Anropet misslyckades. Ange korrelations-id {correlationId} om du rapporterar det.",
        request.Path.Value, null, correlationId));

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

    private static IReadOnlyList<object> InputProblems(ValidationFailedException v) =>
        [.. v.Problems.Select(InputProblem.From)];

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

    /// <summary>404 for what the route names but does not exist (a county, a draft, a published document).</summary>
    public static HttpProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail, "not-found");

    /// <summary>428: a step that must not act on a state the caller has not seen was sent without If-Match.</summary>
    public static HttpProblemException PreconditionRequired() => new(StatusCodes.Status428PreconditionRequired, "Precondition required",
        "Send If-Match with the county-year's ETag (from GET, or the answer to the previous change); '*' is not accepted. / "
        + "Skicka If-Match med länsårets ETag (från GET eller svaret på föregående ändring); '*' godtas inte.", "precondition-required");

    private static ContentResult Answer(ProblemDocument problem) =>
        new() { StatusCode = problem.Status, ContentType = ContentType, Content = KommuntalJson.Serialize(problem) };
}
