using System.Globalization;
using Kommuntal.Core.Ingestion;

namespace Kommuntal.Testing;

/// <summary>Input files in every accepted format (tests/data/README.md says how each was made).</summary>
public static class IngestionSamples
{
    /// <summary>The 2022 quota as the statute's annex, CSV (plain, Excel Windows-1252, UTF-8 with BOM), annex pasted with spaces, JSON, .xlsx and .ods (LibreOffice).</summary>
    public static IReadOnlyList<InputFile> Quota2022Formats =>
    [
        Samples.File("samples", "2022", "lanstal-2022-sfs-bilaga.txt"),
        Samples.Quota2022Csv,
        Samples.File("tests", "data", "quotas", "good", "lanstal-2022-bilaga-spaces.txt"),
        Samples.File("tests", "data", "quotas", "good", "lanstal-2022-excel-1252.csv"),
        Samples.File("tests", "data", "quotas", "good", "lanstal-2022-utf8-bom.csv"),
        Samples.File("tests", "data", "quotas", "good", "lanstal-2022.json"),
        Samples.File("tests", "data", "quotas", "good", "lanstal-2022.xlsx"),
        Samples.File("tests", "data", "quotas", "good", "lanstal-2022.ods"),
    ];

    /// <summary>The four formats the issue names, one file each: annex text, CSV, .xlsx, JSON.</summary>
    public static IReadOnlyList<InputFile> Quota2022FourFormats =>
    [
        Samples.File("samples", "2022", "lanstal-2022-sfs-bilaga.txt"),
        Samples.Quota2022Csv,
        Samples.File("tests", "data", "quotas", "good", "lanstal-2022.xlsx"),
        Samples.File("tests", "data", "quotas", "good", "lanstal-2022.json"),
    ];

    /// <summary>The 21 (code, länstal) pairs of samples/2022/lanstal-2022.csv, read without the product's parser.</summary>
    public static IReadOnlyList<(string Code, int Lanstal)> Expected2022 { get; } =
        File.ReadAllLines(Samples.Path("samples", "2022", "lanstal-2022.csv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1)
            .Select(l => l.Split(','))
            .Select(p => (p[0], int.Parse(p[2], CultureInfo.InvariantCulture)))
            .ToList();

    public static InputFile Revision2022 => Samples.File("tests", "data", "quotas", "revision", "lanstal-2022-revision-test-variant.csv");

    public static InputFile Indicators2022Csv => Samples.File("tests", "data", "indicators", "good", "indicators-2022.csv");
    public static InputFile Population2021Csv => Samples.File("tests", "data", "indicators", "good", "population-2021.csv");
    public static InputFile Wishes2022OrebroCsv => Samples.File("tests", "data", "wishes", "good", "wishes-2022-18.csv");
}
