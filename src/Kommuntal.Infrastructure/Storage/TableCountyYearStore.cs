using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Text;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// County-years in the "countyyears" table; one partition per county and year ("2022-18"). Rows:
/// "state" (the head every change updates under its ETag), "draft-0001", "decision-0001" with
/// "decision-0001-m-1880" per municipality, "outbox-{id}" (the notification outbox and sent-ledger)
/// and "audit-{ticks}-{seq}". See docs/storage.md.
/// </summary>
public sealed class TableCountyYearStore(StorageClients clients) : ICountyYearStore
{
    private TableClient Table => clients.CountyYears;

    public async Task<CountyYearSnapshot> LoadAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var pk = TableKeys.CountyYear(year, countyCode);
        // Everything but the audit rows, in one query.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and (RowKey lt {"audit-"} or RowKey ge {"audit."})");
        TableEntity? state = null;
        var drafts = new List<Draft>();
        var decisionRows = new List<TableEntity>();
        var numberRows = new List<TableEntity>();
        var outbox = new List<OutboxMessage>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            switch (e.GetString("EntityType"))
            {
                case "state": state = e; break;
                case "draft": drafts.Add(ReadDraft(e)); break;
                case "decision": decisionRows.Add(e); break;
                case "decision-number": numberRows.Add(e); break;
                case "outbox": outbox.Add(ReadOutbox(e)); break;
            }
        }
        var decisions = decisionRows.Select(d => ReadDecision(d, numberRows)).OrderBy(d => d.Version).ToList();
        var s = state is null ? new CountyYearState(year, countyCode) : ReadState(year, countyCode, state);
        return new CountyYearSnapshot(s, drafts.OrderBy(d => d.Number).ToList(), decisions,
            outbox.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList(), state?.ETag.ToString());
    }

    public async Task<IReadOnlyList<CountyYearSummary>> ListSummariesAsync(int year, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var y = TableKeys.Year(year);
        var rows = TableClient.CreateQueryFilter(
            $"PartitionKey ge {y + "-"} and PartitionKey lt {y + "."} and (EntityType eq {"state"} or EntityType eq {"decision"} or EntityType eq {"outbox"})");
        var consulted = TableClient.CreateQueryFilter(
            $"PartitionKey ge {y + "-"} and PartitionKey lt {y + "."} and RowKey ge {"draft-"} and RowKey lt {"draft."} and ConsultationDeadline ge {""}");
        var deadlinesTask = Task.Run(async () =>
        {
            var deadlines = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var e in Table.QueryAsync<TableEntity>(consulted, select: ["PartitionKey", "RowKey", "ConsultationDeadline"], cancellationToken: cancellationToken))
                if (e.GetString("ConsultationDeadline") is { } d && (!deadlines.TryGetValue(e.PartitionKey, out var seen) || string.CompareOrdinal(e.RowKey, seen.Split('|')[0]) > 0))
                    deadlines[e.PartitionKey] = e.RowKey + "|" + d;
            return deadlines;
        }, cancellationToken);
        var states = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var decisions = new Dictionary<string, List<Decision>>(StringComparer.Ordinal);
        var outbox = new Dictionary<string, List<OutboxMessage>>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>(rows, cancellationToken: cancellationToken))
        {
            switch (e.GetString("EntityType"))
            {
                case "state": states[e.PartitionKey] = e; break;
                case "decision": (decisions.TryGetValue(e.PartitionKey, out var d) ? d : decisions[e.PartitionKey] = []).Add(ReadDecision(e, null)); break;
                case "outbox": (outbox.TryGetValue(e.PartitionKey, out var o) ? o : outbox[e.PartitionKey] = []).Add(ReadOutbox(e)); break;
            }
        }
        var deadlines = await deadlinesTask;
        return states.Select(kv =>
        {
            var (yr, county) = SplitPartition(kv.Key);
            DateOnly? deadline = deadlines.TryGetValue(kv.Key, out var dl)
                ? DateOnly.ParseExact(dl.Split('|')[1], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
            return new CountyYearSummary(ReadState(yr, county, kv.Value),
                (decisions.GetValueOrDefault(kv.Key) ?? []).OrderBy(d => d.Version).ToList(),
                (outbox.GetValueOrDefault(kv.Key) ?? []).OrderBy(m => m.CreatedAt).ToList(), deadline);
        }).OrderBy(s => s.State.CountyCode, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<CountyYearState>> ListStatesAsync(int year, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var y = TableKeys.Year(year);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {y + "-"} and PartitionKey lt {y + "."} and RowKey eq {"state"}");
        var list = new List<CountyYearState>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var (yr, county) = SplitPartition(e.PartitionKey);
            list.Add(ReadState(yr, county, e));
        }
        return list.OrderBy(s => s.CountyCode, StringComparer.Ordinal).ToList();
    }

    public async Task<CountyYearSnapshot> CommitAsync(CountyYearSnapshot basis, CountyYearChange change, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var st = change.NewState;
        var pk = TableKeys.CountyYear(st.Year, st.CountyCode);
        var actions = new List<TableTransactionAction>();
        var stateEntity = WriteState(pk, st);
        actions.Add(basis.ETag is null
            ? new TableTransactionAction(TableTransactionActionType.Add, stateEntity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, stateEntity, new ETag(basis.ETag)));
        foreach (var d in change.NewDrafts)
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, WriteDraft(pk, d)));
        foreach (var d in change.UpdatedDrafts)
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, WriteDraft(pk, d)));
        foreach (var d in change.Decisions)
        {
            var exists = basis.Decisions.Any(x => x.Version == d.Version);
            actions.Add(new TableTransactionAction(exists ? TableTransactionActionType.UpsertReplace : TableTransactionActionType.Add, WriteDecision(pk, d)));
            if (!exists)
                foreach (var n in d.Numbers)
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, WriteNumber(pk, d.Version, n)));
        }
        foreach (var o in change.NewOutbox)
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, WriteOutbox(pk, o)));
        var firstSeq = st.AuditSequence - change.Audit.Count + 1;
        for (var i = 0; i < change.Audit.Count; i++)
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, WriteAudit(pk, change.Audit[i], $"{firstSeq + i:D8}")));
        TableKeys.GuardTransaction(actions);
        Response<IReadOnlyList<Response>> response;
        try
        {
            response = await Table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException(
                $"County-year {pk} was changed by someone else (HTTP {ex.Status}); reload and try again.", ex);
        }
        var etag = response.Value[0].Headers.ETag?.ToString();
        var outboxEtags = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
            if (actions[i].Entity.RowKey.StartsWith("outbox-", StringComparison.Ordinal))
                outboxEtags[actions[i].Entity.RowKey["outbox-".Length..]] = response.Value[i].Headers.ETag?.ToString();
        var stored = change with { NewOutbox = change.NewOutbox.Select(o => o with { ETag = outboxEtags.GetValueOrDefault(o.Id) }).ToList() };
        return basis.Apply(stored, etag);
    }

    public async Task<OutboxMessage> UpdateOutboxAsync(int year, string countyCode, OutboxMessage message, CancellationToken cancellationToken, AuditEntry? audit = null,
        OutboxMessage? added = null)
    {
        var pk = TableKeys.CountyYear(year, countyCode);
        var entity = WriteOutbox(pk, message);
        var etag = message.ETag is null ? ETag.All : new ETag(message.ETag);
        try
        {
            if (audit is null && added is null)
            {
                var response = await Table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
                return message with { ETag = response.Headers.ETag?.ToString() };
            }
            // The ledger row, the audit line that records it and the row it adds: one transaction, so a
            // failure between them can never leave a message marked sent without its audit line.
            await clients.EnsureCreatedAsync();
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, entity, etag) };
            if (audit is not null) actions.Add(new(TableTransactionActionType.Add, WriteStandaloneAudit(pk, audit)));
            if (added is not null) actions.Add(new(TableTransactionActionType.Add, WriteOutbox(pk, added)));
            TableKeys.GuardTransaction(actions);
            var batch = await Table.SubmitTransactionAsync(actions, cancellationToken);
            return message with { ETag = batch.Value[0].Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"Outbox message {message.Id} was changed by someone else.", ex);
        }
    }

    public async Task<(OutboxMessage Updated, OutboxMessage? Next)> UpdateOutboxAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit,
        OutboxMessage next, CancellationToken cancellationToken)
    {
        var pk = TableKeys.CountyYear(year, countyCode);
        // Both rows are conditional on the ETag they were read or written with; never an unconditional overwrite.
        static ETag Etag(OutboxMessage m) => m.ETag is { } e ? new ETag(e)
            : throw new InvalidOperationException($"Outbox message {m.Id} has no ETag to update it under.");
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, WriteOutbox(pk, message), Etag(message)) };
        if (audit is not null) actions.Add(new(TableTransactionActionType.Add, WriteStandaloneAudit(pk, audit)));
        actions.Add(new(TableTransactionActionType.UpdateReplace, WriteOutbox(pk, next), Etag(next)));
        TableKeys.GuardTransaction(actions);
        try
        {
            var batch = await Table.SubmitTransactionAsync(actions, cancellationToken);
            return (message with { ETag = batch.Value[0].Headers.ETag?.ToString() }, next with { ETag = batch.Value[^1].Headers.ETag?.ToString()
                ?? throw new InvalidOperationException($"Storage returned no ETag for outbox message {next.Id}.") });
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // One of the two rows was changed by someone else (nothing was written): the message alone
            // tells which. If it goes through, the next one was taken; if not, it throws the conflict.
            return (await UpdateOutboxAsync(year, countyCode, message, cancellationToken, audit), null);
        }
    }

    public async Task AppendAuditAsync(int year, string countyCode, AuditEntry entry, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        await Table.AddEntityAsync(WriteStandaloneAudit(TableKeys.CountyYear(year, countyCode), entry), cancellationToken);
    }

    public async Task<bool> AppendAuditOnceAsync(int year, string countyCode, string onceKey, AuditEntry entry, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var pk = TableKeys.CountyYear(year, countyCode);
        var marker = new TableEntity(pk, "auditonce-" + DeterministicId.For(onceKey)) { ["EntityType"] = "audit-once", ["OnceKey"] = onceKey };
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, marker),
            new(TableTransactionActionType.Add, WriteStandaloneAudit(pk, entry)),
        ];
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false; // written before (by an earlier attempt or another runner)
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var list = new List<(string Key, AuditEntry Entry)>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableKeys.PrefixFilter(TableKeys.CountyYear(year, countyCode), "audit-"), cancellationToken: cancellationToken))
            list.Add((e.RowKey, new AuditEntry(e.GetDateTimeOffset("At")!.Value, e.GetString("Actor"), e.GetString("Action"), e.GetString("Details"), e.GetString("ContentSha256"))
            {
                CorrelationId = e.GetString("CorrelationId"),
            }));
        return list.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Entry).ToList();
    }

    public async Task<IReadOnlyList<(int Year, string CountyCode, OutboxMessage Message)>> FindPendingOutboxAsync(CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"EntityType eq {"outbox"} and (Status eq {nameof(NotificationStatus.Pending)} or Status eq {nameof(NotificationStatus.Sending)})");
        var list = new List<(int, string, OutboxMessage)>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var (year, county) = SplitPartition(e.PartitionKey);
            list.Add((year, county, ReadOutbox(e)));
        }
        return list;
    }

    public async Task<IReadOnlyList<(int Year, string CountyCode, Decision Decision)>> ListPublishedAsync(int? year, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var filter = year is { } y
            ? TableClient.CreateQueryFilter($"EntityType eq {"decision"} and HasDocument eq {true} and Year eq {y}")
            : TableClient.CreateQueryFilter($"EntityType eq {"decision"} and HasDocument eq {true}");
        var list = new List<(int, string, Decision)>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var (yr, county) = SplitPartition(e.PartitionKey);
            list.Add((yr, county, ReadDecision(e, null)));
        }
        return list.OrderBy(x => x.Item1).ThenBy(x => x.Item2, StringComparer.Ordinal).ThenBy(x => x.Item3.Version).ToList();
    }

    private static (int Year, string County) SplitPartition(string pk)
    {
        var dash = pk.IndexOf('-');
        return (int.Parse(pk[..dash], CultureInfo.InvariantCulture), pk[(dash + 1)..]);
    }

    // ---- mapping -------------------------------------------------------------------------------

    private static TableEntity WriteState(string pk, CountyYearState s) => new(pk, "state")
    {
        ["EntityType"] = "state",
        ["Year"] = s.Year,
        ["CountyCode"] = s.CountyCode,
        ["Status"] = s.Status.ToString(),
        ["QuotaVersion"] = s.QuotaVersion,
        ["Lanstal"] = s.Lanstal,
        ["LatestDraft"] = s.LatestDraft,
        ["CurrentDecision"] = s.CurrentDecision,
        ["NeedsNewDecision"] = s.NeedsNewDecision,
        ["WishesJson"] = KommuntalJson.Serialize(s.Wishes),
        ["AuditSequence"] = s.AuditSequence,
        ["UpdatedAt"] = s.UpdatedAt,
    };

    private static CountyYearState ReadState(int year, string county, TableEntity e) => new(year, county)
    {
        Status = Enum.Parse<CountyYearStatus>(e.GetString("Status")),
        QuotaVersion = e.GetInt32("QuotaVersion") ?? 0,
        Lanstal = e.GetInt32("Lanstal") ?? 0,
        LatestDraft = e.GetInt32("LatestDraft") ?? 0,
        CurrentDecision = e.GetInt32("CurrentDecision") ?? 0,
        NeedsNewDecision = e.GetBoolean("NeedsNewDecision") ?? false,
        Wishes = KommuntalJson.Deserialize<List<Deviation>>(e.GetString("WishesJson") ?? "[]"),
        AuditSequence = e.GetInt64("AuditSequence") ?? 0,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt"),
    };

    private static TableEntity WriteDraft(string pk, Draft d)
    {
        var e = new TableEntity(pk, "draft-" + TableKeys.Number(d.Number))
        {
            ["EntityType"] = "draft",
            ["Number"] = d.Number,
            ["QuotaVersion"] = d.QuotaVersion,
            ["Lanstal"] = d.Lanstal,
            ["Purpose"] = d.Purpose,
            ["IndicatorsSource"] = d.IndicatorsSource,
            ["DeviationsJson"] = KommuntalJson.Serialize(d.Deviations),
            ["ModelVersion"] = d.Result.Parameters.Version,
            ["CreatedBy"] = d.CreatedBy,
            ["CreatedAt"] = d.CreatedAt,
        };
        TableKeys.SetLargeText(e, "ResultJson", KommuntalJson.Serialize(d.Result));
        if (d.Consultation is { } c)
        {
            e["ConsultationPath"] = c.Document.Path;
            e["ConsultationSha256"] = c.Document.Sha256;
            e["ConsultationSize"] = c.Document.Size;
            e["ConsultationPublishedAt"] = c.Document.PublishedAt;
            e["ConsultationDeadline"] = SwedishFormat.IsoDate(c.Deadline);
            e["ConsultationSentBy"] = c.SentBy;
        }
        return e;
    }

    private static Draft ReadDraft(TableEntity e) => new()
    {
        Number = e.GetInt32("Number")!.Value,
        QuotaVersion = e.GetInt32("QuotaVersion")!.Value,
        Lanstal = e.GetInt32("Lanstal")!.Value,
        Purpose = e.GetString("Purpose"),
        IndicatorsSource = e.GetString("IndicatorsSource") ?? "",
        Deviations = KommuntalJson.Deserialize<List<Deviation>>(e.GetString("DeviationsJson") ?? "[]"),
        Result = KommuntalJson.Deserialize<AllocationResult>(TableKeys.GetLargeText(e, "ResultJson")!),
        CreatedBy = e.GetString("CreatedBy"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        Consultation = e.GetString("ConsultationPath") is { } path
            ? new Consultation(
                new PublishedDocument(DocumentKind.Proposal, path, e.GetString("ConsultationSha256"), e.GetInt64("ConsultationSize") ?? 0,
                    e.GetDateTimeOffset("ConsultationPublishedAt")!.Value),
                DateOnly.ParseExact(e.GetString("ConsultationDeadline"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                e.GetString("ConsultationSentBy") ?? "")
            : null,
    };

    private sealed record NumberSummary(string Code, string Name, int Kommuntal, int? Previous);

    private static TableEntity WriteDecision(string pk, Decision d) => new(pk, "decision-" + TableKeys.Number(d.Version))
    {
        ["EntityType"] = "decision",
        ["Year"] = SplitPartition(pk).Year,
        ["Version"] = d.Version,
        ["DraftNumber"] = d.DraftNumber,
        ["Status"] = d.Status.ToString(),
        ["DecisionDate"] = SwedishFormat.IsoDate(d.DecisionDate),
        ["Diarienummer"] = d.Diarienummer,
        ["DecidedBy"] = d.DecidedBy,
        ["PresentedBy"] = d.PresentedBy,
        ["Lanstal"] = d.Lanstal,
        ["QuotaVersion"] = d.QuotaVersion,
        ["ModelVersion"] = d.ModelVersion,
        ["Supersedes"] = d.Supersedes,
        ["SupersededBy"] = d.SupersededBy,
        ["TextsJson"] = KommuntalJson.Serialize(d.Texts),
        ["NumbersJson"] = KommuntalJson.Serialize(d.Numbers.Select(n => new NumberSummary(n.MunicipalityCode, n.Name, n.Kommuntal, n.Previous))),
        ["HasDocument"] = d.Document is not null,
        ["DocumentKind"] = d.Document?.Kind.ToString(),
        ["DocumentPath"] = d.Document?.Path,
        ["DocumentSha256"] = d.Document?.Sha256,
        ["DocumentSize"] = d.Document?.Size,
        ["PublishedAt"] = d.Document?.PublishedAt,
        ["DecidedAt"] = d.DecidedAt,
        ["RecordedBy"] = d.RecordedBy,
    };

    private static TableEntity WriteNumber(string pk, int version, DecidedNumber n)
    {
        var e = new TableEntity(pk, $"decision-{TableKeys.Number(version)}-m-{n.MunicipalityCode}")
        {
            ["EntityType"] = "decision-number",
            ["Version"] = version,
            ["MunicipalityCode"] = n.MunicipalityCode,
            ["Name"] = n.Name,
            ["Kommuntal"] = n.Kommuntal,
            ["Previous"] = n.Previous,
        };
        if (n.Explanation is not null) TableKeys.SetLargeText(e, "ExplanationJson", KommuntalJson.Serialize(n.Explanation));
        return e;
    }

    /// <summary>Reads a decision row; with <paramref name="numberRows"/> the explanations are attached too.</summary>
    private static Decision ReadDecision(TableEntity e, IReadOnlyList<TableEntity>? numberRows)
    {
        var version = e.GetInt32("Version")!.Value;
        var explanations = numberRows?
            .Where(r => r.GetInt32("Version") == version)
            .ToDictionary(r => r.GetString("MunicipalityCode"), r => TableKeys.GetLargeText(r, "ExplanationJson"), StringComparer.Ordinal);
        var numbers = KommuntalJson.Deserialize<List<NumberSummary>>(e.GetString("NumbersJson"))
            .Select(n => new DecidedNumber(n.Code, n.Name, n.Kommuntal, n.Previous,
                explanations is not null && explanations.TryGetValue(n.Code, out var json) && json is not null
                    ? KommuntalJson.Deserialize<MunicipalExplanation>(json) : null))
            .ToList();
        PublishedDocument? doc = e.GetBoolean("HasDocument") == true
            ? new PublishedDocument(Enum.Parse<DocumentKind>(e.GetString("DocumentKind")), e.GetString("DocumentPath"), e.GetString("DocumentSha256"),
                e.GetInt64("DocumentSize") ?? 0, e.GetDateTimeOffset("PublishedAt")!.Value)
            : null;
        return new Decision
        {
            Version = version,
            DraftNumber = e.GetInt32("DraftNumber")!.Value,
            Status = Enum.Parse<DecisionStatus>(e.GetString("Status")),
            DecisionDate = DateOnly.ParseExact(e.GetString("DecisionDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Diarienummer = e.GetString("Diarienummer"),
            DecidedBy = e.GetString("DecidedBy"),
            PresentedBy = e.GetString("PresentedBy"),
            Lanstal = e.GetInt32("Lanstal")!.Value,
            QuotaVersion = e.GetInt32("QuotaVersion")!.Value,
            ModelVersion = e.GetString("ModelVersion"),
            Supersedes = e.GetInt32("Supersedes"),
            SupersededBy = e.GetInt32("SupersededBy"),
            Texts = KommuntalJson.Deserialize<DecisionTexts>(e.GetString("TextsJson") ?? "{}"),
            Numbers = numbers,
            Document = doc,
            DecidedAt = e.GetDateTimeOffset("DecidedAt")!.Value,
            RecordedBy = e.GetString("RecordedBy"),
        };
    }

    internal static TableEntity WriteOutbox(string pk, OutboxMessage o) => new(pk, "outbox-" + o.Id)
    {
        ["EntityType"] = "outbox",
        ["Id"] = o.Id,
        ["Kind"] = o.Kind.ToString(),
        ["SourceVersion"] = o.SourceVersion,
        ["RecipientKey"] = o.RecipientKey,
        ["RecipientEmail"] = o.RecipientEmail,
        ["RecipientName"] = o.RecipientName,
        ["Status"] = o.Status.ToString(),
        ["Attempts"] = o.Attempts,
        ["NextAttemptAt"] = o.NextAttemptAt,
        ["SentAt"] = o.SentAt,
        ["ProviderStatus"] = o.ProviderStatus,
        ["LastError"] = o.LastError is { Length: > 2000 } err ? err[..2000] : o.LastError,
        ["CreatedAt"] = o.CreatedAt,
        ["Sender"] = o.Sender,
        ["NextStatusCheckAt"] = o.NextStatusCheckAt,
        ["StatusChecks"] = o.StatusChecks,
        ["DeliveryStatusAt"] = o.DeliveryStatusAt,
        ["RelatesTo"] = o.RelatesTo,
    };

    internal static OutboxMessage ReadOutbox(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        Kind = Enum.Parse<DocumentKind>(e.GetString("Kind")),
        SourceVersion = e.GetInt32("SourceVersion")!.Value,
        RecipientKey = e.GetString("RecipientKey"),
        RecipientEmail = e.GetString("RecipientEmail"),
        RecipientName = e.GetString("RecipientName"),
        Status = Enum.Parse<NotificationStatus>(e.GetString("Status")),
        Attempts = e.GetInt32("Attempts") ?? 0,
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        SentAt = e.GetDateTimeOffset("SentAt"),
        ProviderStatus = e.GetString("ProviderStatus"),
        LastError = e.GetString("LastError"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        Sender = e.GetString("Sender"),
        NextStatusCheckAt = e.GetDateTimeOffset("NextStatusCheckAt"),
        StatusChecks = e.GetInt32("StatusChecks") ?? 0,
        DeliveryStatusAt = e.GetDateTimeOffset("DeliveryStatusAt"),
        RelatesTo = e.GetString("RelatesTo"),
        ETag = e.ETag.ToString(),
    };

    /// <summary>An audit row written outside a county-year change (no sequence number): a random suffix keeps rows of the same instant apart.</summary>
    internal static TableEntity WriteStandaloneAudit(string pk, AuditEntry a) => WriteAudit(pk, a, "x" + Guid.NewGuid().ToString("N")[..12]);

    private static TableEntity WriteAudit(string pk, AuditEntry a, string suffix) =>
        new(pk, $"audit-{a.At.UtcTicks:D19}-{suffix}")
        {
            ["EntityType"] = "audit",
            ["At"] = a.At,
            ["Actor"] = a.Actor,
            ["Action"] = a.Action,
            ["Details"] = a.Details,
            ["ContentSha256"] = a.ContentSha256,
            ["CorrelationId"] = a.CorrelationId ?? Application.Correlation.Current,
        };
}
