using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Xunit.Abstractions;

namespace Kommuntal.Infrastructure.Tests.Stress;

/// <summary>
/// Several processes at once on the same storage: each is a <see cref="TestHost"/> of its own (own
/// service provider, clients, caches and dispatcher) sharing one prefix and one .eml outbox directory.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    /// <summary>With a coordinator address, each publication's summary is a create-only outbox row: it too must go out once.</summary>
    private static readonly Dictionary<string, string?> Coordinator = new() { ["Kommuntal:Contacts:18:CoordinatorEmail"] = "samordnare@lansstyrelsen.example" };

    private static readonly DecisionRequest Request = new(new DateOnly(2021, 11, 8), "DEMO-2022-18", "landshövding Maria Larsson", "integrationssamordnaren");

    /// <summary>
    /// N yearly runs of 2022 at once. A run that loses a commit race ends with a clear conflict (or a
    /// refusal: another run got there first); at least one completes, and the final state is the
    /// single clean run's: each decision once, each e-mail once, no orphan.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task Parallel_yearly_runs_of_the_same_year_leave_the_state_of_a_single_run(int n)
    {
        var (_, clean) = await FaultSweepTests.Clean.Value;
        var prefix = TestStorage.NewPrefix();
        var hosts = Enumerable.Range(0, n).Select(_ => new TestHost(prefix: prefix)).ToList();
        Exception?[] outcomes;
        try
        {
            using var start = new ManualResetEventSlim();
            var runs = hosts.Select(h => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await h.Get<DemoRunService>().RunAsync(2022, "test", default);
                    return null;
                }
                catch (Exception ex)
                {
                    return ex;
                }
            })).ToList();
            start.Set();
            outcomes = await Task.WhenAll(runs);
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
        var failures = outcomes.OfType<Exception>().ToList();
        Assert.All(failures, f => Assert.True(f is ConcurrencyConflictException or InvalidTransitionException, f.ToString()));
        Assert.True(failures.Count < n, "no run completed");
        var state = await StorageState.CaptureAsync(prefix);
        FaultSweepTests.AssertPublishedOnce(state, $"{n} parallel runs");
        state.AssertSameAs(clean, $"{n} parallel runs");
        output.WriteLine($"{n} parallel runs: {n - failures.Count} completed, {failures.Count} ended with a conflict ({string.Join("; ", failures.Select(f => f.GetType().Name))}).");
    }

    /// <summary>
    /// Four coordinators decide Örebro län at once, then four publish it at once, then four
    /// dispatchers run at once: one decision, one document, twelve e-mails and the coordinator's
    /// summary, each exactly once, and the
    /// same state as one coordinator doing each step alone.
    /// </summary>
    [Fact]
    public async Task Parallel_decide_publish_and_dispatch_on_one_county_have_one_winner_each()
    {
        const int n = 4;
        var single = TestStorage.NewPrefix();
        await using (var host = new TestHost(Coordinator, prefix: single))
        {
            await PrepareAsync(host);
            var countyYears = host.Get<CountyYearService>();
            await countyYears.DecideAsync(2022, "18", Request, "test", default);
            await countyYears.PublishAsync(2022, "18", "test", default);
            await host.Get<NotificationDispatcher>().DispatchAsync(default);
        }
        var expected = await StorageState.CaptureAsync(single);

        var prefix = TestStorage.NewPrefix();
        await using (var host = new TestHost(Coordinator, prefix: prefix)) await PrepareAsync(host);
        var hosts = Enumerable.Range(0, n).Select(_ => new TestHost(Coordinator, prefix: prefix)).ToList();
        try
        {
            var decided = await AllAtOnceAsync(hosts, h => h.Get<CountyYearService>().DecideAsync(2022, "18", Request, "test", default));
            AssertOneWinner(decided, "decide");
            var published = await AllAtOnceAsync(hosts, h => h.Get<CountyYearService>().PublishAsync(2022, "18", "test", default));
            AssertOneWinner(published, "publish");
            var dispatched = await AllAtOnceAsync(hosts, h => h.Get<NotificationDispatcher>().DispatchAsync(default));
            Assert.All(dispatched, d => Assert.Null(d.Error));
            Assert.Equal(12, dispatched.Sum(d => d.Value!.Sent));
            Assert.Equal(1, dispatched.Sum(d => d.Value!.CoordinatorSent));
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
        var state = await StorageState.CaptureAsync(prefix);
        state.AssertSameAs(expected, "parallel decide, publish and dispatch");
        Assert.Single(state.Blobs, b => b.StartsWith("published/2022/18-orebro-lan/beslut-v1.pdf ", StringComparison.Ordinal));
        Assert.DoesNotContain(state.Blobs, b => b.Contains("beslut-v2", StringComparison.Ordinal));
        Assert.Equal(13, state.Emails.Count); // 12 municipalities and the coordinator's summary
        Assert.Equal(13, state.Emails.Select(e => e.Split(' ')[0]).Distinct().Count());
        await using var check = new TestHost(prefix: prefix);
        var s = await check.Get<ICountyYearStore>().LoadAsync(2022, "18", default);
        Assert.Single(s.Decisions);
        Assert.Equal(CountyYearStatus.Published, s.State.Status);
        Assert.All(s.Outbox, o => Assert.Equal(NotificationStatus.Sent, o.Status));
    }

    private static async Task PrepareAsync(TestHost host)
    {
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        await host.Get<CountyYearService>().ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
    }

    private sealed record Result<T>(T? Value, Exception? Error);

    private static async Task<IReadOnlyList<Result<T>>> AllAtOnceAsync<T>(IReadOnlyList<TestHost> hosts, Func<TestHost, Task<T>> action)
    {
        using var start = new ManualResetEventSlim();
        var tasks = hosts.Select(h => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                return new Result<T>(await action(h), null);
            }
            catch (Exception ex)
            {
                return new Result<T>(default, ex);
            }
        })).ToList();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    /// <summary>One call succeeds; every other one is a conflict (the ETag moved) or a refusal (it loaded the winner's state).</summary>
    private static void AssertOneWinner<T>(IReadOnlyList<Result<T>> results, string what)
    {
        Assert.True(results.Count(r => r.Error is null) == 1,
            $"{what}: {results.Count(r => r.Error is null)} calls succeeded: " + string.Join("; ", results.Select(r => r.Error?.GetType().Name ?? "ok")));
        Assert.All(results.Where(r => r.Error is not null), r =>
            Assert.True(r.Error is ConcurrencyConflictException or InvalidTransitionException, $"{what}: {r.Error}"));
    }
}
