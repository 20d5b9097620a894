using Microsoft.Extensions.Logging;

namespace Kommuntal.Benchmarks.NationalRun;

/// <summary>
/// A logger provider that moves <see cref="StorageRecorder.Segment"/> on each time the yearly run
/// logs that a county is done ("{County} {Year}: {Actions}", DemoRunService), so every storage
/// request can be attributed to a county or to the global parts of the run without changing the
/// product. The run handles the counties one after the other, so the order is exact.
/// </summary>
public sealed class RunPhaseLogger(StorageRecorder recorder) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.EndsWith(".DemoRunService", StringComparison.Ordinal) ? new CountyDoneLogger(recorder) : NullLogger.Instance;

    public void Dispose() { }

    private sealed class CountyDoneLogger(StorageRecorder recorder) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.Any(v => v.Key == "{OriginalFormat}" && (v.Value as string) == "{County} {Year}: {Actions}"))
                recorder.CountyDone();
        }
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => false;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) { }
    }
}
