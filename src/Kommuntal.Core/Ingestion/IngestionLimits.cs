namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Hard budgets for reading one input file, none of which depends on the compressed size: a 12 KB
/// workbook may unpack to gigabytes, so every reader counts what it unpacks, reads and keeps, and
/// stops with a named problem at the first budget it exceeds. The defaults are far above any real
/// quota, indicator, wish or recipient file (290 municipalities, 21 counties, reasons of at most
/// 2 000 characters) and keep one file's work under a second and 100 MB of allocations (figures in
/// docs/benchmarks.md, "Adversarial input files"). Settings: <c>Kommuntal:Ingestion:Limits:{Name}</c>.
/// </summary>
public sealed record IngestionLimits
{
    /// <summary>The documented defaults.</summary>
    public static IngestionLimits Default { get; } = new();

    // ---- zip containers (.xlsx, .ods) ----

    /// <summary>Entries in the zip (a workbook has about 10; a sheet per entry beyond this is refused).</summary>
    public int MaxZipEntries { get; init; } = 1_000;

    /// <summary>Unpacked bytes of one part (declared in the zip's headers, and counted while inflating).</summary>
    public long MaxPartBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>Unpacked bytes of all the parts read, together (counted while inflating).</summary>
    public long MaxUnpackedBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Unpacked bytes per compressed byte of a part, checked while inflating past <see cref="CompressionRatioGraceBytes"/> (Apache POI's default, 1:100 after 100 KiB).</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>Bytes a part may unpack before its compression ratio is checked (small parts compress well).</summary>
    public long CompressionRatioGraceBytes { get; init; } = 100 * 1024;

    // ---- XML parts ----

    /// <summary>Element nesting in an XML part (a sheet needs 7 levels, an OpenDocument cell about 12).</summary>
    public int MaxXmlDepth { get; init; } = 64;

    /// <summary>Characters of an element or attribute name (the longest real one has about 40).</summary>
    public int MaxXmlNameLength { get; init; } = 256;

    // ---- values ----

    /// <summary>Characters of one cell or field (a wish reason may have 2 000; a longer cell is a problem on its cell).</summary>
    public int MaxCellCharacters { get; init; } = 4_000;

    /// <summary>Characters of one line of a text file (CSV, the statute's annex).</summary>
    public int MaxLineCharacters { get; init; } = 16_000;

    /// <summary>Rows of a file (290 municipalities, with titles, notes and several addresses each, fit many times over).</summary>
    public int MaxRows { get; init; } = 5_000;

    /// <summary>Non-empty cells of a sheet, after OpenDocument's repeated cells and rows are expanded.</summary>
    public int MaxCells { get; init; } = 100_000;

    /// <summary>Characters of all values of a file together (shared strings count once per cell that uses them): what a 1 MB CSV file can hold.</summary>
    public long MaxTextCharacters { get; init; } = 1024 * 1024;

    // ---- JSON ----

    /// <summary>Nesting of objects and arrays in a JSON file (a row is at depth 3).</summary>
    public int MaxJsonDepth { get; init; } = 16;

    /// <summary>JSON tokens (values, names, brackets) in a file; 290 rows of 10 fields need about 6 000.</summary>
    public int MaxJsonTokens { get; init; } = 100_000;

    // ---- messages ----

    /// <summary>Problems reported per file; the rest are counted in a last problem "och N till / and N more".</summary>
    public int MaxProblems { get; init; } = Validation.ProblemList.DefaultMaxProblems;

    /// <summary>"Did you mean …" is only computed for names of at most this many characters.</summary>
    public const int MaxSuggestionInput = 60;

    /// <summary>The settings that are out of range (empty when all are usable).</summary>
    public IReadOnlyList<string> Invalid()
    {
        var bad = new List<string>();
        void Positive(string name, long value)
        {
            if (value <= 0) bad.Add($"Kommuntal:Ingestion:Limits:{name} must be positive (is {value}).");
        }
        Positive(nameof(MaxZipEntries), MaxZipEntries);
        Positive(nameof(MaxPartBytes), MaxPartBytes);
        Positive(nameof(MaxUnpackedBytes), MaxUnpackedBytes);
        Positive(nameof(MaxCompressionRatio), MaxCompressionRatio);
        Positive(nameof(CompressionRatioGraceBytes), CompressionRatioGraceBytes);
        Positive(nameof(MaxXmlDepth), MaxXmlDepth);
        Positive(nameof(MaxXmlNameLength), MaxXmlNameLength);
        Positive(nameof(MaxCellCharacters), MaxCellCharacters);
        Positive(nameof(MaxLineCharacters), MaxLineCharacters);
        Positive(nameof(MaxRows), MaxRows);
        Positive(nameof(MaxCells), MaxCells);
        Positive(nameof(MaxTextCharacters), MaxTextCharacters);
        Positive(nameof(MaxJsonDepth), MaxJsonDepth);
        Positive(nameof(MaxJsonTokens), MaxJsonTokens);
        Positive(nameof(MaxProblems), MaxProblems);
        if (MaxPartBytes > MaxUnpackedBytes) bad.Add("Kommuntal:Ingestion:Limits:MaxPartBytes must not exceed MaxUnpackedBytes.");
        if (MaxJsonDepth > 64) bad.Add("Kommuntal:Ingestion:Limits:MaxJsonDepth must be at most 64.");
        return bad;
    }
}
