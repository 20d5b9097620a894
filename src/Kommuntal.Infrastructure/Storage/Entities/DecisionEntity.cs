using System.Globalization;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Infrastructure.Storage.Entities;

/// <summary>
/// A "decision-0001" row (the numbers in short in NumbersJson) and its "decision-0001-m-1880" rows,
/// one per municipality with the full explanation (docs/storage.md).
/// </summary>
internal static class DecisionEntity
{
    private sealed record NumberSummary(string Code, string Name, int Kommuntal, int? Previous);

    public static TableEntity Write(string pk, Decision d)
    {
        var e = Head(pk, d);
        if (d.Shares is not null) TableKeys.SetLargeText(e, "SharesJson", KommuntalJson.Serialize(d.Shares));
        if (d.PreviousShares is not null) TableKeys.SetLargeText(e, "PreviousSharesJson", KommuntalJson.Serialize(d.PreviousShares));
        return e;
    }

    private static TableEntity Head(string pk, Decision d) => new(pk, "decision-" + TableKeys.Number(d.Version))
    {
        ["EntityType"] = "decision",
        ["Year"] = TableKeys.SplitCountyYear(pk).Year,
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

    public static TableEntity WriteNumber(string pk, int version, DecidedNumber n)
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
    public static Decision Read(TableEntity e, IReadOnlyList<TableEntity>? numberRows)
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
            Shares = TableKeys.GetLargeText(e, "SharesJson") is { } shares ? KommuntalJson.Deserialize<CountyShares>(shares) : null,
            PreviousShares = TableKeys.GetLargeText(e, "PreviousSharesJson") is { } previous ? KommuntalJson.Deserialize<CountyShares>(previous) : null,
            DecidedAt = e.GetDateTimeOffset("DecidedAt")!.Value,
            RecordedBy = e.GetString("RecordedBy"),
        };
    }
}
