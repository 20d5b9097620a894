namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Reads the first sheet of an OpenDocument spreadsheet (.ods, as LibreOffice and OpenOffice save
/// it) with the rules of .xlsx (<see cref="SheetGrid"/>): titles, header detection, '#' notes, cell
/// references such as "B7", formula cells (<c>table:formula</c>) refused. Found from the zip's
/// <c>mimetype</c> entry, not the file name. <c>content.xml</c> is read with a streaming XML reader
/// within <see cref="IngestionLimits"/>; repeated rows and cells (<c>number-rows-repeated</c>,
/// <c>number-columns-repeated</c>, which LibreOffice writes for the empty rest of a sheet) cost
/// nothing when empty and are counted against the row, cell and character budgets, before they are
/// expanded, when not. Numbers are taken from <c>office:value</c> (invariant, as .xlsx stores
/// them), not from the formatted text.
/// </summary>
public static class OdsTable
{
    public const string MimeType = "application/vnd.oasis.opendocument.spreadsheet";

    internal static void Invalid(ProblemList problems) =>
        problems.Add(null, null, "invalid-ods",
            "Filen kunde inte läsas som OpenDocument-kalkylblad (.ods); den kan vara skadad eller avkortad.",
            "The file could not be read as an OpenDocument spreadsheet (.ods); it may be damaged or truncated.");

    internal static TabularFile? Read(string fileName, ZipContainer zip, TabularSpec spec, ProblemList problems, IngestionLimits limits)
    {
        try
        {
            using var xml = SafeXml.Create(zip.Open("content.xml") ?? throw new InvalidDataException("no content.xml"), "content.xml", limits);
            while (xml.Read())
            {
                if (!xml.IsStart("table")) continue;
                var name = ProblemList.Echo(xml.Attribute("name") ?? "Sheet1");
                var grid = ReadTable(xml, limits);
                return grid.ToTable(fileName, name, spec, problems, InputFormat.Ods, "ods");
            }
            problems.Add(null, null, "empty-file", "Kalkylbladet har inga blad.", "The spreadsheet has no sheets.");
            return null;
        }
        catch (InputRejectedException ex)
        {
            ex.AddTo(problems);
            return null;
        }
        catch (Exception ex) when (XlsxTable.IsUnreadable(ex))
        {
            Invalid(problems);
            return null;
        }
    }

    /// <summary>The rows of the table the reader is on, up to its end (rows inside row groups and header rows included).</summary>
    private static SheetGrid ReadTable(SafeXml xml, IngestionLimits limits)
    {
        var grid = new SheetGrid(limits);
        if (xml.Reader.IsEmptyElement) return grid;
        var depth = xml.Reader.Depth;
        var row = 0;
        var text = new StringBuilder();
        while (xml.Read())
        {
            if (xml.Reader.Depth == depth && xml.IsEnd("table")) break;
            if (!xml.IsStart("table-row")) continue;
            var repeat = Repeat(xml.Attribute("number-rows-repeated"));
            var cells = ReadRow(xml, text, limits);
            if (cells.Count == 0)
            {
                row = (int)Math.Min(row + repeat, SheetGrid.MaxRow + 1L);
                continue;
            }
            if (row + repeat > SheetGrid.MaxRow) throw new InvalidDataException("row out of range");
            if (repeat > 1) grid.EnsureRoom(row + 1, repeat, cells.Count);
            for (var r = 0; r < repeat; r++)
            {
                row++;
                foreach (var (col, value, formula, tooLong) in cells)
                    grid.Add(row, new SheetCell(SheetGrid.Reference(col, row), col, value, formula, tooLong));
            }
        }
        return grid;
    }

    /// <summary>The filled cells of a row (column, text, formula, length when too long), repeated cells expanded within the cell budget.</summary>
    private static List<(int Col, string Text, bool Formula, long TooLong)> ReadRow(SafeXml xml, StringBuilder text, IngestionLimits limits)
    {
        var cells = new List<(int, string, bool, long)>();
        if (xml.Reader.IsEmptyElement) return cells;
        var depth = xml.Reader.Depth;
        var col = 0L;
        while (xml.Read())
        {
            if (xml.Reader.Depth == depth && xml.IsEnd("table-row")) break;
            if (!xml.IsStart("table-cell") && !xml.IsStart("covered-table-cell")) continue;
            var repeat = Repeat(xml.Attribute("number-columns-repeated"));
            var (value, formula, length) = ReadCell(xml, text, limits.MaxCellCharacters);
            var filled = length > 0 || formula;
            if (!filled)
            {
                col = Math.Min(col + repeat, SheetGrid.MaxColumn + 1L);
                continue;
            }
            if (col + repeat > SheetGrid.MaxColumn) throw new InvalidDataException("column out of range");
            if (cells.Count + repeat > limits.MaxCells)
                throw new InputRejectedException("too-many-cells",
                    $"En rad har fler än {limits.MaxCells} ifyllda celler (en cell upprepas {repeat} gånger); högst {limits.MaxCells} godtas.",
                    $"A row has more than {limits.MaxCells} filled cells (a cell is repeated {repeat} times); at most {limits.MaxCells} are accepted.");
            for (var i = 0; i < repeat; i++)
            {
                col++;
                cells.Add(((int)col, length > limits.MaxCellCharacters ? "" : value, formula, length > limits.MaxCellCharacters ? length : 0));
            }
        }
        return cells;
    }

    /// <summary>A repeat count: 1 when absent; anything unreadable or below 1 is a damaged file.</summary>
    private static long Repeat(string? attribute) =>
        attribute is null ? 1
        : long.TryParse(attribute, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
        : throw new InvalidDataException($"repeat count {attribute}");

    /// <summary>
    /// A cell's value: <c>office:value</c> for numbers (float, percentage, currency), the date, time or
    /// boolean value for those types, else its paragraphs' text (lines joined with a line break;
    /// <c>text:s</c>, <c>text:tab</c>, <c>text:line-break</c> as the characters they stand for; comments left out).
    /// </summary>
    private static (string Value, bool Formula, long Length) ReadCell(SafeXml xml, StringBuilder text, int max)
    {
        var formula = xml.Attribute("formula") is not null;
        var typed = xml.Attribute("value-type") switch
        {
            "float" or "percentage" or "currency" => xml.Attribute("value"),
            "date" => xml.Attribute("date-value"),
            "time" => xml.Attribute("time-value"),
            "boolean" => xml.Attribute("boolean-value") is { } b ? (b == "true" ? "TRUE" : "FALSE") : null,
            "string" => xml.Attribute("string-value"),
            _ => null,
        };
        text.Clear();
        long length = 0;
        if (!xml.Reader.IsEmptyElement)
        {
            var depth = xml.Reader.Depth;
            var paragraphs = 0;
            var annotation = 0;
            while (xml.Read())
            {
                if (xml.Reader.Depth == depth && (xml.IsEnd("table-cell") || xml.IsEnd("covered-table-cell"))) break;
                if (xml.IsStart("annotation") && !xml.Reader.IsEmptyElement) annotation++;
                else if (xml.IsEnd("annotation")) annotation--;
                else if (annotation > 0) continue;
                else if (xml.IsStart("p") || xml.IsStart("h"))
                {
                    if (paragraphs++ > 0) length += Append(text, "\n", 1, max);
                }
                else if (xml.IsStart("s"))
                    length += Append(text, " ", long.TryParse(xml.Attribute("c"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0 ? c : 1, max);
                else if (xml.IsStart("tab")) length += Append(text, "\t", 1, max);
                else if (xml.IsStart("line-break")) length += Append(text, "\n", 1, max);
                else if (xml.IsText) length += xml.AppendText(text, max);
            }
        }
        if (typed is not null)
        {
            if (typed.Length > max) return ("", formula, typed.Length);
            return (typed, formula, typed.Length);
        }
        return (length > max ? "" : text.ToString(), formula, length);
    }

    /// <summary>Appends <paramref name="count"/> copies of a character while the text is within the limit; returns the count.</summary>
    private static long Append(StringBuilder text, string s, long count, int max)
    {
        for (var i = 0L; i < count && text.Length <= max; i++) text.Append(s);
        return count;
    }
}
