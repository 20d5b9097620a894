using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Ingestion;

/// <summary>Indicator and wish versions in the inputs table, and how allocation uses them.</summary>
public class InputImportTests
{
    [Fact]
    public async Task Indicator_versions_are_immutable_idempotent_by_content_and_round_trip_exactly()
    {
        await using var host = new TestHost();
        var import = host.Get<IndicatorImportService>();
        var first = await import.ImportAsync(IngestionSamples.Indicators2022Csv, 2022, "samordnaren", default);
        Assert.Equal((1, true), (first.Version.Version, first.Created));
        Assert.Equal(["population", "reception"], first.Version.Columns);

        var same = await import.ImportAsync(IngestionSamples.Indicators2022Csv, 2022, "någon annan", default);
        Assert.Equal((1, false), (same.Version.Version, same.Created));
        Assert.Equal("samordnaren", same.Version.Source.UploadedBy);

        var second = await import.ImportAsync(IngestionSamples.Population2021Csv, 2022, "samordnaren", default);
        Assert.Equal((2, true), (second.Version.Version, second.Created));

        var store = host.Get<IInputStore>();
        var versions = await store.ListIndicatorsAsync(2022, default);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(ReferenceData.BundledIndicators(2022).Rows, versions[0].Indicators.Rows); // every value back as stored
        Assert.Equal("indicators-2022.csv", versions[0].Source.FileName);
        Assert.Equal(64, versions[0].Source.Sha256.Length);
        Assert.Equal(TestHost.DefaultNow, versions[0].Source.UploadedAt);
        Assert.Equal("csv", versions[0].Source.Format);
        Assert.Equal(2, (await store.GetIndicatorsAsync(2022, default))!.Version);
        Assert.Null(await store.GetIndicatorsAsync(2023, default));
    }

    [Fact]
    public async Task Without_an_imported_version_allocation_uses_the_bundled_indicators()
    {
        await using var host = new TestHost();
        var set = await host.Get<IIndicatorSource>().GetAsync(2022, default);
        var bundled = ReferenceData.BundledIndicators(2022);
        Assert.Equal(bundled.Rows, set.Rows);
        Assert.Equal(bundled.Sources, set.Sources);
    }

    [Fact]
    public async Task An_imported_indicator_version_is_what_the_next_proposal_uses()
    {
        await using var host = new TestHost();
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "samordnaren", default);
        var counties = host.Get<CountyYearService>();
        var (_, bundledDraft) = await counties.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        Assert.True(bundledDraft.Result.Factors.Single(f => f.Factor == Factor.Reception).Used);

        // Population only (the real SCB file): the reception factor is left out and the numbers change.
        await host.Get<IndicatorImportService>().ImportAsync(IngestionSamples.Population2021Csv, 2022, "samordnaren", default);
        var (_, draft) = await counties.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        Assert.Contains("indikatorer 2022 v1: population-2021.csv", draft.IndicatorsSource);
        Assert.False(draft.Result.Factors.Single(f => f.Factor == Factor.Reception).Used);
        Assert.True(draft.Result.Factors.Single(f => f.Factor == Factor.Population).Used);
        Assert.Equal(202, draft.Result.Total);
        Assert.NotEqual(bundledDraft.Result.Municipalities.Select(m => m.Kommuntal), draft.Result.Municipalities.Select(m => m.Kommuntal));

