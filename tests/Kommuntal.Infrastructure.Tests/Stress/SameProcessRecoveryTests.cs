using Kommuntal.Application.Services;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Stress;

/// <summary>
/// The sweep re-runs in a new process; a Functions host instead lives on, and its next timer tick
/// runs in the same process with the same singletons. After a fault, the same host (11 minutes
/// later) must reach the clean state too: nothing the process caches may remember the fault.
/// </summary>
public sealed class SameProcessRecoveryTests
{
    /// <summary>The first six attempts create the tables and containers (the host's start-up); the others are spread over the run (the last is R).</summary>
    public static TheoryData<int, FaultKind> Points()
    {
        var data = new TheoryData<int, FaultKind>();
        foreach (var kind in Enum.GetValues<FaultKind>())
            foreach (var n in new[] { 1, 3, 6, 40, 80, 9999 }) // 9999: the last attempt, R
                data.Add(n, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Points))]
    public async Task After_a_fault_the_next_run_in_the_same_process_reaches_the_clean_state(int n, FaultKind kind)
    {
        var (r, clean) = await FaultSweepTests.Clean.Value;
        n = Math.Min(n, r);
        var fault = new FaultInjectionPolicy { FailAt = n, Kind = kind };
        string prefix;
        await using (var host = new TestHost(storagePolicies: [fault], createStorage: false))
        {
            prefix = host.Prefix;
            var run = host.Get<DemoRunService>();
            Exception? first = null;
            try
            {
                await host.InitializeStorageAsync(); // the host's start-up
                await run.RunAsync(2022, "test", default);
            }
            catch (Exception ex)
            {
                first = ex; // the run may end with the fault; what matters is the next one
            }
            Assert.NotNull(fault.Injected);
            host.Clock.Advance(TimeSpan.FromMinutes(11));
            try
            {
                if (first is not null) await host.InitializeStorageAsync(); // a start-up that failed is tried again before the next run
                await run.RunAsync(2022, "test", default);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{fault.Injected}: the first run ended with {first?.GetType().Name ?? "no exception"} ({first?.Message.Split('\n')[0]}); the next run failed: {ex}\nrequests: {string.Join("; ", fault.Log.Take(12))}");
            }
        }
        var state = await StorageState.CaptureAsync(prefix);
        FaultSweepTests.AssertPublishedOnce(state, fault.Injected!);
        state.AssertSameAs(clean, fault.Injected!);
    }
}
