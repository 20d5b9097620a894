using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Reads the first sheet of an .xlsx workbook with the same conventions as CSV: rows whose first
/// cell starts with '#' are notes, rows with a single filled cell before the header are titles,
/// the header is the first row with two or more filled cells. Every value keeps its cell
/// reference ("B7") for messages. Cells holding a formula are rejected (whatever their cached
/// value), so nothing a spreadsheet computed is taken on trust.
/// </summary>
public static class XlsxTable
{
    /// <summary>Upper bound on the characters of one part when unpacked (guards against zip bombs).</summary>
    public const long MaxCharactersInPart = 20_000_000;

    private const int MaxRow = 1_048_576, MaxColumn = 16_384;

    public static TabularFile? Read(string fileName, byte[] content, TabularSpec spec, ProblemList problems)
    {
        List<(int Row, List<(string Ref, int Col, string Text, bool Formula)> Cells)> grid;
        string sheetName;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var doc = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            var workbook = doc.WorkbookPart ?? throw new InvalidDataException("no workbook part");
            var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("no sheet");
            sheetName = sheet.Name?.Value ?? "Sheet1";
            var id = sheet.Id?.Value ?? throw new InvalidDataException("sheet without a relationship id");
            var part = workbook.GetPartById(id) as WorksheetPart ?? throw new InvalidDataException("the first sheet is not a worksheet");
            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
            grid = ReadGrid(part, shared);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or InvalidOperationException
                                      or System.Xml.XmlException or KeyNotFoundException or ArgumentException or FormatException or OverflowException)
        {
            problems.Add(null, null, "invalid-xlsx",
                "Filen kunde inte läsas som Excel-arbetsbok (.xlsx); den kan vara skadad eller avkortad.",
                "The file could not be read as an Excel workbook (.xlsx); it may be damaged or truncated.");
            return null;
        }

        var comments = new List<string>();
        var titles = new List<TabularValue>();
        var headerAt = grid.FindIndex(r => r.Cells.Count(c => c.Text.Trim().Length > 0 || c.Formula) >= 2 && !IsComment(r.Cells)
                                          && r.Cells.Any(c => spec.IsKnown(c.Text)));
        if (headerAt < 0) headerAt = grid.FindIndex(r => r.Cells.Count(c => c.Text.Trim().Length > 0) >= 2 && !IsComment(r.Cells));
        for (var i = 0; i < (headerAt < 0 ? grid.Count : headerAt); i++)
        {
            var cells = grid[i].Cells.Where(c => c.Text.Trim().Length > 0).ToList();
            if (cells.Count == 0) continue;
            if (IsComment(cells)) comments.Add(string.Join(" ", cells.Select(c => c.Text.Trim())).TrimStart('#', ' '));
            else titles.Add(new TabularValue(string.Join(" ", cells.Select(c => c.Text.Trim())), grid[i].Row));
        }
        if (headerAt < 0)
        {
            if (titles.Count == 0)
                problems.Add(null, null, "empty-file", $"Bladet {sheetName} är tomt.", $"The sheet {sheetName} is empty.");
            else
                problems.Add(titles[0].Line, null, "missing-header", $"Bladet {sheetName} har ingen rubrikrad (en rad med kolumnnamn).",
                    $"The sheet {sheetName} has no header row (a row of column names).");
            return new TabularFile(fileName, [], [], comments) { Format = InputFormat.Xlsx, Encoding = "xlsx", Titles = titles, SheetName = sheetName };
        }

