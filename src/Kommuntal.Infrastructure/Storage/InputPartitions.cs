namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Every partition of the "inputs" table, in one place so that no two kinds of input can share one
/// (docs/storage.md). Each partition holds the versions of one kind of file for a year (and county or
/// month): rows "head", "v0001"... and "sha-{sha256}", written through <see cref="VersionedPartition"/>.
/// </summary>
internal static class InputPartitions
{
    /// <summary>The year's indicators: "indicators-2022".</summary>
    public static string Indicators(int year) => "indicators-" + TableKeys.Year(year);

    /// <summary>A county's wishes: "wishes-2022-18".</summary>
    public static string Wishes(int year, string countyCode) => $"wishes-{TableKeys.Year(year)}-{countyCode}";

    /// <summary>The year's andelstal: "andelstal-2022".</summary>
    public static string Shares(int year) => "andelstal-" + TableKeys.Year(year);

    /// <summary>A county's requests about its andelstal: "andelstal-requests-2022-18".</summary>
    public static string ShareRequests(int year, string countyCode) => $"andelstal-requests-{TableKeys.Year(year)}-{countyCode}";

    /// <summary>What every follow-up partition of a year begins with: "fulfilment-2022-".</summary>
    public static string FulfilmentOfYear(int year) => $"fulfilment-{TableKeys.Year(year)}-";

    /// <summary>A month's follow-up statistics ("fulfilment-2022-2022-06"), or the whole year's ("fulfilment-2022-year").</summary>
    public static string Fulfilment(int year, string? period) => FulfilmentOfYear(year) + (period ?? FulfilmentWholeYear);

    /// <summary>The period of a whole year's follow-up statistics.</summary>
    public const string FulfilmentWholeYear = "year";
}
