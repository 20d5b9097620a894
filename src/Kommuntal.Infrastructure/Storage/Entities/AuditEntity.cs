using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Infrastructure.Storage.Entities;

/// <summary>
/// An "audit-{ticks}-{suffix}" row, and the "auditonce-{id}" marker that makes a note exist once
/// (docs/storage.md). Audit rows sort by time; the suffix keeps rows of one instant apart.
/// </summary>
internal static class AuditEntity
{
    public const string Prefix = "audit-";

    /// <summary>An audit row of a county-year change: its sequence number is the suffix.</summary>
    public static TableEntity Write(string pk, AuditEntry a, long sequence) => Write(pk, a, $"{sequence:D8}");

    /// <summary>An audit row written outside a county-year change (no sequence number): a random suffix keeps rows of the same instant apart.</summary>
    public static TableEntity WriteStandalone(string pk, AuditEntry a) => Write(pk, a, "x" + Guid.NewGuid().ToString("N")[..12]);

    private static TableEntity Write(string pk, AuditEntry a, string suffix) =>
        new(pk, $"{Prefix}{a.At.UtcTicks:D19}-{suffix}")
        {
            ["EntityType"] = "audit",
            ["At"] = a.At,
            ["Actor"] = a.Actor,
            ["Action"] = a.Action,
            ["Details"] = a.Details,
            ["ContentSha256"] = a.ContentSha256,
            ["CorrelationId"] = a.CorrelationId ?? Application.Correlation.Current,
        };

    public static AuditEntry Read(TableEntity e) =>
        new(e.GetDateTimeOffset("At")!.Value, e.GetString("Actor"), e.GetString("Action"), e.GetString("Details"), e.GetString("ContentSha256"))
        {
            CorrelationId = e.GetString("CorrelationId"),
        };

    /// <summary>The marker written with an audit row that must exist once: a second attempt adds it again and gets 409.</summary>
    public static TableEntity OnceMarker(string pk, string onceKey) =>
        new(pk, "auditonce-" + DeterministicId.For(onceKey)) { ["EntityType"] = "audit-once", ["OnceKey"] = onceKey };
}
