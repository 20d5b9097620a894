using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace Kommuntal.Tools.Serve;

/// <summary>
/// A timer's schedule as the Functions host reads it: <c>%Name%</c> app-setting expressions resolved
/// from configuration (<c>%Schedules:Inbox%</c> = setting <c>Schedules:Inbox</c>, in app settings
/// <c>Schedules__Inbox</c>), then a six-field cron expression with seconds first, in UTC, or a
/// TimeSpan interval (<c>00:05:00</c>).
/// </summary>
public sealed partial class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan? _interval;

    private TimerSchedule(string expression, CrontabSchedule? cron, TimeSpan? interval)
    {
        Expression = expression;
        _cron = cron;
        _interval = interval;
    }

    public string Expression { get; }

    public DateTimeOffset Next(DateTimeOffset after) => _cron is not null
        ? new DateTimeOffset(_cron.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero)
        : after + _interval!.Value;

    /// <summary>Resolves the attribute's schedule; null with the reason when it cannot be read.</summary>
    public static TimerSchedule? Resolve(string attributeSchedule, IConfiguration configuration, out string? problem)
    {
        problem = null;
        var missing = new List<string>();
        var expression = SettingExpression().Replace(attributeSchedule, m =>
        {
            var name = m.Groups[1].Value;
            var value = configuration[name.Replace("__", ":", StringComparison.Ordinal)];
            if (string.IsNullOrWhiteSpace(value)) missing.Add(name);
            return value ?? "";
        }).Trim();
        if (missing.Count > 0)
        {
            problem = $"setting {string.Join(", ", missing)} is not set (app setting {string.Join(", ", missing.Select(n => n.Replace(":", "__", StringComparison.Ordinal)))})";
            return null;
        }
        if (!expression.Contains(' ', StringComparison.Ordinal) && TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
            return new TimerSchedule(expression, null, interval);
        var cron = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        if (cron is null)
        {
            problem = $"'{expression}' is not a six-field cron expression (seconds first, UTC) nor an interval";
            return null;
        }
        return new TimerSchedule(expression, cron, null);
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingExpression();
}

/// <summary>
/// Runs timer functions through the same pipeline as HTTP functions: on demand (the admin API,
/// <c>POST /admin/functions/{name}</c>, answers 202 and runs it in the background, as the Functions
/// host does) and, with <c>--timers</c>, on their schedules. A timer never runs twice at once here;
/// runs still going when the server stops are cancelled and awaited.
/// </summary>
public sealed class TimerRunner(FunctionCatalog catalog, FunctionInvoker invoker, IServiceProvider services, IConfiguration configuration,
    ServeOptions options, TimeProvider clock, ILogger<TimerRunner> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Task> _lastRuns = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    public IEnumerable<ServedFunction> Timers => catalog.Timers;

    /// <summary>The schedule of every timer, or why it cannot be read (checked at start-up with --timers).</summary>
    public IReadOnlyDictionary<string, (TimerSchedule? Schedule, string? Problem)> Schedules { get; } =
        catalog.Timers.ToDictionary(t => t.Name, t => (TimerSchedule.Resolve(t.Schedule!, configuration, out var p), p), StringComparer.OrdinalIgnoreCase);

    /// <summary>Starts a run of the named timer in the background; null when there is no such timer.</summary>
    public Task? RunOnDemand(string name)
    {
        if (catalog.Find(name) is not { Kind: TriggerKind.Timer } timer) return null;
        var run = Task.Run(() => RunAsync(timer, new TimerInfo { ScheduleStatus = Status(timer, clock.GetUtcNow()) }, _stopping.Token));
        Track(timer.Name, run);
        return run;
    }

    /// <summary>The most recent run of a timer started here (completed or not); null before the first.</summary>
    public Task? LastRun(string name) => _lastRuns.TryGetValue(name, out var t) ? t : null;

    /// <summary>One run through the middleware; a failure is logged (the host does not retry timers either).</summary>
    public async Task RunAsync(ServedFunction timer, TimerInfo info, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(timer.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var context = new ServedFunctionContext(invoker.Definition(timer), scope.ServiceProvider, cancellationToken) { Timer = info };
            var started = clock.GetTimestamp();
            logger.LogInformation("Executing timer {Function} (invocation {InvocationId})", timer.Name, context.InvocationId);
            await invoker.InvokeAsync(context);
            logger.LogInformation("Executed timer {Function} in {Ms} ms", timer.Name, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Timer {Function} was cancelled: the server is stopping", timer.Name);
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Timer {Function} failed", timer.Name);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Timers) return;
        var loops = catalog.Timers.Select(t => ScheduleLoop(t, Schedules[t.Name].Schedule!, stoppingToken)).ToList();
        await Task.WhenAll(loops);
    }

    private async Task ScheduleLoop(ServedFunction timer, TimerSchedule schedule, CancellationToken stoppingToken)
    {
        DateTimeOffset? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.Next(clock.GetUtcNow());
            try
            {
                await Task.Delay(next - clock.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var info = new TimerInfo { IsPastDue = false, ScheduleStatus = new ScheduleStatus { Last = (last ?? next).UtcDateTime, Next = schedule.Next(next).UtcDateTime, LastUpdated = next.UtcDateTime } };
            last = next;
            var run = RunAsync(timer, info, _stopping.Token);
            Track(timer.Name, run);
            try
            {
                await run;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // logged by RunAsync; the next occurrence runs as usual
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // each failure was logged by RunAsync
        }
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        foreach (var g in _gates.Values) g.Dispose();
        base.Dispose();
    }

    private ScheduleStatus Status(ServedFunction timer, DateTimeOffset now)
    {
        var next = Schedules[timer.Name].Schedule?.Next(now) ?? now;
        return new ScheduleStatus { Last = now.UtcDateTime, Next = next.UtcDateTime, LastUpdated = now.UtcDateTime };
    }

    private void Track(string name, Task run)
    {
        _lastRuns[name] = run;
        _running[run] = true;
        _ = run.ContinueWith(t => { _ = t.Exception; _running.TryRemove(t, out _); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
