using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Kommuntal.Testing.InMemory;

namespace Kommuntal.Application.Tests;

/// <summary>The command line's end-to-end demo run (<c>kommuntal run</c>) on the in-memory ports.</summary>
public class DemoRunServiceTests
{
    [Fact]
    public async Task The_2022_run_publishes_every_county_reading_its_inputs_once_and_a_second_run_changes_nothing()
    {
        await using var host = new InMemoryHost();
        var report = await host.Get<DemoRunService>().RunAsync(2022, "test", default);

        Assert.Equal(21, report.Counties.Count);
        Assert.Equal(7500, report.Counties.Sum(c => c.Total));
        Assert.All(report.Counties, c => Assert.Equal("decided, published", c.Action));
        Assert.All(report.Counties, c => Assert.Equal($"2022/{c.County.Slug}/beslut-v1.pdf", c.DocumentPath));
        Assert.Equal(12, report.Dispatch.Sent);
        Assert.Equal(12, host.Email.Sent.Count);
        Assert.Equal(290 - 12, report.Counties.Sum(c => c.WithoutAddress.Count));
        // The quota (one read, then the version the run imported), the indicators and the recipient lists: once for the run.
        Assert.Equal((1, 1, 1), (host.Quotas.Reads, host.Indicators.Reads, host.Recipients.Reads));

        var again = await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        Assert.All(again.Counties, c => Assert.Equal("unchanged", c.Action));
        Assert.Equal(0, again.Dispatch.Sent);
        Assert.Equal(12, host.Email.Sent.Count);
        Assert.Equal(42, host.CountyYears.Commits.Count(c => c.CountyCode != "00"));
        Assert.Equal((2, 2, 2), (host.Quotas.Reads, host.Indicators.Reads, host.Recipients.Reads));
    }

    [Fact]
    public async Task Each_county_is_written_after_the_previous_one_while_the_next_is_prepared_in_between()
    {
        await using var host = new InMemoryHost();
        var report = await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        // Two transactions per county (draft + decision, then publication with the outbox), county after county, in the quota's order.
        var writes = host.CountyYears.Commits.Where(c => c.Change.Audit.Any(a => a.Action.StartsWith("decision.", StringComparison.Ordinal))).ToList();
        Assert.Equal(report.Counties.SelectMany(c => new[] { (c.County.Code, "decision.decided"), (c.County.Code, "decision.published") }),
            writes.Select(w => (w.CountyCode, w.Change.Audit[^1].Action)));
    }

    [Fact]
    public async Task A_county_left_decided_is_published_and_after_a_revision_only_the_changed_counties_are_decided_again()
    {
        await using var host = new InMemoryHost();
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var countyYears = host.Get<CountyYearService>();
        await countyYears.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        await countyYears.DecideAsync(2022, "18", new DecisionRequest(new DateOnly(2021, 11, 4), "851-1", "landshövdingen", "samordnaren"), "samordnaren", default);

        var report = await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        Assert.Equal("published", report.Counties.Single(c => c.County.Code == "18").Action);
        Assert.Equal("851-1", (await host.CountyYears.LoadAsync(2022, "18", default)).CurrentDecision!.Diarienummer);

        await host.Get<QuotaImportService>().ImportAsync(IngestionSamples.Revision2022, 2022, "test", default);
        var revised = await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        Assert.Equal(["01", "09", "12", "18"], revised.Counties.Where(c => c.Action == "decided, published").Select(c => c.County.Code).Order());
        var orebro = revised.Counties.Single(c => c.County.Code == "18");
        Assert.Equal((2, 212, 212), (orebro.DecisionVersion, orebro.Lanstal, orebro.Total));
        Assert.Equal("2022/18-orebro-lan/beslut-v2.pdf", orebro.DocumentPath);
        var stored = await host.CountyYears.LoadAsync(2022, "18", default);
        Assert.Equal([DecisionStatus.Superseded, DecisionStatus.Published], stored.Decisions.Select(d => d.Status));
    }
}
