using System.Globalization;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Infrastructure.Storage.Entities;

/// <summary>A "draft-0001" row: one allocation with its explanations, and its consultation once sent (docs/storage.md).</summary>
internal static class DraftEntity
{
    public static TableEntity Write(string pk, Draft d)
    {
        var e = new TableEntity(pk, "draft-" + TableKeys.Number(d.Number))
        {
            ["EntityType"] = "draft",
            ["Number"] = d.Number,
            ["QuotaVersion"] = d.QuotaVersion,
            ["Lanstal"] = d.Lanstal,
            ["Purpose"] = d.Purpose.Text(),
            ["IndicatorsSource"] = d.IndicatorsSource,
            ["DeviationsJson"] = KommuntalJson.Serialize(d.Deviations),
            ["ModelVersion"] = d.Result.Parameters.Version,
            ["CreatedBy"] = d.CreatedBy,
            ["CreatedAt"] = d.CreatedAt,
        };
        TableKeys.SetLargeText(e, "ResultJson", KommuntalJson.Serialize(d.Result));
        if (d.Shares is not null) TableKeys.SetLargeText(e, "SharesJson", KommuntalJson.Serialize(d.Shares));
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

    public static Draft Read(TableEntity e) => new()
    {
        Number = e.GetInt32("Number")!.Value,
        QuotaVersion = e.GetInt32("QuotaVersion")!.Value,
        Lanstal = e.GetInt32("Lanstal")!.Value,
        Purpose = DraftPurposes.FromStored(e.GetString("Purpose")),
        IndicatorsSource = e.GetString("IndicatorsSource") ?? "",
        Deviations = KommuntalJson.Deserialize<List<Deviation>>(e.GetString("DeviationsJson") ?? "[]"),
        Result = KommuntalJson.Deserialize<AllocationResult>(TableKeys.GetLargeText(e, "ResultJson")!),
        CreatedBy = e.GetString("CreatedBy"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
        Shares = TableKeys.GetLargeText(e, "SharesJson") is { } shares ? KommuntalJson.Deserialize<CountyShares>(shares) : null,
        Consultation = e.GetString("ConsultationPath") is { } path
            ? new Consultation(
                new PublishedDocument(DocumentKind.Proposal, path, e.GetString("ConsultationSha256"), e.GetInt64("ConsultationSize") ?? 0,
                    e.GetDateTimeOffset("ConsultationPublishedAt")!.Value),
                DateOnly.ParseExact(e.GetString("ConsultationDeadline"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                e.GetString("ConsultationSentBy") ?? "")
            : null,
    };
}
