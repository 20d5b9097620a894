using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Ingestion;

/// <summary>How an input file was written.</summary>
public enum InputFormat
{
    Csv,
    Xlsx,
    Json,
    /// <summary>The statute's annex as printed ("Förteckning över länstal 2022", name and number per line).</summary>
    AnnexText,
}

/// <summary>A single value found outside the rows (a title line, a JSON property), with its line.</summary>
public sealed record TabularValue(string Text, int Line);

/// <summary>A row of a spreadsheet-like file, with where it came from for error messages.</summary>
/// <param name="Line">1-based line in the file (CSV, annex text, JSON object start) or row number (XLSX).</param>
/// <param name="Cells">Values by normalised column name.</param>
/// <param name="CellRefs">Spreadsheet cell reference of each value (XLSX only).</param>
public sealed record TabularRow(int Line, IReadOnlyDictionary<string, string> Cells, IReadOnlyDictionary<string, string>? CellRefs = null)
{
    /// <summary>Line of each value when it differs from <see cref="Line"/> (JSON properties).</summary>
    public IReadOnlyDictionary<string, int>? FieldLines { get; init; }

    /// <summary>Columns whose value was already rejected by the reader (formula cells): parsers skip them.</summary>
    public ISet<string> Rejected { get; } = new HashSet<string>(StringComparer.Ordinal);

    public string? Get(string column) => Cells.TryGetValue(column, out var v) ? v : null;
    public string? CellRef(string column) => CellRefs is not null && CellRefs.TryGetValue(column, out var c) ? c : null;
    public int LineOf(string? column) => column is not null && FieldLines is not null && FieldLines.TryGetValue(column, out var l) ? l : Line;
}

/// <summary>Rows and header of a CSV, XLSX, JSON or annex-text file, after decoding; notes and titles kept aside.</summary>
public sealed record TabularFile(string FileName, IReadOnlyList<string> Columns, IReadOnlyList<TabularRow> Rows, IReadOnlyList<string> Comments)
{
    public InputFormat Format { get; init; } = InputFormat.Csv;
    /// <summary>The text encoding the file was read with ("utf-8", "utf-8-bom", "windows-1252", "utf-16"; "xlsx" for workbooks).</summary>
    public string Encoding { get; init; } = TextDecoder.Utf8;
    /// <summary>Title lines before the header ("Bilaga", "Förteckning över länstal 2022"), with their lines.</summary>
    public IReadOnlyList<TabularValue> Titles { get; init; } = [];
    /// <summary>JSON top-level values by normalised name ("year", "total"...), with their lines.</summary>
    public IReadOnlyDictionary<string, TabularValue> Properties { get; init; } = new Dictionary<string, TabularValue>();
    /// <summary>Line (or sheet row) of the header.</summary>
    public int HeaderLine { get; init; } = 1;
    /// <summary>The sheet read (XLSX only).</summary>
    public string? SheetName { get; init; }
}

/// <summary>What a file kind expects: how its headers are named and which JSON fields it has.</summary>
public sealed record TabularSpec(Func<string, string> NormaliseHeader)
{
    /// <summary>Normalised column names the kind understands (used to find the header among title lines).</summary>
    public IReadOnlySet<string> KnownColumns { get; init; } = new HashSet<string>();
    /// <summary>JSON: names of the top-level array holding the rows ("counties"); a top-level array is accepted too.</summary>
    public IReadOnlyList<string> JsonRowArrays { get; init; } = [];
    /// <summary>JSON: top-level scalar fields by accepted name → normalised name ("år" → "year").</summary>
    public IReadOnlyDictionary<string, string> JsonProperties { get; init; } = new Dictionary<string, string>();
    /// <summary>Reads files that are not a table with a header (the statute's annex); null when the kind has none.</summary>
    public Func<string, DecodedText, ProblemList, TabularFile>? AnnexReader { get; init; }

    public bool IsKnown(string header) => KnownColumns.Contains(NormaliseHeader(header));
}

