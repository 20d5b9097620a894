using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Kommuntal.Testing.InMemory;

namespace Kommuntal.Infrastructure.Tests.Storage.Contracts;

/// <summary>
/// What the outbox rows of the county-years do in every store (written with a county-year change by
/// <see cref="ICountyYearStore"/>, kept by <see cref="IOutboxStore"/>): the table adapters and
/// the in-memory fake. Each row has its own ETag; a stale update is a conflict; a row is added once.
/// </summary>
public abstract class OutboxStoreContract : StoreContract<InMemoryOrTable>
{
    private static OutboxMessage Message(string id, string recipient = "1880", NotificationStatus status = NotificationStatus.Pending) =>
        CountyYearStoreContractData.Message(id, recipient, status);

    private async Task<CountyYearSnapshot> QueuedAsync(params OutboxMessage[] outbox)
    {
        var store = Store.CountyYears;
        var s = await store.LoadAsync(2022, "18", default);
        s = s with { State = CountyYearRules.Initial(2022, "18", 1, 202) };
        return await store.CommitAsync(s, CountyYearRules.AddDraft(s, CountyYearStoreContract.DraftFor("18", 202), CountyYearStoreContract.Now) with { NewOutbox = outbox }, default);
    }

    [Fact]
    public async Task Committed_outbox_rows_carry_their_ETags_and_a_stale_update_is_a_conflict()
    {
        var s = await QueuedAsync(Message("a"), Message("b", "1881"));
        Assert.All(s.Outbox, o => Assert.NotNull(o.ETag));
        var read = await Store.CountyYears.LoadAsync(2022, "18", default);
        Assert.Equal(s.Outbox.Select(o => o.ETag), read.Outbox.Select(o => o.ETag));

        var a = read.Outbox.Single(o => o.Id == "a");
        var sending = await Store.Outbox.UpdateAsync(2022, "18", a with { Status = NotificationStatus.Sending, Attempts = 1 }, null, null, default);
        Assert.NotEqual(a.ETag, sending.ETag);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.Outbox.UpdateAsync(2022, "18", a with { Status = NotificationStatus.Failed }, null, null, default));
        var sent = await Store.Outbox.UpdateAsync(2022, "18", sending with { Status = NotificationStatus.Sent, LastError = new string('x', 2500) },
            new AuditEntry(CountyYearStoreContract.Now, "test", "notification.sent", "a"), null, default);
        var after = (await Store.CountyYears.LoadAsync(2022, "18", default)).Outbox.Single(o => o.Id == "a");
        Assert.Equal(NotificationStatus.Sent, after.Status);
        Assert.Equal(sent.ETag, after.ETag);
        Assert.Equal(2000, after.LastError!.Length);
        Assert.Contains("notification.sent", (await Store.CountyYears.ReadAuditAsync(2022, "18", default)).Select(x => x.Action));
    }

    [Fact]
    public async Task Recording_one_message_and_claiming_the_next_is_one_change_and_a_taken_next_is_left_alone()
    {
        var s = await QueuedAsync(Message("a"), Message("b", "1881"), Message("c", "1882"));
        var (a, b, c) = (s.Outbox.Single(o => o.Id == "a"), s.Outbox.Single(o => o.Id == "b"), s.Outbox.Single(o => o.Id == "c"));
        var (updated, next) = await Store.Outbox.UpdateAndClaimAsync(2022, "18", a with { Status = NotificationStatus.Sent }, null,
            b with { Status = NotificationStatus.Sending }, default);
        Assert.NotNull(next);
        Assert.Equal(NotificationStatus.Sending, next.Status);
        // c is taken by someone else before this runner records b and claims c: b is recorded alone.
        await Store.Outbox.UpdateAsync(2022, "18", c with { Status = NotificationStatus.Sending }, null, null, default);
        var (recorded, none) = await Store.Outbox.UpdateAndClaimAsync(2022, "18", next with { Status = NotificationStatus.Sent }, null,
            c with { Status = NotificationStatus.Sending, Attempts = 9 }, default);
        Assert.Null(none);
        var rows = (await Store.CountyYears.LoadAsync(2022, "18", default)).Outbox.ToDictionary(o => o.Id);
        Assert.Equal(NotificationStatus.Sent, rows["a"].Status);
        Assert.Equal(recorded.ETag, rows["b"].ETag);
        Assert.Equal(NotificationStatus.Sent, rows["b"].Status);
        Assert.Equal(0, rows["c"].Attempts);
        Assert.Equal(updated.ETag, rows["a"].ETag);
    }

    [Fact]
    public async Task Pending_messages_are_found_across_county_years_and_a_ledger_row_is_added_once()
    {
        await QueuedAsync(Message("a"), Message("b", "1881", NotificationStatus.Sent), Message("c", "1882", NotificationStatus.Sending));
        Assert.True(await Store.Outbox.TryAddAsync(2022, "01", Message("d", "coordinator"),
            new AuditEntry(CountyYearStoreContract.Now, "test", "notification.queued", "d"), default));
        Assert.False(await Store.Outbox.TryAddAsync(2022, "01", Message("d", "coordinator") with { Attempts = 3 }, null, default));
        var pending = await Store.Outbox.FindPendingAsync(default);
        Assert.Equal(["2022-01-d", "2022-18-a", "2022-18-c"], pending.Select(p => $"{p.Year}-{p.CountyCode}-{p.Message.Id}"));
        Assert.Equal(0, pending[0].Message.Attempts);
        Assert.Equal(4, (await Store.Outbox.FindCreatedSinceAsync(CountyYearStoreContract.Now, default)).Count);
        Assert.Empty(await Store.Outbox.FindCreatedSinceAsync(CountyYearStoreContract.Now.AddSeconds(1), default));
        Assert.Equal(["notification.queued"], (await Store.CountyYears.ReadAuditAsync(2022, "01", default)).Select(x => x.Action));
    }

    [Fact]
    public async Task Messages_awaiting_a_delivery_status_are_found_by_when_they_are_due()
    {
        var now = CountyYearStoreContract.Now;
        await QueuedAsync(
            Message("a", "1880", NotificationStatus.Sent) with { NextStatusCheckAt = now.AddMinutes(5) },
            Message("b", "1881", NotificationStatus.Sent) with { NextStatusCheckAt = now.AddMinutes(1) },
            Message("c", "1882", NotificationStatus.Sent) with { NextStatusCheckAt = now.AddMinutes(30) },
            Message("d", "1883", NotificationStatus.Sent));
        var due = await Store.Outbox.FindAwaitingStatusAsync(now.AddMinutes(10), 10, default);
        Assert.Equal(["b", "a"], due.Select(d => d.Message.Id));
        Assert.Single(await Store.Outbox.FindAwaitingStatusAsync(now.AddMinutes(10), 1, default));
    }
}

/// <summary>The two ports the outbox rows are reached through, from one store.</summary>
public sealed record InMemoryOrTable(ICountyYearStore CountyYears, IOutboxStore Outbox);

internal static class CountyYearStoreContractData
{
    public static OutboxMessage Message(string id, string recipient, NotificationStatus status) => new()
    {
        Id = id, Type = MessageType.MunicipalDecision, Kind = Core.Documents.DocumentKind.Decision, SourceVersion = 1, RecipientKey = recipient, RecipientEmail = $"{recipient}@kommun.example",
        RecipientName = recipient, Status = status, CreatedAt = CountyYearStoreContract.Now,
    };
}

public sealed class TableOutboxStoreContractTests : OutboxStoreContract
{
    protected override bool OnAzurite => true;
    protected override InMemoryOrTable Create(TestHost? host) => new(host!.Get<ICountyYearStore>(), host.Get<IOutboxStore>());
}

public sealed class InMemoryOutboxStoreContractTests : OutboxStoreContract
{
    protected override bool OnAzurite => false;

    protected override InMemoryOrTable Create(TestHost? host)
    {
        var store = new InMemoryCountyYearStore();
        return new InMemoryOrTable(store, store);
    }
}
