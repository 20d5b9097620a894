namespace Kommuntal.Core.Validation;

/// <summary>
/// What kind of refusal an error is. Every door answers it the same way (README, "Errors and exit
/// codes"): the command line with exit 2 (the input: fix it or import it) or 3 (a conflict with the
/// stored state), HTTP with the status below.
/// </summary>
public enum FailureKind
{
    /// <summary>The input cannot be used as it is (exit 2, HTTP 422).</summary>
    Invalid,
    /// <summary>Something the request names does not exist (exit 2, HTTP 404).</summary>
    NotFound,
    /// <summary>An input the step needs has not been imported (exit 2, HTTP 422).</summary>
    MissingInput,
    /// <summary>The step is not allowed in the county-year's current state (exit 3, HTTP 409).</summary>
    Conflict,
    /// <summary>Someone else changed the data since it was read (exit 3, HTTP 412).</summary>
    Concurrency,
}

/// <summary>
/// An expected refusal: a stable <see cref="Code"/> (the problem type over HTTP) and one sentence in
/// Swedish and in English that says what to do. <see cref="ValidationFailedException"/> (a list of
/// problems in an input) is the other expected error; everything else is a fault.
/// </summary>
public abstract class KommuntalException(string code, string messageSv, string messageEn, Exception? inner = null)
    : Exception(messageEn, inner)
{
    public string Code { get; } = code;
    public string MessageSv { get; } = messageSv;
    public abstract FailureKind Kind { get; }

    /// <summary>"Swedish / English" on one line, as the command line prints it.</summary>
    public string Bilingual => $"{MessageSv} / {Message}";
}

/// <summary>Something the request names (a county, a draft, a message) does not exist.</summary>
public sealed class NotFoundException(string code, string messageSv, string messageEn) : KommuntalException(code, messageSv, messageEn)
{
    public override FailureKind Kind => FailureKind.NotFound;
}

/// <summary>An input the step needs (the quota, the indicators of a year) has not been imported.</summary>
public sealed class MissingInputException(string code, string messageSv, string messageEn) : KommuntalException(code, messageSv, messageEn)
{
    public override FailureKind Kind => FailureKind.MissingInput;
}
