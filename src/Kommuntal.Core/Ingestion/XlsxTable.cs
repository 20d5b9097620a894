namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Reads the first sheet of an .xlsx workbook with the same conventions as CSV (<see cref="SheetGrid"/>):
/// notes, titles, the header, cell references ("B7") for messages, formula cells refused (whatever
/// their cached value). The package is read part by part with a streaming XML reader inside the
/// budgets of <see cref="IngestionLimits"/>: the zip (<see cref="ZipContainer"/>), each XML part
/// (<see cref="SafeXml"/>: no DTD, nesting, names), the shared strings (each measured while it is
/// read and kept only up to the cell limit, so a 10-million-character string is never built), the
/// cells, rows and characters of the sheet.
/// </summary>
public static class XlsxTable
{
    private const string OfficeDocument = "/officeDocument", Worksheet = "/worksheet", SharedStrings = "/sharedStrings";

    /// <summary>A shared string: its text when short enough to keep, else its length.</summary>
    private readonly record struct Shared(string Text, long TooLong);

    public static TabularFile? Read(string fileName, byte[] content, TabularSpec spec, ProblemList problems, IngestionLimits? limits = null)
    {
        var budget = limits ?? IngestionLimits.Default;
        return Guarded(problems, () =>
        {
            using var zip = ZipContainer.Open(content, budget);
            return Read(fileName, zip, spec, problems, budget);
        });
    }

    /// <summary>Runs a read; a budget or format error becomes its named problem (or invalid-xlsx) and null.</summary>
    private static TabularFile? Guarded(ProblemList problems, Func<TabularFile?> read)
    {
        try
        {
            return read();
        }
        catch (InputRejectedException ex)
        {
            ex.AddTo(problems);
            return null;
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            Invalid(problems, null);
            return null;
        }
    }

    internal static bool IsUnreadable(Exception ex) =>
        ex is InvalidDataException or IOException or System.Xml.XmlException or NotSupportedException or FormatException or OverflowException
            or ArgumentException or InvalidOperationException;

    internal static void Invalid(ProblemList problems, string? why) =>
        problems.Add(null, null, "invalid-xlsx",
            "Filen kunde inte läsas som Excel-arbetsbok (.xlsx); den kan vara skadad eller avkortad." + (why is null ? "" : $" ({why})"),
            "The file could not be read as an Excel workbook (.xlsx); it may be damaged or truncated." + (why is null ? "" : $" ({why})"));

    /// <summary>Reads the first sheet of an opened package; budget and format errors become one problem.</summary>
    internal static TabularFile? Read(string fileName, ZipContainer zip, TabularSpec spec, ProblemList problems, IngestionLimits limits) =>
        Guarded(problems, () =>
        {
            var workbookPath = Relationships(zip, "_rels/.rels", limits).FirstOrDefault(r => r.Type.EndsWith(OfficeDocument, StringComparison.Ordinal)).Target
                               is { } target ? Resolve("", target) : "xl/workbook.xml";
            if (!zip.Has(workbookPath)) throw new InvalidDataException("no workbook part");
            var (sheetName, sheetId) = FirstSheet(zip, workbookPath, limits);
            var dir = workbookPath.Contains('/') ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";
            var rels = Relationships(zip, dir + "_rels/" + workbookPath[dir.Length..] + ".rels", limits);
            var sheetRel = rels.FirstOrDefault(r => r.Id == sheetId);
            if (sheetRel.Target is null || !sheetRel.Type.EndsWith(Worksheet, StringComparison.Ordinal))
                throw new InvalidDataException("the first sheet is not a worksheet");
            var sharedRel = rels.FirstOrDefault(r => r.Type.EndsWith(SharedStrings, StringComparison.Ordinal));
            var shared = sharedRel.Target is null ? [] : ReadSharedStrings(zip, Resolve(dir, sharedRel.Target), limits);
            var grid = ReadSheet(zip, Resolve(dir, sheetRel.Target), shared, limits);
            return grid.ToTable(fileName, sheetName, spec, problems, InputFormat.Xlsx, "xlsx");
        });