        // The bundled figures imported as a file: the same numbers as the bundled indicators, recorded as version 2.
        await host.Get<IndicatorImportService>().ImportAsync(IngestionSamples.Indicators2022Csv, 2022, "samordnaren", default);
        var (_, again) = await counties.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        Assert.Contains("indikatorer 2022 v2: indicators-2022.csv", again.IndicatorsSource);
        Assert.Equal(bundledDraft.Result.Municipalities.Select(m => m.Kommuntal), again.Result.Municipalities.Select(m => m.Kommuntal));
    }

    [Fact]
    public async Task An_accepted_wish_file_is_recorded_on_the_county_year_and_applied_by_the_next_proposal()
    {
        await using var host = new TestHost();
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "samordnaren", default);
        var outcome = await host.Get<WishImportService>().ImportAsync(IngestionSamples.Wishes2022OrebroCsv, 2022, "18", "samordnaren", default);
        Assert.Equal((1, true, true), (outcome.Version.Version, outcome.Created, outcome.RecordedNow));

        var snapshot = await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default);
        Assert.Equal(outcome.Version.Wishes, snapshot.State.Wishes);
        var audit = await host.Get<ICountyYearStore>().ReadAuditAsync(2022, "18", default);
        Assert.Contains(audit, a => a.Action == "wishes.recorded" && a.Actor == "samordnaren");

        // The next proposal is computed with them (how the engine honours each kind is the engine's tests' business).
        var (_, draft) = await host.Get<CountyYearService>().ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        Assert.Equal(outcome.Version.Wishes, draft.Deviations);
        Assert.Equal(
            [("1880", DeviationKind.Agreement, 91), ("1860", DeviationKind.Volunteer, 25), ("1862", DeviationKind.Housing, 0)],
            draft.Deviations.Select(d => (d.MunicipalityCode, d.Kind, d.Number)));

        var same = await host.Get<WishImportService>().ImportAsync(Samples.File("tests", "data", "wishes", "good", "wishes-2022-18.csv"), 2022, "18", "samordnaren", default);
        Assert.Equal((1, false, false), (same.Version.Version, same.Created, same.RecordedNow));
        // The same wishes as a JSON file are a new version (other bytes) that changes nothing on the county-year.
        var json = await host.Get<WishImportService>().ImportAsync(Samples.File("tests", "data", "wishes", "good", "wishes-2022-18.json"), null, "18", "samordnaren", default);
        Assert.Equal((2, true, false), (json.Version.Version, json.Created, json.RecordedNow));
    }

    [Fact]
    public async Task Wishes_are_refused_before_anything_is_stored_while_a_decision_awaits_publication()
    {
        await using var host = new TestHost();
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "samordnaren", default);
        var counties = host.Get<CountyYearService>();
        await counties.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        await counties.DecideAsync(2022, "18", new DecisionRequest(new DateOnly(2021, 11, 8), "TEST-2022-18", "landshövdingen", "integrationssamordnaren"), "samordnaren", default);

        var ex = await Assert.ThrowsAsync<InvalidTransitionException>(() =>
            host.Get<WishImportService>().ImportAsync(IngestionSamples.Wishes2022OrebroCsv, 2022, "18", "samordnaren", default));
        Assert.Contains("publicera", ex.MessageSv);
        Assert.Empty(await host.Get<IInputStore>().ListWishesAsync(2022, "18", default));
    }

    [Fact]
    public async Task A_wish_import_interrupted_before_the_county_year_is_completed_by_uploading_the_same_file_again()
    {
        var recorder = new BatchRecorder();
        await using var host = new TestHost(storagePolicies: [recorder]);
        var countyYearsTable = host.Get<StorageClients>().CountyYears.Name;
        recorder.FailWhen = body => body.Contains("/" + countyYearsTable, StringComparison.Ordinal);

        await Assert.ThrowsAsync<InjectedStorageFailureException>(() =>
            host.Get<WishImportService>().ImportAsync(IngestionSamples.Wishes2022OrebroCsv, 2022, "18", "samordnaren", default));
        Assert.Single(await host.Get<IInputStore>().ListWishesAsync(2022, "18", default)); // the version is on record ...
        Assert.Empty((await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Wishes); // ... the county-year not yet

        recorder.FailWhen = null;
        var again = await host.Get<WishImportService>().ImportAsync(IngestionSamples.Wishes2022OrebroCsv, 2022, "18", "samordnaren", default);
        Assert.Equal((1, false, true), (again.Version.Version, again.Created, again.RecordedNow));
        Assert.Equal(3, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Wishes.Count);
    }

    [Fact]
    public async Task An_interrupted_indicator_import_leaves_nothing()
    {
        var recorder = new BatchRecorder { FailWhen = _ => true };
        await using var host = new TestHost(storagePolicies: [recorder]);
        await Assert.ThrowsAsync<InjectedStorageFailureException>(() =>
            host.Get<IndicatorImportService>().ImportAsync(IngestionSamples.Indicators2022Csv, 2022, "samordnaren", default));
        Assert.Null(await host.Get<IInputStore>().GetIndicatorsAsync(2022, default));
        await StorageAssert.NothingStoredAsync(host);
        Assert.Equal(ReferenceData.BundledIndicators(2022).Sources, (await host.Get<IIndicatorSource>().GetAsync(2022, default)).Sources);
    }
}
