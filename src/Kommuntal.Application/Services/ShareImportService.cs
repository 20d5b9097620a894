using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Unaccompanied;
using Kommuntal.Core.Validation;

namespace Kommuntal.Application.Services;

/// <summary>
/// The outcome of an accepted shares file: the version, whether it is new, the counties the file
/// covered, and the counties whose requests on record no longer fit the new shares.
/// </summary>
public sealed record ShareImportOutcome(ShareVersion Version, bool Created, IReadOnlyList<string> Counties, IReadOnlyList<ShareRequestsNoLongerFitting> RequestsNoLongerFit);

/// <summary>A county's requests on record (from <paramref name="FileName"/>) whose transfers the new shares no longer allow, and why.</summary>
public sealed record ShareRequestsNoLongerFitting(string CountyCode, string FileName, IReadOnlyList<ValidationProblem> Problems);

/// <summary>The outcome of an accepted request file: the version, whether it is new, and the county's shares after the requests (null while no shares are on record).</summary>
public sealed record ShareRequestImportOutcome(ShareRequestVersion Version, bool Created, CountyShares? Shares);

/// <summary>
/// Imports the shares for unaccompanied children (andelstal) and a county's requests about them
/// (HTTP upload, inbox timer and CLI all come here): refuse files over the size limit, parse and
/// validate in the core, check the transfers against the shares on record (both municipalities in
/// the county, never below 0 ‰, the county's sum conserved), store as an immutable version. The next
/// proposal for the county-year carries the county's shares before and after (<see cref="CountySharesAsync"/>).
/// </summary>
public sealed class ShareImportService(
    ShareFileParser parser,
    ShareRequestFileParser requestParser,
    IShareStore store,
    ICountyYearStore countyYears,
    ReferenceData reference,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<ShareImportService> logger)
{
    /// <summary>Parses and validates a shares file without storing anything; the year is the file's, else <paramref name="year"/>.</summary>
    public ShareFile ValidateShares(InputFile file, int? year) =>
        parser.Read(file, year, options.Value.Admit(file));

    public async Task<ShareImportOutcome> ImportSharesAsync(InputFile file, int? year, string actor, CancellationToken cancellationToken)
    {
        var parsed = ValidateShares(file, year);
        var counties = parsed.Counties(reference);
        var source = InputSource.Of(file, actor, clock.GetUtcNow(), parsed.Format);
        var saved = await store.SaveSharesAsync(parsed.Year, parsed.Shares, counties, source, cancellationToken);
        logger.LogInformation("Andelstal {Year} v{Version} from {File} ({Counties} counties, {Sha}): {Outcome}", parsed.Year, saved.Version.Version, file.Name,
            counties.Count, source.Sha256, saved.Created ? "stored" : "already stored");
        await countyYears.AppendAuditOnceAsync(parsed.Year, NationalAudit.CountyCode, $"andelstal-imported-{parsed.Year}-v{saved.Version.Version}",
            new AuditEntry(source.UploadedAt, actor, "andelstal.imported",
                $"Andelstal för ensamkommande barn {parsed.Year} version {saved.Version.Version} från {file.Name} ({counties.Count} län).", source.Sha256), cancellationToken);
        var stale = await RequestsNoLongerFittingAsync(saved.Version, counties, actor, cancellationToken);
        return new ShareImportOutcome(saved.Version, saved.Created, counties, stale);
    }

    /// <summary>
    /// The counties (of those the file covered) whose requests on record the new shares no longer
    /// allow, e.g. a transfer now larger than the giver's share. The shares are Migrationsverket's, so
    /// they are stored all the same; each such county gets an audit line, and its next proposal is
    /// refused (naming the request file) until it uploads requests that fit.
    /// </summary>
    private async Task<IReadOnlyList<ShareRequestsNoLongerFitting>> RequestsNoLongerFittingAsync(ShareVersion shares, IReadOnlyList<string> counties, string actor,
        CancellationToken cancellationToken)
    {
        var stale = new List<ShareRequestsNoLongerFitting>();
        foreach (var code in counties)
        {
            if (await store.GetRequestsAsync(shares.Year, code, cancellationToken) is not { Requests.Count: > 0 } requests) continue;
            try
            {
                ShareRedistribution.Apply(shares.Year, code, shares.OfCounty(code, reference), requests.Requests, reference, "", requests.Source.FileName);
            }
            catch (ValidationFailedException e)
            {
                stale.Add(new ShareRequestsNoLongerFitting(code, requests.Source.FileName, e.Problems));
                logger.LogWarning("Andelstal {Year} v{Version}: the requests of {County} (v{Requests}, {File}) no longer fit: {Problems}", shares.Year, shares.Version, code,
                    requests.Version, requests.Source.FileName, string.Join("; ", e.Problems.Select(p => p.MessageEn)));
                await countyYears.AppendAuditOnceAsync(shares.Year, code, $"andelstal-requests-no-longer-fit-{shares.Year}-{code}-v{shares.Version}",
                    new AuditEntry(clock.GetUtcNow(), actor, "andelstal.requests-no-longer-fit",
                        $"Begäranden om andelstal version {requests.Version} ({requests.Source.FileName}) går inte att tillämpa på andelstal version {shares.Version}: "
                        + string.Join(" ", e.Problems.Select(p => p.MessageSv)) + " Ladda upp nya begäranden innan nästa förslag."), cancellationToken);
            }
        }
        return stale;
    }

    /// <summary>Parses and validates a request file without storing anything (the transfers are checked against the shares when the import stores it).</summary>
    public ShareRequestFile ValidateRequests(InputFile file, int? year, string countyCode) =>
        requestParser.Read(file, year, countyCode, options.Value.Admit(file));

    public async Task<ShareRequestImportOutcome> ImportRequestsAsync(InputFile file, int? year, string countyCode, string actor, CancellationToken cancellationToken)
    {
        var parsed = ValidateRequests(file, year, countyCode);
        var shares = await store.GetSharesAsync(parsed.Year, cancellationToken);
        var county = reference.County(parsed.CountyCode);
        var recorded = shares?.OfCounty(county.Code, reference) ?? [];
        if (recorded.Count == 0 && parsed.Requests.Any(r => r.Kind == ShareRequestKind.Transfer))
            throw new MissingInputException("missing-andelstal",
                $"Det finns inga andelstal för {county.Name} {parsed.Year}, så omfördelningarna kan inte prövas. Importera dem först med `kommuntal andelstal import FIL --year {parsed.Year}` (eller POST /api/andelstal/{parsed.Year}).",
                $"There are no shares for {county.Name} in {parsed.Year}, so the transfers cannot be checked. Import them first with `kommuntal andelstal import FILE --year {parsed.Year}` (or POST /api/andelstal/{parsed.Year}).");
        // Every transfer is checked against the shares on record before anything is stored (problems name the file's lines).
        var outcome = recorded.Count == 0 ? null
            : ShareRedistribution.Apply(parsed.Year, county.Code, recorded, parsed.Requests, reference, "", file.Name, parsed.Lines);
        var snapshot = await countyYears.LoadAsync(parsed.Year, county.Code, cancellationToken);
        CountyYearRules.EnsureInputsMayChange(snapshot, "Begäranden om andelstal", "Share requests");
        var source = InputSource.Of(file, actor, clock.GetUtcNow(), parsed.Format);
        var saved = await store.SaveRequestsAsync(parsed.Year, county.Code, parsed.Requests, source, cancellationToken);
        logger.LogInformation("Andelstal requests {Year}-{County} v{Version} from {File} ({Count} requests, {Sha}): {Outcome}", parsed.Year, county.Code,
            saved.Version.Version, file.Name, parsed.Requests.Count, source.Sha256, saved.Created ? "stored" : "already stored");
        await countyYears.AppendAuditOnceAsync(parsed.Year, county.Code, $"andelstal-requests-{parsed.Year}-{county.Code}-v{saved.Version.Version}",
            new AuditEntry(source.UploadedAt, actor, "andelstal.requests",
                $"Begäranden om andelstal {parsed.Year} version {saved.Version.Version} från {file.Name} ({parsed.Requests.Count} st.).", source.Sha256), cancellationToken);
        return new ShareRequestImportOutcome(saved.Version, saved.Created, outcome is null || shares is null ? null
            : outcome with { Source = Describe(shares, saved.Version) });
    }

    /// <summary>
    /// The county's shares for the year before and after its recorded requests, as a draft stores
    /// them; null when no shares are on record for the county (the documents then say nothing about them).
    /// </summary>
    public async Task<CountyShares?> CountySharesAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var shares = await store.GetSharesAsync(year, cancellationToken);
        if (shares is null) return null;
        var recorded = shares.OfCounty(countyCode, reference);
        if (recorded.Count == 0) return null;
        var requests = await store.GetRequestsAsync(year, countyCode, cancellationToken);
        return ShareRedistribution.Apply(year, countyCode, recorded, requests?.Requests ?? [], reference, Describe(shares, requests),
            requests?.Source.FileName);
    }

    private static string Describe(ShareVersion shares, ShareRequestVersion? requests) =>
        requests is null ? shares.Describe() : shares.Describe() + "; " + requests.Describe();
}
