using Kommuntal.Application;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Fulfilment;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Fulfilment;

/// <summary>Statistics versions per year and period in the inputs table, and the report against published decisions (Azurite).</summary>
public class FulfilmentImportTests
{
    private static readonly DecisionRequest Request = new(new DateOnly(2021, 11, 8), "851-1234-2021", "landshövding Maria Larsson", "integrationssamordnare Ingela Fredriksson");

    [Fact]
    public async Task Versions_per_year_and_period_are_immutable_idempotent_by_content_and_audited()
    {
        await using var host = new TestHost();
        var service = host.Get<FulfilmentService>();
        var first = await service.ImportAsync(FulfilmentSamples.WholeYearCsv, 2022, null, "samordnaren", default);
        Assert.Equal((1, true, null), (first.Version.Version, first.Created, first.Version.Period));
        var same = await service.ImportAsync(FulfilmentSamples.WholeYearCsv, 2022, null, "någon annan", default);
        Assert.Equal((1, false), (same.Version.Version, same.Created));
        Assert.Equal("samordnaren", same.Version.Source.UploadedBy);
        var xlsx = await service.ImportAsync(FulfilmentSamples.WholeYearXlsx, 2022, null, "samordnaren", default);
        Assert.Equal((2, true, "xlsx"), (xlsx.Version.Version, xlsx.Created, xlsx.Format));
        Assert.Equal(first.Version.Rows, xlsx.Version.Rows); // the same figures from both formats, back exactly as stored
        var june = await service.ImportAsync(FulfilmentSamples.JuneCp1252Csv, null, null, "samordnaren", default);
        Assert.Equal((1, true, "2022-06"), (june.Version.Version, june.Created, june.Version.Period));

        var store = host.Get<IFulfilmentStore>();
        var current = await store.ListCurrentAsync(2022, default);
        Assert.Equal(["2022-06", null], current.Select(v => v.Period));
        Assert.Equal(2, current[^1].Version);
        Assert.Equal(TestHost.DefaultNow, current[0].Source.UploadedAt);
        Assert.Empty(await store.ListCurrentAsync(2023, default));
        var audit = await host.Get<ICountyYearStore>().ReadAuditAsync(2022, NationalAudit.CountyCode, default);
        Assert.Equal(3, audit.Count(a => a.Action == "fulfilment.imported"));
    }

    [Fact]
    public async Task A_bad_file_stores_nothing_and_names_file_line_and_field()
    {
        await using var host = new TestHost();
        var bad = InputFile.FromText("anvisningar-fel.csv", "Län;Kommun;Tal;Mottagna\nÖrebro län;Kumla;12;tolv\nÖrebro län;Nora;6;1\n");
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => host.Get<FulfilmentService>().ImportAsync(bad, 2022, null, "samordnaren", default));
        var p = Assert.Single(ex.Problems);
        Assert.Equal(("anvisningar-fel.csv", 2, "received", "not-a-number"), (p.File, p.Line, p.Field, p.Code));
        Assert.Empty(await host.Get<IFulfilmentStore>().ListCurrentAsync(2022, default));
        Assert.Equal("fulfilment-missing", (await Assert.ThrowsAsync<MissingInputException>(() => host.Get<FulfilmentService>().ReportAsync(2022, null, default))).Code);
    }

    [Fact]
    public async Task The_whole_year_report_takes_the_published_decision_and_its_sums_are_exact()
    {
        await using var host = new TestHost();
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var counties = host.Get<CountyYearService>();
        await counties.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        var (_, decision) = await counties.DecideAsync(2022, "18", Request, "samordnaren", default);
        var service = host.Get<FulfilmentService>();
        await service.ImportAsync(FulfilmentSamples.WholeYearCsv, 2022, null, "samordnaren", default);

        // Decided, not yet published: the file's own numbers.
        var before = await service.ReportAsync(2022, null, default);
        Assert.Equal((FulfilmentSamples.WholeYearKommuntal, FulfilmentSamples.WholeYearReceived), (before.Kommuntal, before.Received));
        Assert.All(before.Municipalities, m => Assert.Equal(KommuntalSource.File, m.Source));

        await counties.PublishAsync(2022, "18", "samordnaren", default);
        var report = await service.ReportAsync(2022, "18", default);
        var decided = decision.Numbers.ToDictionary(n => n.MunicipalityCode, n => n.Kommuntal);
        Assert.Equal(202, decided.Values.Sum()); // the länstal of Örebro län 2022 (SFS 2021:870)
        Assert.Equal((202, FulfilmentSamples.WholeYearReceived), (report.Kommuntal, report.Received)); // nation
        var county = Assert.Single(report.Counties);
        Assert.Equal((202, FulfilmentSamples.WholeYearReceived), (county.Kommuntal, county.Received)); // county
        Assert.Equal(12, county.Municipalities.Count);
        foreach (var m in county.Municipalities) // municipality: the decision's number, the file's received
        {
            Assert.Equal((decided[m.Code], KommuntalSource.Decision), (m.Kommuntal, m.Source));
            Assert.Equal(FulfilmentSamples.DecidedOrebro2022.ContainsKey(m.Code) && m.Code != "1864" ? m.Received : 0, m.Received);
        }
        Assert.True(county.Municipalities.Single(m => m.Code == "1864").MissingFromFile);
        Assert.Equal(84, county.Municipalities.Single(m => m.Code == "1880").Received);
        var summary = FulfilmentSummary.From(report);
        Assert.Equal(202 - FulfilmentSamples.WholeYearReceived, report.Remaining);
        Assert.All(summary.Municipalities, m => Assert.Equal("decision", m.Source));
    }
}
