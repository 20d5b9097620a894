namespace Kommuntal.Core.Ingestion;

/// <summary>How an input file was written.</summary>
public enum InputFormat
{
    Csv,
    Xlsx,
    Json,
    /// <summary>An OpenDocument spreadsheet (.ods), as LibreOffice saves it.</summary>
    Ods,
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
    /// <summary>The text encoding the file was read with ("utf-8", "utf-8-bom", "windows-1252", "utf-16"; "xlsx" or "ods" for workbooks).</summary>
    public string Encoding { get; init; } = TextDecoder.Utf8;
    /// <summary>Title lines before the header ("Bilaga", "Förteckning över länstal 2022"), with their lines.</summary>
    public IReadOnlyList<TabularValue> Titles { get; init; } = [];
    /// <summary>JSON top-level values by normalised name ("year", "total"...), with their lines.</summary>
    public IReadOnlyDictionary<string, TabularValue> Properties { get; init; } = new Dictionary<string, TabularValue>();
    /// <summary>Line (or sheet row) of the header.</summary>
    public int HeaderLine { get; init; } = 1;
    /// <summary>The sheet read (XLSX and ODS only).</summary>
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
/// The one reading layer for every input kind: detects the format from the content (a zip file is
/// an .ods spreadsheet when its mimetype entry says so, else an .xlsx workbook; JSON starts with '{'
/// or '['; else text: CSV with a header row, or the statute's annex), with the file name's extension
/// as a hint for clearer messages, decodes text (<see cref="TextDecoder"/>) and returns rows with
/// their lines or cells, all within <see cref="IngestionLimits"/>. Every non-empty cell that a
/// spreadsheet would run as a formula ('=', '+', '-', '@' first, unless a plain number) is rejected
/// here, for every kind and column.
/// </summary>
public static class TabularReader
{
    public static TabularFile? Read(InputFile file, TabularSpec spec, ProblemList problems, IngestionLimits? limits = null)
    {
        limits ??= IngestionLimits.Default;
        var b = file.Content;
        if (b.Length == 0)
        {
            problems.Add(null, null, "empty-file", "Filen är tom.", "The file is empty.");
            return null;
        }
        var ext = Path.GetExtension(file.Name).ToLowerInvariant();
        TabularFile? table;
        if (b.Length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
            table = ReadZip(file, spec, problems, limits);
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
        else if (ext is ".ods")
        {
            problems.Add(null, null, "invalid-ods",
                "Filen heter .ods men är inget OpenDocument-kalkylblad (den är inte en zip-fil).",
                "The file is named .ods but is not an OpenDocument spreadsheet (it is not a zip file).");
            return null;
        }
        else
        {
            var text = TextDecoder.Decode(file, problems);
            if (text is null) return null;
            var start = text.Text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (start.StartsWith('{') || start.StartsWith('['))
                table = JsonTable.Read(file.Name, text, spec, problems, limits);
            else if (!TextBudget.Check(text.Text, limits, problems))
                return null;
            else if (spec.AnnexReader is not null && CsvTable.FindHeader(text.Text, spec) is not { HasKnownColumn: true })
                table = spec.AnnexReader(file.Name, text, problems);
            else
                table = CsvTable.Read(file.Name, text, spec, problems, limits);
        }
        if (table is null) return null;
        RejectFormulaCells(table, problems);
        return table;
    }

    /// <summary>
    /// A zip file: an OpenDocument spreadsheet when its <c>mimetype</c> entry says so (another
    /// OpenDocument type is named and refused), else an .xlsx workbook; opened within the budgets.
    /// </summary>
    private static TabularFile? ReadZip(InputFile file, TabularSpec spec, ProblemList problems, IngestionLimits limits)
    {
        var ods = Path.GetExtension(file.Name).Equals(".ods", StringComparison.OrdinalIgnoreCase);
        try
        {
            using var zip = ZipContainer.Open(file.Content, limits);
            var mime = zip.ReadSmallAscii("mimetype", 200)?.Trim();
            if (mime == OdsTable.MimeType) return OdsTable.Read(file.Name, zip, spec, problems, limits);
            if (mime is not null && mime.StartsWith("application/vnd.oasis.opendocument.", StringComparison.Ordinal))
            {
                var kind = mime["application/vnd.oasis.opendocument.".Length..];
                problems.Add(null, null, "unsupported-format",
                    $"Filen är ett OpenDocument-dokument av typen {ProblemList.Echo(kind)}, inte ett kalkylblad. Spara tabellen som .ods, .xlsx eller CSV.",
                    $"The file is an OpenDocument document of the type {ProblemList.Echo(kind)}, not a spreadsheet. Save the table as .ods, .xlsx or CSV.");
                return null;
            }
            return XlsxTable.Read(file.Name, zip, spec, problems, limits);
        }
        catch (InputRejectedException ex)
        {
            ex.AddTo(problems);
            return null;
        }
        catch (Exception ex) when (XlsxTable.IsUnreadable(ex))
        {
            if (ods) OdsTable.Invalid(problems);
            else XlsxTable.Invalid(problems, null);
            return null;
        }
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

    internal static string Shorten(string t) => ProblemList.Echo(t);

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
