using System.Globalization;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>Row keys and helpers shared by the table stores (see docs/storage.md).</summary>
internal static class TableKeys
{
    public static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
    /// <summary>The partition of a county-year: "2022-18".</summary>
    public static string CountyYear(int year, string countyCode) => $"{year}-{countyCode}";

    /// <summary>The year and county of a county-year partition key.</summary>
    public static (int Year, string CountyCode) SplitCountyYear(string partitionKey)
    {
        var dash = partitionKey.IndexOf('-');
        return (int.Parse(partitionKey[..dash], CultureInfo.InvariantCulture), partitionKey[(dash + 1)..]);
    }
    public static string Version(int version) => "v" + version.ToString("D4", CultureInfo.InvariantCulture);
    public static string Number(int n) => n.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>An OData filter for one partition's rows whose key starts with <paramref name="prefix"/>.</summary>
    public static string PrefixFilter(string partitionKey, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {prefix + "\uFFFF"}");

    /// <summary>Max string property length in characters (64 KiB of UTF-16).</summary>
    private const int ChunkChars = 30_000;

    /// <summary>Stores a long text across Name, Name_1, Name_2... (each below the 64 KiB property limit).</summary>
    public static void SetLargeText(TableEntity entity, string name, string value)
    {
        var chunks = (value.Length + ChunkChars - 1) / ChunkChars;
        entity[name] = value.Length <= ChunkChars ? value : value[..ChunkChars];
        for (var i = 1; i < chunks; i++)
            entity[$"{name}_{i}"] = value.Substring(i * ChunkChars, Math.Min(ChunkChars, value.Length - i * ChunkChars));
        entity[name + "_chunks"] = Math.Max(1, chunks);
    }

    public static string? GetLargeText(TableEntity entity, string name)
    {
        var first = entity.GetString(name);
        if (first is null) return null;
        var chunks = entity.GetInt32(name + "_chunks") ?? 1;
        if (chunks <= 1) return first;
        var sb = new System.Text.StringBuilder(first);
        for (var i = 1; i < chunks; i++) sb.Append(entity.GetString($"{name}_{i}"));
        return sb.ToString();
    }
}
