namespace Kommuntal.Core.Validation;

/// <summary>
/// One problem found in an input: where (file, line or cell, field), a stable code, and what is
/// wrong in Swedish and English. Every parser reports all problems at once as a list of these.
/// </summary>
public sealed record ValidationProblem(
    string File,
    int? Line,
    string? Field,
    string Code,
    string MessageSv,
    string MessageEn,
    string? Cell = null)
{
    /// <summary>"file:line: field: message" (English), the form the CLI prints on stderr.</summary>
    public override string ToString() => Format(english: true);

    public string Format(bool english)
    {
        var where = File;
        if (Cell is not null) where += $":{Cell}";
        else if (Line is not null) where += $":{Line}";
        var field = Field is null ? "" : (english ? $" field '{Field}':" : $" fält '{Field}':");
        return $"{where}:{field} {(english ? MessageEn : MessageSv)} [{Code}]";
    }
}

/// <summary>Thrown when an input cannot be accepted; carries every problem found.</summary>
public sealed class ValidationFailedException(IReadOnlyList<ValidationProblem> problems)
    : Exception(Summarize(problems))
{
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;

    private static string Summarize(IReadOnlyList<ValidationProblem> problems) =>
        problems.Count == 1
            ? problems[0].ToString()
            : $"{problems.Count} problems: " + string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? "; ..." : "");
}
