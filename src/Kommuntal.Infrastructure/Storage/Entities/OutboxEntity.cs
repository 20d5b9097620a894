using System.Globalization;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Notifications;

namespace Kommuntal.Infrastructure.Storage.Entities;

/// <summary>
/// An "outbox-{id}" row: the notification outbox and sent-ledger in the county-year's partition
/// (docs/storage.md). Rows written before the message type was stored are read by the rule the
/// dispatcher used then (<see cref="LegacyType"/>).
/// </summary>
internal static class OutboxEntity
{
    public const string Prefix = "outbox-";

    /// <summary>Before the type was stored, a reminder's <c>RelatesTo</c> was this and its deadline (yyyy-MM-dd).</summary>
    public const string LegacyReminderMarker = "reminder:";

    /// <summary>What the last error may hold on the row (the rest is cut).</summary>
    public const int MaxErrorLength = 2000;

    public static TableEntity Write(string pk, OutboxMessage o) => new(pk, Prefix + o.Id)
    {
        ["EntityType"] = "outbox",
        ["Id"] = o.Id,
        ["MessageType"] = o.Type.ToString(),
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
        ["LastError"] = o.LastError is { Length: > MaxErrorLength } err ? err[..MaxErrorLength] : o.LastError,
        ["CreatedAt"] = o.CreatedAt,
        ["Sender"] = o.Sender,
        ["NextStatusCheckAt"] = o.NextStatusCheckAt,
        ["StatusChecks"] = o.StatusChecks,
        ["DeliveryStatusAt"] = o.DeliveryStatusAt,
        ["RelatesTo"] = o.RelatesTo,
        ["Deadline"] = o.Deadline is { } d ? SwedishFormat.IsoDate(d) : null,
        ["Period"] = o.Period,
    };

    public static OutboxMessage Read(TableEntity e)
    {
        var kind = Enum.Parse<DocumentKind>(e.GetString("Kind"));
        var recipient = e.GetString("RecipientKey");
        var relatesTo = e.GetString("RelatesTo");
        var stored = e.GetString("MessageType");
        var type = stored is null ? LegacyType(kind, recipient, relatesTo) : Enum.Parse<MessageType>(stored);
        return new OutboxMessage
        {
            Id = e.GetString("Id"),
            Type = type,
            Kind = kind,
            SourceVersion = e.GetInt32("SourceVersion")!.Value,
            RecipientKey = recipient,
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
            RelatesTo = relatesTo,
            Deadline = e.GetString("Deadline") is { } deadline ? ParseDate(deadline)
                : stored is null && type == MessageType.Reminder ? ParseDate(relatesTo![LegacyReminderMarker.Length..]) : null,
            Period = e.GetString("Period"),
            ETag = e.ETag.ToString(),
        };
    }

    /// <summary>
    /// The type of a row written before it was stored, by the rule the dispatcher used then: a message
    /// to a municipality by its document kind; to the coordinator, a reminder when <c>RelatesTo</c> is
    /// "reminder:" and a date, a failure report when it names another message, else a summary.
    /// </summary>
    public static MessageType LegacyType(DocumentKind kind, string recipientKey, string? relatesTo) =>
        recipientKey != CoordinatorKey ? MessageTypes.Municipal(kind)
        : relatesTo is null ? MessageType.CoordinatorSummary
        : relatesTo.StartsWith(LegacyReminderMarker, StringComparison.Ordinal) ? MessageType.Reminder
        : MessageType.FailureReport;

    /// <summary>The recipient key of the coordinator's messages (Application's CoordinatorMessages.RecipientKey).</summary>
    private const string CoordinatorKey = Application.Services.CoordinatorMessages.RecipientKey;

    private static DateOnly ParseDate(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
