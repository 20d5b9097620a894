using Azure.Data.Tables;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Infrastructure.Storage.Entities;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Storage;

/// <summary>
/// The outbox row carries its message type; rows written before it did (no MessageType property) are
/// read by the rule the dispatcher used then: a reminder's RelatesTo was "reminder:" and its deadline.
/// </summary>
public class OutboxEntityTests
{
    private static TableEntity Legacy(string id, string recipientKey, DocumentKind kind, string? relatesTo) => new("2022-18", OutboxEntity.Prefix + id)
    {
        ["EntityType"] = "outbox",
        ["Id"] = id,
        ["Kind"] = kind.ToString(),
        ["SourceVersion"] = kind == DocumentKind.Proposal ? 2 : 1,
        ["RecipientKey"] = recipientKey,
        ["RecipientEmail"] = "someone@example.org",
        ["RecipientName"] = "Someone",
        ["Status"] = nameof(NotificationStatus.Pending),
        ["Attempts"] = 0,
        ["CreatedAt"] = new DateTimeOffset(2021, 11, 1, 6, 0, 0, TimeSpan.Zero),
        ["RelatesTo"] = relatesTo,
    };

    [Theory]
    [InlineData("1880", DocumentKind.Decision, null, MessageType.MunicipalDecision)]
    [InlineData("1880", DocumentKind.Proposal, null, MessageType.MunicipalProposal)]
    [InlineData("1880", DocumentKind.Decision, "original-id", MessageType.MunicipalDecision)] // a re-sent message
    [InlineData(CoordinatorMessages.RecipientKey, DocumentKind.Decision, null, MessageType.CoordinatorSummary)]
    [InlineData(CoordinatorMessages.RecipientKey, DocumentKind.Decision, "failed-id", MessageType.FailureReport)]
    [InlineData(CoordinatorMessages.RecipientKey, DocumentKind.Decision, "reminder:2021-11-15", MessageType.Reminder)]
    public void A_row_written_before_the_type_was_stored_is_read_by_the_old_rule(string recipient, DocumentKind kind, string? relatesTo, MessageType expected)
    {
        var message = OutboxEntity.Read(Legacy("m1", recipient, kind, relatesTo));
        Assert.Equal(expected, message.Type);
        Assert.Equal(expected == MessageType.Reminder ? new DateOnly(2021, 11, 15) : null, message.Deadline);
    }

    [Fact]
    public void A_row_written_now_round_trips_its_type_and_deadline()
    {
        var reminder = OutboxEntity.Read(Legacy("r", CoordinatorMessages.RecipientKey, DocumentKind.Decision, null));
        var written = OutboxEntity.Write("2022-18", reminder with { Type = MessageType.Reminder, Deadline = new DateOnly(2021, 11, 15) });
        Assert.Equal(("Reminder", "2021-11-15"), (written.GetString("MessageType"), written.GetString("Deadline")));
        var read = OutboxEntity.Read(written);
        Assert.Equal((MessageType.Reminder, new DateOnly(2021, 11, 15), (string?)null), (read.Type, read.Deadline, read.RelatesTo));
    }

    [Fact]
    public async Task A_reminder_stored_the_old_way_is_loaded_and_found_pending_as_a_reminder()
    {
        await using var host = new TestHost();
        await host.Get<StorageClients>().CountyYears.AddEntityAsync(Legacy("old-reminder", CoordinatorMessages.RecipientKey, DocumentKind.Decision, "reminder:2021-11-15"));

        var loaded = Assert.Single((await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).Outbox);
        Assert.Equal((MessageType.Reminder, new DateOnly(2021, 11, 15)), (loaded.Type, loaded.Deadline));
        var pending = Assert.Single(await host.Get<IOutboxStore>().FindPendingAsync(default));
        Assert.Equal((2022, "18", MessageType.Reminder), (pending.Year, pending.CountyCode, pending.Message.Type));
    }
}
