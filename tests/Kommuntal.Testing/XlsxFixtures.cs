using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kommuntal.Testing;

/// <summary>A formula cell for <see cref="XlsxWriter"/>: the formula and the value Excel would have cached.</summary>
public sealed record XlsxFormula(string Formula, double CachedValue);

/// <summary>Writes a one-sheet .xlsx the way Excel does (shared strings, numbers as numbers, formulas with cached values).</summary>
public static class XlsxWriter
{
    /// <summary>Rows of cells: string (text), int/long/double (number), <see cref="XlsxFormula"/>, or null (empty).</summary>
    public static byte[] Write(string sheetName, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
            var strings = new List<string>();
            var data = new SheetData();
            var r = 0;
            foreach (var row in rows)
            {
                r++;
                var xmlRow = new Row { RowIndex = (uint)r };
                for (var c = 0; c < row.Count; c++)
                {
                    var reference = Kommuntal.Core.Ingestion.XlsxTable.ColumnLetters(c + 1) + r.ToString(CultureInfo.InvariantCulture);
                    switch (row[c])
                    {
                        case null:
                            continue;
                        case string s:
                            var index = strings.IndexOf(s);
                            if (index < 0) { strings.Add(s); index = strings.Count - 1; }
                            xmlRow.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(CultureInfo.InvariantCulture)) });
                            break;
                        case XlsxFormula f:
                            xmlRow.Append(new Cell { CellReference = reference, CellFormula = new CellFormula(f.Formula), CellValue = new CellValue(f.CachedValue.ToString(CultureInfo.InvariantCulture)) });
                            break;
                        case IConvertible n:
                            xmlRow.Append(new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToDouble(n, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)) });
                            break;
                        default:
                            throw new ArgumentException($"Unsupported cell value {row[c]}");
                    }
                }
                data.Append(xmlRow);
            }
            sharedPart.SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })))
            {
                Count = (uint)strings.Count,
                UniqueCount = (uint)strings.Count,
            };
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
        }
        return stream.ToArray();
    }

    /// <summary>The first sheet's cells as (reference, text, formula) for comparing workbooks by content, not bytes.</summary>
    public static IReadOnlyList<(string Ref, string Text, string? Formula)> Cells(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx, writable: false);
        using var doc = SpreadsheetDocument.Open(stream, false);
        var wb = doc.WorkbookPart!;
        var sheet = wb.Workbook.Sheets!.Elements<Sheet>().First();
        var part = (WorksheetPart)wb.GetPartById(sheet.Id!.Value!);
        var shared = wb.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
        return part.Worksheet.Descendants<Cell>().Select(c =>
        {
            var raw = c.CellValue?.Text ?? "";
            var text = c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(raw, CultureInfo.InvariantCulture)] : raw;
            return (c.CellReference!.Value!, text, c.CellFormula?.Text);
        }).ToList();
    }
}

/// <summary>
/// The .xlsx files under tests/data, generated from the real CSV files they are named after (see
/// tests/data/README.md). The committed copies are checked against these generators cell by cell
/// (zip bytes are not reproducible); set KOMMUNTAL_WRITE_FIXTURES=1 and run the fixture test to
/// write them again.
/// </summary>
public static class XlsxFixtures
{
    public static IReadOnlyDictionary<string, Func<byte[]>> All { get; } = new Dictionary<string, Func<byte[]>>
    {
        ["tests/data/quotas/good/lanstal-2022.xlsx"] = () => Quota(total: 7500),
        ["tests/data/quotas/bad/formula-total.xlsx"] = () => Quota(total: new XlsxFormula("SUM(C5:C25)", 7500),
            note: "the total (C26) is the formula =SUM(C5:C25)"),
        ["tests/data/quotas/bad/negative-number.xlsx"] = () => Quota(total: null, change: ("19", -131),
            note: "Västmanlands län (C19) given as -131"),
        ["tests/data/indicators/good/indicators-2022.xlsx"] = () => Indicators(),
        ["tests/data/indicators/bad/formula-cell.xlsx"] = () => Indicators(formulaFor: "1880",
            note: "the population of Örebro (1880, cell C208) is the formula =155987+1000"),
        ["tests/data/wishes/good/wishes-2022-18.xlsx"] = Wishes,
    };

    private static List<string[]> CsvRows(string path) =>
        System.IO.File.ReadAllLines(Samples.Path(path.Split('/')))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Skip(1)
            .Select(l => l.Split(','))
            .ToList();

    /// <summary>The 2022 länstal (samples/2022/lanstal-2022.csv) as a coordinator's sheet: title, note, header on row 4, counties on rows 5-25, total on row 26.</summary>
    public static byte[] Quota(object? total, (string Code, int Value)? change = null, string? note = null)
    {
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "Förteckning över länstal 2022" },
            new object?[] { "# " + (note is null ? "test variant: " : "test file: ") + "generated by XlsxFixtures.Quota from samples/2022/lanstal-2022.csv" + (note is null ? "" : "; " + note) },
            Array.Empty<object?>(),
            new object?[] { "Länskod", "Län", "Länstal" },
        };
        foreach (var r in CsvRows("samples/2022/lanstal-2022.csv"))
            rows.Add(new object?[] { r[0], r[1], change is { } c && c.Code == r[0] ? c.Value : int.Parse(r[2], CultureInfo.InvariantCulture) });
        if (total is not null) rows.Add(new object?[] { null, "Totalt", total });
        return XlsxWriter.Write("Länstal 2022", rows);
    }

    /// <summary>tests/data/indicators/good/indicators-2022.csv as a sheet: note on row 1, Swedish header on row 2, municipalities from row 3.</summary>
    public static byte[] Indicators(string? formulaFor = null, string? note = null)
    {
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "# " + (note is null ? "test variant: " : "test file: ") + "generated by XlsxFixtures.Indicators from tests/data/indicators/good/indicators-2022.csv" + (note is null ? "" : "; " + note) },
            new object?[] { "Kommunkod", "Kommun", "Folkmängd", "Mottagande" },
        };
        foreach (var r in CsvRows("tests/data/indicators/good/indicators-2022.csv"))
        {
            var population = int.Parse(r[2], CultureInfo.InvariantCulture);
            rows.Add(new object?[] { r[0], r[1], r[0] == formulaFor ? new XlsxFormula($"{population - 1000}+1000", population) : population, int.Parse(r[3], CultureInfo.InvariantCulture) });
        }
        return XlsxWriter.Write("Indikatorer", rows);
    }

    /// <summary>tests/data/wishes/good/wishes-2022-18.csv as a sheet with Swedish headers.</summary>
    public static byte[] Wishes()
    {
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "# test variant: generated by XlsxFixtures.Wishes from tests/data/wishes/good/wishes-2022-18.csv" },
            new object?[] { "Kommunkod", "Kommun", "Typ", "Antal", "Skäl" },
            new object?[] { "1880", "Örebro", "överenskommelse", 91, "Överenskommelse i samrådet (testvariant)" },
            new object?[] { "1860", "Laxå", "utökat", 25, "Utökat ansvar, enligt kommunens besked (testvariant)" },
            new object?[] { "1862", "Degerfors", "bostäder", 0, "Brist på bostäder enligt kommunens besked (testvariant)" },
        };
        return XlsxWriter.Write("Önskemål 2022", rows);
    }
}
