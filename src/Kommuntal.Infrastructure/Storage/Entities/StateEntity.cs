using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Infrastructure.Storage.Entities;

/// <summary>The "state" row of a county-year partition: the head every change replaces under its ETag (docs/storage.md).</summary>
internal static class StateEntity
{
    public const string RowKey = "state";

    public static TableEntity Write(string pk, CountyYearState s) => new(pk, RowKey)
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
        ["ConsultationSummary"] = s.ConsultationSummary,
        ["AuditSequence"] = s.AuditSequence,
        ["UpdatedAt"] = s.UpdatedAt,
    };

    public static CountyYearState Read(int year, string county, TableEntity e) => new(year, county)
    {
        Status = Enum.Parse<CountyYearStatus>(e.GetString("Status")),
        QuotaVersion = e.GetInt32("QuotaVersion") ?? 0,
        Lanstal = e.GetInt32("Lanstal") ?? 0,
        LatestDraft = e.GetInt32("LatestDraft") ?? 0,
        CurrentDecision = e.GetInt32("CurrentDecision") ?? 0,
        NeedsNewDecision = e.GetBoolean("NeedsNewDecision") ?? false,
        Wishes = KommuntalJson.Deserialize<List<Deviation>>(e.GetString("WishesJson") ?? "[]"),
        ConsultationSummary = e.GetString("ConsultationSummary"),
        AuditSequence = e.GetInt64("AuditSequence") ?? 0,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt"),
    };
}
