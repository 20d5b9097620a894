using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Validation;

namespace Kommuntal.Application.Services;

public enum InboxFileStatus
{
    /// <summary>Imported (or the same content was already stored); moved to processed/.</summary>
    Accepted,
    /// <summary>Refused with its problems; moved to rejected/ with an errors sidecar.</summary>
    Rejected,
    /// <summary>Another run holds it, or it changed since it was listed; left for the next run.</summary>
    Skipped,
    /// <summary>A storage error or a lost race; left in the inbox for the next run.</summary>
    Failed,
}

/// <summary>What happened to one inbox file.</summary>
public sealed record InboxFileResult(string Path, InboxFileStatus Status, string? MovedTo, IReadOnlyList<ValidationProblem> Problems, string? Error = null);

public sealed record InboxRunReport(IReadOnlyList<InboxFileResult> Files)
{
    public int Count(InboxFileStatus status) => Files.Count(f => f.Status == status);
}

/// <summary>
/// Imports the files waiting in the blob inbox through the same services as HTTP and the CLI. Each
/// file is claimed first (a blob lease: a second, concurrent run skips it), imported (idempotent by
/// content, so a file a crashed run already imported is not stored twice), then moved to
/// processed/ with a result sidecar or to rejected/ with an errors sidecar. Files over the size
/// limit are rejected from their listed size without being read.
/// </summary>
public sealed class InboxService(
    IInbox inbox,
    QuotaImportService quotas,
    IndicatorImportService indicators,
    WishImportService wishes,
    ShareImportService shares,
    FulfilmentService fulfilment,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<InboxService> logger)
{
    public async Task<InboxRunReport> RunAsync(string actor, CancellationToken cancellationToken)
    {
        var results = new List<InboxFileResult>();
        var items = await inbox.ListAsync(cancellationToken);
        foreach (var item in items.Take(Math.Max(1, options.Value.InboxMaxFilesPerRun)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await ProcessAsync(item, actor, cancellationToken));
        }
        var report = new InboxRunReport(results);
        if (results.Count > 0)
            logger.LogInformation("Inbox: {Accepted} accepted, {Rejected} rejected, {Skipped} skipped, {Failed} failed",
                report.Count(InboxFileStatus.Accepted), report.Count(InboxFileStatus.Rejected), report.Count(InboxFileStatus.Skipped), report.Count(InboxFileStatus.Failed));
        return report;
    }

    private async Task<InboxFileResult> ProcessAsync(InboxItem item, string actor, CancellationToken cancellationToken)
    {
        var lease = TimeSpan.FromSeconds(Math.Clamp(options.Value.InboxLeaseSeconds, 15, 60));
        await using var claim = await inbox.TryClaimAsync(item, lease, cancellationToken);
        if (claim is null) return new InboxFileResult(item.Path, InboxFileStatus.Skipped, null, []);
        try
        {
            var route = InboxPaths.Parse(item.Path, out var pathProblem);
            if (route is null) return await RejectAsync(claim, [pathProblem!], cancellationToken);
            if (item.Size > options.Value.MaxFileBytes)
                return await RejectAsync(claim, [IngestionRules.TooLarge(route.FileName, item.Size, options.Value.MaxFileBytes)], cancellationToken);
            var file = new InputFile(route.FileName, await claim.ReadAsync(cancellationToken));
            var who = $"{actor}:{item.Path}";
            object result = route.Kind switch
            {
                InputKind.Quota => Describe(await quotas.ImportAsync(file, route.Year, who, cancellationToken)),
                InputKind.Indicators => Describe(await indicators.ImportAsync(file, route.Year, who, cancellationToken)),
                InputKind.Shares => Describe(await shares.ImportSharesAsync(file, route.Year, who, cancellationToken)),
                InputKind.ShareRequests => Describe(await shares.ImportRequestsAsync(file, route.Year, route.CountyCode!, who, cancellationToken)),
                InputKind.Fulfilment => Describe(await fulfilment.ImportAsync(file, route.Year, route.Period, who, cancellationToken)),
                _ => Describe(await wishes.ImportAsync(file, route.Year, route.CountyCode!, who, cancellationToken)),
            };
            var sidecar = KommuntalJson.Serialize(new { status = "accepted", path = item.Path, kind = route.Kind, processedAt = clock.GetUtcNow(), result }, indented: true);
            var moved = await claim.CompleteAsync(accepted: true, sidecar, cancellationToken);
            logger.LogInformation("Inbox: {Path} imported, moved to {MovedTo}", item.Path, moved);
            return new InboxFileResult(item.Path, InboxFileStatus.Accepted, moved, []);
        }
        catch (ValidationFailedException ex)
        {
            return await RejectAsync(claim, ex.Problems, cancellationToken);
        }
        catch (InvalidTransitionException ex)
        {
            var name = item.Path.Split('/')[^1];
            return await RejectAsync(claim, [new ValidationProblem(name, null, null, "invalid-transition", ex.MessageSv, ex.Message)], cancellationToken);
        }
        catch (MissingInputException ex)
        {
            var name = item.Path.Split('/')[^1];
            return await RejectAsync(claim, [new ValidationProblem(name, null, null, ex.Code, ex.MessageSv, ex.Message)], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left in the inbox (the claim is released): the next run tries again.
            logger.LogError(ex, "Inbox: {Path} could not be imported; it stays in the inbox for the next run", item.Path);
            return new InboxFileResult(item.Path, InboxFileStatus.Failed, null, [], ex.Message);
        }
    }

    private async Task<InboxFileResult> RejectAsync(IInboxClaim claim, IReadOnlyList<ValidationProblem> problems, CancellationToken cancellationToken)
    {
        var sidecar = KommuntalJson.Serialize(new
        {
            status = "rejected",
            path = claim.Item.Path,
            processedAt = clock.GetUtcNow(),
            detail = $"{problems.Count} problem(s) found; nothing was stored. / {problems.Count} problem hittades; inget sparades.",
            errors = problems.Select(p => new { file = p.File, line = p.Line, cell = p.Cell, field = p.Field, code = p.Code, message = p.MessageEn, messageSv = p.MessageSv }),
        }, indented: true);
        var moved = await claim.CompleteAsync(accepted: false, sidecar, cancellationToken);
        logger.LogWarning("Inbox: {Path} rejected with {Count} problem(s), moved to {MovedTo}", claim.Item.Path, problems.Count, moved);
        return new InboxFileResult(claim.Item.Path, InboxFileStatus.Rejected, moved, problems);
    }

    private static object Describe(QuotaImportOutcome o) => new
    {
        year = o.Version.Year, version = o.Version.Version, created = o.Created, sha256 = o.Version.Source.Sha256, total = o.Version.Quota.Total,
        statute = o.Version.Quota.StatuteReference, changedCounties = o.ChangedCounties, flaggedCounties = o.FlaggedCounties,
    };

    private static object Describe(IndicatorImportOutcome o) => new
    {
        year = o.Version.Year, version = o.Version.Version, created = o.Created, sha256 = o.Version.Source.Sha256,
        municipalities = o.Version.Indicators.Rows.Count, columns = o.Version.Columns,
    };

    private static object Describe(ShareImportOutcome o) => new
    {
        year = o.Version.Year, version = o.Version.Version, created = o.Created, sha256 = o.Version.Source.Sha256, counties = o.Counties,
        municipalities = o.Version.Shares.Count,
        requestsNoLongerFit = o.RequestsNoLongerFit.Select(r => new { county = r.CountyCode, file = r.FileName, problems = r.Problems.Select(p => p.MessageEn) }),
    };

    private static object Describe(ShareRequestImportOutcome o) => new
    {
        year = o.Version.Year, county = o.Version.CountyCode, version = o.Version.Version, created = o.Created, sha256 = o.Version.Source.Sha256,
        requests = o.Version.Requests.Count, transfers = o.Shares?.Transfers.Count, notApplied = o.Shares?.NotApplied.Count,
    };

    private static object Describe(FulfilmentImportOutcome o) => new
    {
        year = o.Version.Year, period = o.Version.Period, version = o.Version.Version, created = o.Created, sha256 = o.Version.Source.Sha256,
        municipalities = o.Version.Rows.Count,
    };

    private static object Describe(WishImportOutcome o) => new
    {
        year = o.Version.Year, county = o.Version.CountyCode, version = o.Version.Version, created = o.Created, sha256 = o.Version.Source.Sha256,
        wishes = o.Version.Wishes.Count, recordedNow = o.RecordedNow,
    };
}
