namespace Kommuntal.Functions.Http;

/// <summary>
/// An answer of the edge itself, thrown where a function cannot go on: 401 or 403 from the access
/// check, 404 for a county or draft the route names that does not exist, 428 without If-Match.
/// <see cref="ProblemMiddleware"/> writes it as problem details with exactly these values.
/// </summary>
public sealed class HttpProblemException(int status, string title, string detail, string type) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Type { get; } = type;
}
