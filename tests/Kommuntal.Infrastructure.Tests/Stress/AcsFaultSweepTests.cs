using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Tests.Email;
using Kommuntal.Testing;
using Xunit.Abstractions;

namespace Kommuntal.Infrastructure.Tests.Stress;

/// <summary>
/// The sweep's second variant: the e-mails go to the fake ACS endpoint (real HTTP, Kestrel) instead
/// of the .eml outbox, with a coordinator address (so the publication summary is sent too). The
/// faults are put on the storage requests of the dispatch phase (the last attempts of the run), the
/// kinds rotating. Each message id of the ledger must be one ACS operation, and at most the one
/// message whose ledger write the fault hit may be POSTed twice (with the same Operation-Id, which
/// ACS, like the fake, dedupes).
/// </summary>
public sealed class AcsFaultSweepTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Faults_in_the_dispatch_phase_leave_one_ACS_operation_per_message()
    {
        var counter = new FaultInjectionPolicy();
        string cleanPrefix;
        await using (var fake = await FakeAcsServer.StartAsync())
        {
            await using (var host = new TestHost(EmailTestSupport.AcsSettings(fake), storagePolicies: [counter]))
            {
                cleanPrefix = host.Prefix;
                await host.Get<DemoRunService>().RunAsync(2022, "test", default);
            }
            Assert.Equal(13, fake.Mails.Count); // Örebro län's 12 addresses and the coordinator's summary
        }
        var clean = await StorageState.CaptureAsync(cleanPrefix);
        var r = counter.Attempts;
        var kinds = Enum.GetValues<FaultKind>();
        // The dispatch phase of 13 messages is about the last 25 attempts: every other one of the last 23.
        var points = Enumerable.Range(0, 12).Select(i => (N: r - 22 + 2 * i, Kind: kinds[i % kinds.Length])).Where(p => p.N >= 1).ToList();
        var resent = 0;
        foreach (var (n, kind) in points)
        {
            await using var fake = await FakeAcsServer.StartAsync();
            var prefix = TestStorage.NewPrefix();
            var fault = new FaultInjectionPolicy { FailAt = n, Kind = kind };
            await using (var host = new TestHost(EmailTestSupport.AcsSettings(fake), storagePolicies: [fault], prefix: prefix))
            {
                try
                {
                    await host.Get<DemoRunService>().RunAsync(2022, "test", default);
                }
                catch (Exception)
                {
                    // interrupted by the fault: the next run finishes the work
                }
            }
            Assert.NotNull(fault.Injected);
            IReadOnlyList<OutboxMessage> ledger;
            await using (var again = new TestHost(EmailTestSupport.AcsSettings(fake), prefix: prefix, now: TestHost.DefaultNow.AddMinutes(11)))
            {
                await again.Get<DemoRunService>().RunAsync(2022, "test", default);
                ledger = (await again.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).Outbox;
            }
            var state = await StorageState.CaptureAsync(prefix);
            FaultSweepTests.AssertPublishedOnce(state, fault.Injected!);
            state.AssertSameAs(clean, fault.Injected!);

            Assert.Equal(13, ledger.Count);
            Assert.Equal(ledger.Select(o => o.Id).Order(StringComparer.OrdinalIgnoreCase), fake.Operations.Keys.Order(StringComparer.OrdinalIgnoreCase));
            var accepted = fake.Sends.Where(s => s.Status == 202).GroupBy(s => s.Headers["Operation-Id"], StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            Assert.All(ledger, o => Assert.True(accepted.GetValueOrDefault(o.Id) >= 1, $"{fault.Injected}: {o.Id} was never accepted"));
            var twice = accepted.Count(a => a.Value > 1);
            Assert.True(twice <= 1, $"{fault.Injected}: {twice} messages were POSTed more than once");
            Assert.True(accepted.Values.Sum() <= 14, $"{fault.Injected}: {accepted.Values.Sum()} accepted POSTs for 13 messages");
            resent += twice;
        }
        output.WriteLine($"ACS: R = {r}, {points.Count} fault points ({points[0].N}..{points[^1].N}, kinds rotating) all converged; {resent} of them re-POSTed one message with its Operation-Id (deduped).");
    }
}