/// <summary>
/// The one reading layer for every input kind: detects the format from the content (an .xlsx
/// workbook is a zip file; JSON starts with '{' or '['; else text: CSV with a header row, or the
/// statute's annex), with the file name's extension as a hint for clearer messages, decodes text
/// (<see cref="TextDecoder"/>) and returns rows with their lines or cells. Every non-empty cell that
/// a spreadsheet would run as a formula ('=', '+', '-', '@' first, unless a plain number) is
/// rejected here, for every kind and column.
/// </summary>
public static class TabularReader
{
    public static TabularFile? Read(InputFile file, TabularSpec spec, ProblemList problems)
    {
        var b = file.Content;
        if (b.Length == 0)
        {
            problems.Add(null, null, "empty-file", "Filen är tom.", "The file is empty.");
            return null;
        }
        var ext = Path.GetExtension(file.Name).ToLowerInvariant();
        TabularFile? table;
        if (b.Length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
            table = XlsxTable.Read(file.Name, b, spec, problems);
        else if (b.Length >= 8 && b[0] == 0xD0 && b[1] == 0xCF && b[2] == 0x11 && b[3] == 0xE0)
        {
            problems.Add(null, null, "unsupported-format",
                "Filen är i det gamla Excel-formatet (.xls). Spara den som .xlsx eller CSV.",
                "The file is in the old Excel format (.xls). Save it as .xlsx or CSV.");
            return null;
        }
        else if (ext is ".xlsx" or ".xlsm")
        {
            problems.Add(null, null, "invalid-xlsx",
                "Filen heter .xlsx men är ingen Excel-arbetsbok (den är inte en zip-fil).",
                "The file is named .xlsx but is not an Excel workbook (it is not a zip file).");
            return null;
        }
        else
        {
            var text = TextDecoder.Decode(file, problems);
            if (text is null) return null;
            var start = text.Text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (start.StartsWith('{') || start.StartsWith('['))
                table = JsonTable.Read(file.Name, text, spec, problems);
            else if (spec.AnnexReader is not null && CsvTable.FindHeader(text.Text, spec) is not { HasKnownColumn: true })
                table = spec.AnnexReader(file.Name, text, problems);
            else
                table = CsvTable.Read(file.Name, text, spec, problems);
        }
        if (table is null) return null;
        RejectFormulaCells(table, problems);
        return table;
    }

    private static void RejectFormulaCells(TabularFile table, ProblemList problems)
    {
        foreach (var row in table.Rows)
            foreach (var (column, value) in row.Cells)
            {
                if (row.Rejected.Contains(column)) continue;
                var t = value.Trim();
                if (!Cells.IsFormulaLike(t)) continue;
                row.Rejected.Add(column);
                problems.Add(row, column, "formula-cell",
                    $"'{Shorten(t)}' ser ut som en formel och godtas inte (inga värden får börja med =, +, - eller @).",
                    $"'{Shorten(t)}' looks like a formula and is not accepted (no value may start with =, +, - or @).");
            }
    }

    internal static string Shorten(string t) => t.Length > 60 ? t[..57] + "..." : t;

    /// <summary>Adds a problem located at a row's line (or cell) and field.</summary>
    public static void Add(this ProblemList problems, TabularRow row, string? field, string code, string sv, string en) =>
        problems.Add(row.LineOf(field), field, code, sv, en, field is null ? null : row.CellRef(field));

    /// <summary>Reports header names that normalise to the same column.</summary>
    internal static void CheckDuplicateColumns(IReadOnlyList<string> normalised, int line, Func<int, string?> cellRef, ProblemList problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < normalised.Count; i++)
            if (normalised[i].Length > 0 && !seen.Add(normalised[i]))
                problems.Add(line, normalised[i], "duplicate-column",
                    $"Kolumnen {normalised[i]} förekommer två gånger i rubrikraden.", $"The column {normalised[i]} appears twice in the header.", cellRef(i));
    }
}

/// <summary>Reads CSV text (',', ';' or tab; comment lines starting with '#'; title lines before the header).</summary>
public static class CsvTable
{
    /// <summary>Where the header is: its 0-based line index, the delimiter, and whether it names a known column.</summary>
    public sealed record HeaderInfo(int Index, char Delimiter, bool HasKnownColumn);

