using System.Text;
using Kommuntal.Core.Ingestion;

namespace Kommuntal.Testing;

/// <summary>
/// Statistics files in Migrationsverket's layout "Anvisningar enligt kommuntalen" (tests/data/fulfilment):
/// the real kommuntal 2022 of Örebro län, received figures that are a test variant (each file's first line says so).
/// </summary>
public static class FulfilmentSamples
{
    /// <summary>Whole year 2022, UTF-8 with BOM, ';', title line and total row; Ljusnarsberg (1864) left out.</summary>
    public static InputFile WholeYearCsv => Samples.File("tests", "data", "fulfilment", "anvisningar-2022-orebro-lan.csv");

    /// <summary>January–June 2022 (Månad 2022-06), Windows-1252, ',', columns in another order.</summary>
    public static InputFile JuneCp1252Csv => Samples.File("tests", "data", "fulfilment", "anvisningar-2022-06-orebro-lan-cp1252.csv");

    /// <summary>The whole-year file as an .xlsx workbook (the note in A1, the title in A2, the rows as numbers).</summary>
    public static InputFile WholeYearXlsx
    {
        get
        {
            var lines = Encoding.UTF8.GetString(WholeYearCsv.Content).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var rows = new List<IReadOnlyList<object?>> { new object?[] { lines[0].TrimStart('#', ' ') }, new object?[] { lines[1] } };
            foreach (var line in lines.Skip(2))
                rows.Add(line.Split(';').Select(c => int.TryParse(c, out var n) ? (object?)n : c).ToArray());
            return new InputFile("anvisningar-2022-orebro-lan.xlsx", XlsxWriter.Write("Anvisningar", rows));
        }
    }

    /// <summary>The file's own sums (without Ljusnarsberg): kommuntal 201, received 177.</summary>
    public const int WholeYearKommuntal = 201, WholeYearReceived = 177, JuneReceived = 83;

    /// <summary>The decided kommuntal 2022 of Örebro län (shared/data/decisions/kommuntal-orebro-2022.csv), sum 202.</summary>
    public static readonly IReadOnlyDictionary<string, int> DecidedOrebro2022 = new Dictionary<string, int>
    {
        ["1882"] = 14, ["1862"] = 0, ["1861"] = 8, ["1863"] = 0, ["1883"] = 22, ["1881"] = 12,
        ["1860"] = 25, ["1814"] = 15, ["1885"] = 8, ["1864"] = 1, ["1884"] = 6, ["1880"] = 91,
    };
}