    /// <summary>A part name from a relationship target: relative to <paramref name="dir"/>, or absolute ("/xl/...").</summary>
    private static string Resolve(string dir, string target)
    {
        var path = Uri.UnescapeDataString(target.StartsWith('/') ? target[1..] : dir + target);
        var parts = new List<string>();
        foreach (var p in path.Split('/'))
        {
            if (p == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else if (p is not ("." or "")) parts.Add(p);
        }
        return string.Join('/', parts);
    }

    private static SafeXml Part(ZipContainer zip, string name, IngestionLimits limits) =>
        SafeXml.Create(zip.Open(name) ?? throw new InvalidDataException($"part {name} missing"), name, limits);

    private static List<(string Id, string Type, string? Target)> Relationships(ZipContainer zip, string name, IngestionLimits limits)
    {
        var list = new List<(string, string, string?)>();
        if (!zip.Has(name)) return list;
        using var xml = Part(zip, name, limits);
        while (xml.Read())
            if (xml.IsStart("Relationship") && xml.Attribute("TargetMode") != "External")
                list.Add((xml.Attribute("Id") ?? "", xml.Attribute("Type") ?? "", xml.Attribute("Target")));
        return list;
    }

    private static (string Name, string Id) FirstSheet(ZipContainer zip, string workbook, IngestionLimits limits)
    {
        using var xml = Part(zip, workbook, limits);
        while (xml.Read())
            if (xml.IsStart("sheet"))
                return (ProblemList.Echo(xml.Attribute("name") ?? "Sheet1"), xml.Attribute("id") ?? throw new InvalidDataException("sheet without a relationship id"));
        throw new InvalidDataException("no sheet");
    }

    /// <summary>The shared strings in order, each measured while it is read and kept up to the cell limit.</summary>
    private static List<Shared> ReadSharedStrings(ZipContainer zip, string name, IngestionLimits limits)
    {
        var list = new List<Shared>();
        if (!zip.Has(name)) return list;
        using var xml = Part(zip, name, limits);
        var text = new StringBuilder();
        while (xml.Read())
            if (xml.IsStart("si"))
            {
                var length = ReadRichText(xml, "si", text, limits.MaxCellCharacters);
                list.Add(length > limits.MaxCellCharacters ? new Shared("", length) : new Shared(text.ToString(), 0));
            }
        return list;
    }

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt; element (its &lt;t&gt; runs, phonetic runs left out); returns its full length.</summary>
    private static long ReadRichText(SafeXml xml, string element, StringBuilder text, int max)
    {
        text.Clear();
        if (xml.Reader.IsEmptyElement) return 0;
        long length = 0;
        var depth = xml.Reader.Depth;
        var inT = false;
        var inPhonetic = 0;
        while (xml.Read())
        {
            if (xml.Reader.Depth == depth && xml.IsEnd(element)) break;
            if (xml.IsStart("rPh") && !xml.Reader.IsEmptyElement) inPhonetic++;
            else if (xml.IsEnd("rPh")) inPhonetic--;
            else if (xml.IsStart("t")) inT = !xml.Reader.IsEmptyElement;
            else if (xml.IsEnd("t")) inT = false;
            else if (inT && inPhonetic == 0 && xml.IsText) length += xml.AppendText(text, max);
        }
        return length;
    }

    private static SheetGrid ReadSheet(ZipContainer zip, string name, List<Shared> shared, IngestionLimits limits)
    {
        var grid = new SheetGrid(limits);
        using var xml = Part(zip, name, limits);
        var text = new StringBuilder();
        var rowNumber = 0;
        var col = 0;
        while (xml.Read())
        {
            if (xml.IsStart("row"))
            {
                var r = xml.Attribute("r");
                // Excel's sheets end at row 1 048 576, column XFD (16 384).
                rowNumber = r is null ? rowNumber + 1
                    : long.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var ri) && ri is >= 1 and <= SheetGrid.MaxRow ? (int)ri
                    : throw new InvalidDataException($"row {r} out of range");
                if (rowNumber > SheetGrid.MaxRow) throw new InvalidDataException("too many rows");
                col = 0;
            }
            else if (xml.IsStart("c"))
            {
                if (rowNumber == 0) throw new InvalidDataException("a cell outside a row");
                var reference = xml.Attribute("r");
                col = reference is null ? col + 1 : ColumnIndex(reference);
                if (col is < 1 or > SheetGrid.MaxColumn) throw new InvalidDataException("column out of range");
                var type = xml.Attribute("t");
                var (value, length, formula) = ReadCell(xml, text, limits.MaxCellCharacters);
                var cellRef = SheetGrid.Reference(col, rowNumber);
                if (length > limits.MaxCellCharacters) { grid.Add(rowNumber, new SheetCell(cellRef, col, "", formula, length)); continue; }
                var cellText = type switch
                {
                    "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Count
                        ? shared[i] : throw new InvalidDataException($"shared string {value} missing"),
                    "b" => new Shared(value == "1" ? "TRUE" : "FALSE", 0),
                    _ => new Shared(value, 0), // numbers in invariant form ("1795", "47820.5"), inline and formula strings, errors ("#REF!")
                };
                grid.Add(rowNumber, new SheetCell(cellRef, col, cellText.Text, formula, cellText.TooLong));
            }
        }
        return grid;
    }

    /// <summary>The value of a &lt;c&gt; element: its &lt;v&gt; text (or inline string), its full length, and whether it has a &lt;f&gt;ormula.</summary>
    private static (string Value, long Length, bool Formula) ReadCell(SafeXml xml, StringBuilder text, int max)
    {
        text.Clear();
        if (xml.Reader.IsEmptyElement) return ("", 0, false);
        var depth = xml.Reader.Depth;
        var formula = false;
        long length = 0;
        var inV = false;
        while (xml.Read())
        {
            if (xml.Reader.Depth == depth && xml.IsEnd("c")) break;
            if (xml.IsStart("f")) formula = true;
            else if (xml.IsStart("v")) inV = !xml.Reader.IsEmptyElement;
            else if (xml.IsEnd("v")) inV = false;
            else if (xml.IsStart("is")) length = ReadRichText(xml, "is", text, max);
            else if (inV && xml.IsText) length += xml.AppendText(text, max);
        }
        return (length > max ? "" : text.ToString(), length, formula);
    }

    /// <summary>1-based column index of a reference such as "AB12" (28).</summary>
    public static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch)) break;
            if (n > SheetGrid.MaxColumn) return int.MaxValue; // far past XFD; do not overflow
            n = n * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        }
        return n;
    }

    /// <summary>Column letters of a 1-based index (28 → "AB").</summary>
    public static string ColumnLetters(int index) => SheetGrid.ColumnLetters(index);
}
