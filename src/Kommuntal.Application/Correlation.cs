namespace Kommuntal.Application;

/// <summary>
/// The correlation id of the current request or run, flowing through async calls: logged in every
/// scope, written on audit entries and outbox messages, and sent as a header with every e-mail, so
/// one upload, run or publication can be followed from the request to the messages it caused.
/// </summary>
public static class Correlation
{
    private static readonly AsyncLocal<string?> s_current = new();

    public static string? Current => s_current.Value;

    /// <summary>Sets the id for the rest of this async flow; disposing restores the previous one.</summary>
    public static IDisposable Begin(string id)
    {
        var previous = s_current.Value;
        s_current.Value = id;
        return new Restore(previous);
    }

    /// <summary>A new id for a run: "run-" and 12 hex digits.</summary>
    public static string NewRunId() => "run-" + Guid.NewGuid().ToString("N")[..12];

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}
