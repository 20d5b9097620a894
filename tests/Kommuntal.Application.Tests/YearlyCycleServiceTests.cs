using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Kommuntal.Testing.InMemory;

namespace Kommuntal.Application.Tests;

/// <summary>The scheduled cycle (<see cref="YearlyCycleService"/>, the YearlyCycle timer) on the in-memory ports: it proposes and consults, never decides.</summary>
public class YearlyCycleServiceTests
{
    [Fact]
    public async Task Once_the_quota_is_in_every_county_gets_a_proposal_sent_for_consultation_once()
    {
        await using var host = new InMemoryHost(now: new DateTimeOffset(2021, 10, 1, 4, 0, 0, TimeSpan.Zero));
        var cycle = host.Get<YearlyCycleService>();
        Assert.Empty(await cycle.AdvanceAsync(2022, "scheduler", default)); // no quota yet

        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var (quotaReads, indicatorReads, recipientReads) = (host.Quotas.Reads, host.Indicators.Reads, host.Recipients.Reads);
        var steps = await cycle.AdvanceAsync(2022, "scheduler", default);
        Assert.Equal(21, steps.Count);
        Assert.Equal("proposal 1 computed; proposal 1 sent for consultation (12 messages, answers by 2021-10-15)", steps.Single(s => s.CountyCode == "18").Action);
        // One pass reads the quota, the indicators and the recipient lists once.
        Assert.Equal((1, 1, 1), (host.Quotas.Reads - quotaReads, host.Indicators.Reads - indicatorReads, host.Recipients.Reads - recipientReads));

        Assert.Empty(await cycle.AdvanceAsync(2022, "scheduler", default));
        var orebro = await host.CountyYears.LoadAsync(2022, "18", default);
        Assert.Equal(CountyYearStatus.Proposal, orebro.State.Status);
        Assert.Equal("2022/18-orebro-lan/forslag-v1.pdf", Assert.Single(orebro.Drafts).Consultation!.Document.Path);
        Assert.All(orebro.Outbox, o => Assert.Equal(DocumentKind.Proposal, o.Kind));
        Assert.Equal(21, (await host.CountyYears.ListStatesAsync(2022, default)).Count);
    }

    [Fact]
    public async Task A_proposal_computed_but_not_sent_is_sent_and_a_revision_brings_a_new_proposal_for_the_new_lanstal()
    {
        await using var host = new InMemoryHost(now: new DateTimeOffset(2021, 10, 1, 4, 0, 0, TimeSpan.Zero));
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        await host.Get<CountyYearService>().ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        var cycle = host.Get<YearlyCycleService>();
        var steps = await cycle.AdvanceAsync(2022, "scheduler", default);
        Assert.StartsWith("proposal 1 sent for consultation", steps.Single(s => s.CountyCode == "18").Action);

        await host.Get<QuotaImportService>().ImportAsync(IngestionSamples.Revision2022, 2022, "test", default);
        steps = await cycle.AdvanceAsync(2022, "scheduler", default);
        Assert.Equal(["01", "09", "12", "18"], steps.Select(s => s.CountyCode));
        Assert.Equal("proposal 2 computed; proposal 2 sent for consultation (12 messages, answers by 2021-10-15)", steps.Single(s => s.CountyCode == "18").Action);
        var orebro = await host.CountyYears.LoadAsync(2022, "18", default);
        Assert.Equal([202, 212], orebro.Drafts.Select(d => d.Lanstal));
    }

    [Fact]
    public async Task Without_auto_propose_the_cycle_does_nothing()
    {
        await using var host = new InMemoryHost(new Dictionary<string, string?> { ["Kommuntal:Cycle:AutoPropose"] = "false" });
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        Assert.Empty(await host.Get<YearlyCycleService>().AdvanceAsync(2022, "scheduler", default));
        Assert.Empty(host.CountyYears.Commits);
    }
}
