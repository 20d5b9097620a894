using Kommuntal.Core.Fulfilment;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Validation;

namespace Kommuntal.Application.Services;

/// <summary>The outcome of an accepted statistics file.</summary>
public sealed record FulfilmentImportOutcome(FulfilmentVersion Version, bool Created, string Format, string Encoding);

/// <summary>What the public follow-up page shows: the latest report of the year (null: no statistics yet) and the months.</summary>
public sealed record FulfilmentView(int Year, FulfilmentReport? Report, IReadOnlyList<FulfilmentMonth> Months);

/// <summary>One point of the chart over the months: the report's sums up to and including a month.</summary>
public sealed record FulfilmentMonth(string Period, int Kommuntal, int Received, long ExpectedTwelfths);

/// <summary>
/// Follows the year (issue 19): imports Migrationsverket's statistics "Anvisningar enligt
/// kommuntalen" per year and period (HTTP upload, inbox and CLI all come here; the same size limit,
/// validation and immutable versions as the other inputs) and builds the report against the
/// published decisions the system holds.
/// </summary>
public sealed class FulfilmentService(
    FulfilmentFileParser parser,
    IFulfilmentStore store,
    ICountyYearStore countyYears,
    ReferenceData reference,
    IOptions<IngestionOptions> options,
    IOptions<FulfilmentOptions> fulfilmentOptions,
    TimeProvider clock,
    ILogger<FulfilmentService> logger)
{
    /// <summary>Parses and validates without storing anything.</summary>
    public FulfilmentFile Validate(InputFile file, int? year, string? period) =>
        parser.Read(file, year, period, options.Value.Admit(file));

    public async Task<FulfilmentImportOutcome> ImportAsync(InputFile file, int? year, string? period, string actor, CancellationToken cancellationToken)
    {
        var parsed = Validate(file, year, period);
        var source = InputSource.Of(file, actor, clock.GetUtcNow(), parsed.Format);
        var saved = await store.SaveAsync(parsed.Year, parsed.Period, parsed.Rows, source, cancellationToken);
        var what = parsed.Period ?? "helår";
        logger.LogInformation("Fulfilment {Year} {Period} v{Version} from {File} ({Format}, {Encoding}, {Sha}): {Outcome}", parsed.Year, what,
            saved.Version.Version, file.Name, parsed.Format, parsed.Encoding, source.Sha256, saved.Created ? "stored" : "already stored");
        await countyYears.AppendAuditOnceAsync(parsed.Year, NationalAudit.CountyCode, $"fulfilment-imported-{parsed.Year}-{what}-v{saved.Version.Version}",
            new AuditEntry(source.UploadedAt, actor, "fulfilment.imported",
                $"Anvisningsstatistik {parsed.Year} ({what}) version {saved.Version.Version} från {file.Name} ({parsed.Format}).", source.Sha256), cancellationToken);
        return new FulfilmentImportOutcome(saved.Version, saved.Created, parsed.Format.ToString().ToLowerInvariant(), parsed.Encoding);
    }

    /// <summary>
    /// The report for the year from its latest statistics (the whole-year file when imported, else
    /// the latest month), optionally for one county. A year without statistics is a
    /// <see cref="MissingInputException"/>.
    /// </summary>
    public async Task<FulfilmentReport> ReportAsync(int year, string? countyCode, CancellationToken cancellationToken)
    {
        var county = countyCode is null ? null : reference.County(countyCode.Trim());
        var report = await LatestReportAsync(year, cancellationToken) ?? throw NoStatistics(year);
        return county is null ? report : report.ForCounty(county.Code);
    }

    /// <summary>The report from the year's latest statistics (the whole-year file when imported, else the latest month); null when none is imported.</summary>
    public async Task<FulfilmentReport?> LatestReportAsync(int year, CancellationToken cancellationToken)
    {
        var versions = await store.ListCurrentAsync(year, cancellationToken);
        return versions.Count == 0 ? null : Build(versions[^1], await DecidedAsync(year, cancellationToken));
    }

    /// <summary>The public page's data: the year's latest report and the months (one read of the year's statistics).</summary>
    public async Task<FulfilmentView> ViewAsync(int year, CancellationToken cancellationToken)
    {
        var versions = await store.ListCurrentAsync(year, cancellationToken);
        if (versions.Count == 0) return new FulfilmentView(year, null, []);
        var decided = await DecidedAsync(year, cancellationToken);
        var months = versions.Where(v => v.Period is not null).Select(v => Build(v, decided))
            .Select(r => new FulfilmentMonth(r.Period!, r.Kommuntal, r.Received, r.ExpectedTwelfths)).ToList();
        return new FulfilmentView(year, Build(versions[^1], decided), months);
    }

    /// <summary>The report of one period (null: the whole year), or null when it is not imported.</summary>
    public async Task<FulfilmentReport?> PeriodReportAsync(int year, string? period, CancellationToken cancellationToken)
    {
        var version = await store.GetAsync(year, period, cancellationToken);
        return version is null ? null : Build(version, await DecidedAsync(year, cancellationToken));
    }

    /// <summary>
    /// Carry-over for a proposal of <paramref name="proposalYear"/>: the county's unfulfilled places of
    /// the year before, from its whole-year statistics; null when the policy is off
    /// (Kommuntal:Fulfilment:ShowCarryOver, the default) or that year's whole-year file is not imported.
    /// </summary>
    public async Task<CarryOver?> CarryOverAsync(int proposalYear, string countyCode, CancellationToken cancellationToken)
    {
        if (!fulfilmentOptions.Value.ShowCarryOver) return null;
        var county = reference.County(countyCode);
        var report = await PeriodReportAsync(proposalYear - 1, null, cancellationToken);
        return report is null ? null : CarryOver.From(report, county.Code);
    }

    /// <summary>A county's figures for the monthly message's period key ("2022-06", "year") and the threshold; null when the period is not stored.</summary>
    public async Task<(CountyFulfilment County, int ThresholdPercent)?> ForMessageAsync(int year, string countyCode, string? periodKey, CancellationToken cancellationToken)
    {
        var report = await PeriodReportAsync(year, FulfilmentMessageBuilder.FromKey(periodKey ?? "year"), cancellationToken);
        return report?.Counties.FirstOrDefault(c => c.Code == countyCode) is { } county ? (county, fulfilmentOptions.Value.BehindThresholdPercent) : null;
    }

    /// <summary>The decided kommuntal of every county whose decision for the year is published (the current published version).</summary>
    public async Task<IReadOnlyDictionary<string, int>> DecidedAsync(int year, CancellationToken cancellationToken)
    {
        var decided = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in (await countyYears.ListPublishedAsync(year, cancellationToken)).GroupBy(p => p.CountyCode))
        {
            var current = group.Where(p => p.Decision.Status == DecisionStatus.Published).MaxBy(p => p.Decision.Version);
            if (current.Decision is null) continue;
            foreach (var n in current.Decision.Numbers) decided[n.MunicipalityCode] = n.Kommuntal;
        }
        return decided;
    }

    private FulfilmentReport Build(FulfilmentVersion version, IReadOnlyDictionary<string, int> decided) =>
        FulfilmentReportBuilder.Build(reference, version.Year, version.Period, version.Rows, decided);

    private static MissingInputException NoStatistics(int year) => new("fulfilment-missing",
        $"Ingen anvisningsstatistik är inläst för {year}. Läs in Migrationsverkets fil med 'kommuntal fulfilment import'.",
        $"No assignment statistics are imported for {year}. Import Migrationsverket's file with 'kommuntal fulfilment import'.");
}