        var header = grid[headerAt];
        var columnsByIndex = new Dictionary<int, string>();
        foreach (var c in header.Cells)
        {
            var name = spec.NormaliseHeader(c.Text.Trim());
            if (name.Length > 0) columnsByIndex[c.Col] = name;
        }
        var headerCells = header.Cells.Where(c => c.Text.Trim().Length > 0).ToList();
        TabularReader.CheckDuplicateColumns(headerCells.Select(c => spec.NormaliseHeader(c.Text.Trim())).ToList(), header.Row, i => headerCells[i].Ref, problems);
        var rows = new List<TabularRow>();
        foreach (var (rowNumber, cells) in grid.Skip(headerAt + 1))
        {
            if (cells.All(c => c.Text.Trim().Length == 0 && !c.Formula)) continue;
            if (IsComment(cells)) { comments.Add(string.Join(" ", cells.Select(c => c.Text.Trim())).TrimStart('#', ' ')); continue; }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var refs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (col, name) in columnsByIndex)
            {
                if (values.ContainsKey(name)) continue;
                values[name] = "";
                refs[name] = ColumnLetters(col) + rowNumber.ToString(CultureInfo.InvariantCulture);
            }
            var row = new TabularRow(rowNumber, values, refs);
            foreach (var cell in cells)
            {
                if (!columnsByIndex.TryGetValue(cell.Col, out var name))
                {
                    if (cell.Text.Trim().Length > 0 || cell.Formula)
                        problems.Add(rowNumber, null, "extra-cells", $"Cellen {cell.Ref} ligger utanför rubrikradens kolumner.",
                            $"The cell {cell.Ref} is outside the header's columns.", cell.Ref);
                    continue;
                }
                if (refs[name] != cell.Ref) continue; // a second column with the same name: reported with the header
                values[name] = cell.Text;
                if (cell.Formula)
                {
                    row.Rejected.Add(name);
                    problems.Add(rowNumber, name, "formula-cell",
                        $"Cellen {cell.Ref} innehåller en formel; klistra in värdena i stället.",
                        $"The cell {cell.Ref} holds a formula; paste the values instead.", cell.Ref);
                }
            }
            rows.Add(row);
        }
        return new TabularFile(fileName, columnsByIndex.Values.Distinct().ToList(), rows, comments)
        {
            Format = InputFormat.Xlsx,
            Encoding = "xlsx",
            Titles = titles,
            HeaderLine = header.Row,
            SheetName = sheetName,
        };
    }

    private static bool IsComment(IEnumerable<(string Ref, int Col, string Text, bool Formula)> cells) =>
        cells.FirstOrDefault(c => c.Text.Trim().Length > 0).Text?.TrimStart().StartsWith('#') == true;

    private static List<(int Row, List<(string Ref, int Col, string Text, bool Formula)> Cells)> ReadGrid(WorksheetPart part, string[] shared)
    {
        var grid = new List<(int, List<(string, int, string, bool)>)>();
        var data = part.Worksheet?.GetFirstChild<SheetData>();
        if (data is null) return grid;
        var rowNumber = 0;
        foreach (var row in data.Elements<Row>())
        {
            // RowIndex.Value throws OverflowException for digits past uint; Excel's sheets end at row 1 048 576, column XFD (16 384).
            rowNumber = row.RowIndex?.Value is { } ri ? (ri is >= 1 and <= MaxRow ? (int)ri : throw new InvalidDataException($"row {ri} out of range")) : rowNumber + 1;
            if (rowNumber > MaxRow) throw new InvalidDataException("too many rows");
            var cells = new List<(string, int, string, bool)>();
            var col = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                col = cell.CellReference?.Value is { } r ? ColumnIndex(r) : col + 1;
                if (col is < 1 or > MaxColumn) throw new InvalidDataException($"column of {cell.CellReference?.Value} out of range");
                var reference = ColumnLetters(col) + rowNumber.ToString(CultureInfo.InvariantCulture);
                cells.Add((reference, col, CellText(cell, shared), cell.CellFormula is not null));
            }
            grid.Add((rowNumber, cells));
        }
        return grid;
    }

    private static string CellText(Cell cell, string[] shared)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Length
                ? shared[i]
                : throw new InvalidDataException($"shared string {raw} missing");
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        if (type == CellValues.Boolean) return raw == "1" ? "TRUE" : "FALSE";
        return raw; // numbers in invariant form ("1795", "47820.5"), strings, errors ("#REF!")
    }

    /// <summary>1-based column index of a reference such as "AB12" (28).</summary>
    public static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch)) break;
            if (n > MaxColumn) return int.MaxValue; // far past XFD; do not overflow
            n = n * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        }
        return n;
    }

    /// <summary>Column letters of a 1-based index (28 → "AB").</summary>
    public static string ColumnLetters(int index)
    {
        var s = "";
        while (index > 0)
        {
            var r = (index - 1) % 26;
            s = (char)('A' + r) + s;
            index = (index - 1) / 26;
        }
        return s;
    }
}