    /// <summary>
    /// The header is the first line (not a '#' note) with at least two non-empty fields that names a
    /// known column; if none names one, the first line with two fields. Lines before it with at most
    /// one field are titles.
    /// </summary>
    public static HeaderInfo? FindHeader(string text, TabularSpec? spec)
    {
        var lines = text.Split('\n');
        HeaderInfo? first = null;
        for (var i = 0; i < lines.Length && i < 50; i++)
        {
            var l = lines[i].TrimEnd('\r').TrimStart('\uFEFF');
            if (l.StartsWith('#') || string.IsNullOrWhiteSpace(l)) continue;
            var delimiter = new[] { ';', ',', '\t' }.MaxBy(d => l.Count(c => c == d));
            var fields = l.Split(delimiter).Select(f => f.Trim().Trim('"')).Where(f => f.Length > 0).ToList();
            if (fields.Count < 2) continue;
            var known = spec is not null && fields.Any(spec.IsKnown);
            if (known) return new HeaderInfo(i, delimiter, true);
            first ??= new HeaderInfo(i, delimiter, false);
        }
        return first;
    }

    public static TabularFile Read(string fileName, DecodedText decoded, TabularSpec spec, ProblemList problems)
    {
        var text = decoded.Text.TrimStart('\uFEFF');
        var comments = new List<string>();
        var titles = new List<TabularValue>();
        var lines = text.Split('\n');
        var header = FindHeader(text, spec);
        var headerIndex = header?.Index ?? lines.Length;
        for (var i = 0; i < headerIndex && i < lines.Length; i++)
        {
            var l = lines[i].TrimEnd('\r');
            if (l.StartsWith('#')) comments.Add(l.TrimStart('#', ' '));
            else if (!string.IsNullOrWhiteSpace(l)) titles.Add(new TabularValue(l.Trim().Trim(';', ',', '\t', ' ', '"'), i + 1));
        }
        if (header is null)
        {
            if (titles.Count == 0)
                problems.Add(null, null, "empty-file", "Filen innehåller inga rader.", "The file has no rows.");
            else
                problems.Add(titles[0].Line, null, "missing-header",
                    "Ingen rubrikrad hittades (en rad med kolumnnamn avgränsade med komma, semikolon eller tabb).",
                    "No header row was found (a line of column names separated by commas, semicolons or tabs).");
            return new TabularFile(fileName, [], [], comments) { Titles = titles, Encoding = decoded.Encoding };
        }
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = header.Delimiter.ToString(),
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.Trim,
            Mode = CsvMode.RFC4180,
        };
        var body = string.Join('\n', lines.Skip(headerIndex));
        using var reader = new StringReader(body);
        using var csv = new CsvParser(reader, config);
        string[]? columns = null;
        var rows = new List<TabularRow>();
        while (csv.Read())
        {
            var record = csv.Record ?? [];
            var line = headerIndex + csv.RawRow;
            if (columns is null)
            {
                columns = record.Select(h => spec.NormaliseHeader(h.Trim().Trim('\uFEFF'))).ToArray();
                TabularReader.CheckDuplicateColumns(columns, line, _ => null, problems);
                continue;
            }
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Length > 0 && record[0].StartsWith('#')) { comments.Add(string.Join(header.Delimiter, record).TrimStart('#', ' ')); continue; }
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < columns.Length; c++)
                if (columns[c].Length > 0 && !cells.ContainsKey(columns[c])) cells[columns[c]] = c < record.Length ? record[c] : "";
            if (record.Length > columns.Length && record.Skip(columns.Length).Any(v => !string.IsNullOrWhiteSpace(v)))
                problems.Add(line, null, "extra-cells",
                    $"Raden har {record.Length} fält men rubrikraden {columns.Length}.",
                    $"The row has {record.Length} fields but the header has {columns.Length}.");
            rows.Add(new TabularRow(line, cells));
        }
        return new TabularFile(fileName, (columns ?? []).Where(c => c.Length > 0).Distinct().ToList(), rows, comments)
        {
            Titles = titles,
            Encoding = decoded.Encoding,
            HeaderLine = headerIndex + 1,
        };
    }

    /// <summary>Reads CSV text with the given header normaliser (kept for callers of the first version).</summary>
    public static TabularFile Read(string fileName, string text, Func<string, string> normaliseHeader, ProblemList problems) =>
        Read(fileName, new DecodedText(text, TextDecoder.Utf8), new TabularSpec(normaliseHeader), problems);
}
