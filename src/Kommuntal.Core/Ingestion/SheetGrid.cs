namespace Kommuntal.Core.Ingestion;

/// <summary>One non-empty cell of a sheet: its reference ("B7"), 1-based column, text, whether it holds a formula, and its length when it was too long to keep.</summary>
internal readonly record struct SheetCell(string Ref, int Col, string Text, bool Formula, long TooLong = 0)
{
    public bool IsEmpty => Text.Trim().Length == 0 && !Formula && TooLong == 0;
}

/// <summary>One row of a sheet with its number and its cells.</summary>
internal sealed record SheetRow(int Row, List<SheetCell> Cells);

/// <summary>
/// The cells of the first sheet of a workbook (.xlsx or .ods) while they are read, counted against
/// <see cref="IngestionLimits"/> (rows, cells, characters of all values), and turned into rows with
/// the conventions every spreadsheet shares: rows whose first cell starts with '#' are notes, rows
/// with a single filled cell before the header are titles, the header is the first row with two or
/// more filled cells; every value keeps its cell reference for messages; formula cells and cells
/// over the length limit are refused on their cell.
/// </summary>
internal sealed class SheetGrid(IngestionLimits limits)
{
    public const int MaxRow = 1_048_576, MaxColumn = 16_384;

    private long _characters;
    private int _cells;

    public List<SheetRow> Rows { get; } = [];

    /// <summary>Starts a row; the row budget counts rows with content, so rows are added when their first non-empty cell is.</summary>
    public void Add(int row, SheetCell cell)
    {
        if (cell.IsEmpty) return;
        if (++_cells > limits.MaxCells)
            throw new InputRejectedException("too-many-cells",
                $"Bladet har fler än {limits.MaxCells} ifyllda celler; högst {limits.MaxCells} godtas.",
                $"The sheet has more than {limits.MaxCells} filled cells; at most {limits.MaxCells} are accepted.");
        _characters += cell.Text.Length;
        if (_characters > limits.MaxTextCharacters)
            throw new InputRejectedException("text-too-large",
                $"Cellerna innehåller tillsammans mer än {limits.MaxTextCharacters} tecken (delade texter räknas i varje cell som använder dem); högst {limits.MaxTextCharacters} godtas.",
                $"The cells hold more than {limits.MaxTextCharacters} characters together (a shared text counts in every cell that uses it); at most {limits.MaxTextCharacters} are accepted.");
        if (Rows.Count == 0 || Rows[^1].Row != row)
        {
            if (Rows.Count >= limits.MaxRows)
                throw new InputRejectedException("too-many-rows",
                    $"Bladet har fler än {limits.MaxRows} ifyllda rader (rad {row}); högst {limits.MaxRows} godtas.",
                    $"The sheet has more than {limits.MaxRows} filled rows (row {row}); at most {limits.MaxRows} are accepted.");
            Rows.Add(new SheetRow(row, []));
        }
        Rows[^1].Cells.Add(cell);
    }

    /// <summary>Whether <paramref name="extraRows"/> more filled rows of <paramref name="cellsPerRow"/> cells each would fit (OpenDocument's repeated rows, checked before they are expanded).</summary>
    public void EnsureRoom(int row, long extraRows, long cellsPerRow)
    {
        if (Rows.Count + extraRows > limits.MaxRows)
            throw new InputRejectedException("too-many-rows",
                $"Bladet har fler än {limits.MaxRows} ifyllda rader (rad {row} upprepas {extraRows} gånger); högst {limits.MaxRows} godtas.",
                $"The sheet has more than {limits.MaxRows} filled rows (row {row} is repeated {extraRows} times); at most {limits.MaxRows} are accepted.");
        if (_cells + extraRows * cellsPerRow > limits.MaxCells)
            throw new InputRejectedException("too-many-cells",
                $"Bladet har fler än {limits.MaxCells} ifyllda celler (rad {row} upprepas {extraRows} gånger); högst {limits.MaxCells} godtas.",
                $"The sheet has more than {limits.MaxCells} filled cells (row {row} is repeated {extraRows} times); at most {limits.MaxCells} are accepted.");
    }

    public static string Reference(int col, int row) => ColumnLetters(col) + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>Column letters of a 1-based index (28 → "AB").</summary>
    public static string ColumnLetters(int index)
    {
        var s = new StringBuilder();
        while (index > 0)
        {
            var r = (index - 1) % 26;
            s.Insert(0, (char)('A' + r));
            index = (index - 1) / 26;
        }
        return s.ToString();
    }

    private static bool IsComment(IEnumerable<SheetCell> cells) =>
        cells.FirstOrDefault(c => c.Text.Trim().Length > 0).Text?.TrimStart().StartsWith('#') == true;

    private static void TooLong(ProblemList problems, int row, string? field, SheetCell cell, int max) =>
        problems.Add(row, field, "cell-too-long",
            $"Cellen {cell.Ref} har {cell.TooLong} tecken; högst {max} godtas i en cell.",
            $"The cell {cell.Ref} has {cell.TooLong} characters; at most {max} are accepted in a cell.", cell.Ref);

    /// <summary>The rows as a table: titles and notes above the header, the header, data rows with cell references.</summary>
    public TabularFile ToTable(string fileName, string sheetName, TabularSpec spec, ProblemList problems, InputFormat format, string encoding)
    {
        var grid = Rows;
        var comments = new List<string>();
        var titles = new List<TabularValue>();
        var headerAt = grid.FindIndex(r => r.Cells.Count(c => c.Text.Trim().Length > 0 || c.Formula) >= 2 && !IsComment(r.Cells)
                                          && r.Cells.Any(c => spec.IsKnown(c.Text)));
        if (headerAt < 0) headerAt = grid.FindIndex(r => r.Cells.Count(c => c.Text.Trim().Length > 0) >= 2 && !IsComment(r.Cells));
        for (var i = 0; i < (headerAt < 0 ? grid.Count : headerAt); i++)
        {
            foreach (var c in grid[i].Cells.Where(c => c.TooLong > 0)) TooLong(problems, grid[i].Row, null, c, limits.MaxCellCharacters);
            var cells = grid[i].Cells.Where(c => c.Text.Trim().Length > 0).ToList();
            if (cells.Count == 0) continue;
            if (IsComment(cells)) comments.Add(string.Join(" ", cells.Select(c => c.Text.Trim())).TrimStart('#', ' '));
            else titles.Add(new TabularValue(string.Join(" ", cells.Select(c => c.Text.Trim())), grid[i].Row));
        }
        if (headerAt < 0)
        {
            if (titles.Count == 0 && !problems.Any)
                problems.Add(null, null, "empty-file", $"Bladet {ProblemList.Echo(sheetName)} är tomt.", $"The sheet {ProblemList.Echo(sheetName)} is empty.");
            else if (titles.Count > 0)
                problems.Add(titles[0].Line, null, "missing-header", $"Bladet {ProblemList.Echo(sheetName)} har ingen rubrikrad (en rad med kolumnnamn).",
                    $"The sheet {ProblemList.Echo(sheetName)} has no header row (a row of column names).");
            return new TabularFile(fileName, [], [], comments) { Format = format, Encoding = encoding, Titles = titles, SheetName = sheetName };
        }

        var header = grid[headerAt];
        var columnsByIndex = new Dictionary<int, string>();
        foreach (var c in header.Cells)
        {
            if (c.TooLong > 0) TooLong(problems, header.Row, null, c, limits.MaxCellCharacters);
            var name = spec.NormaliseHeader(c.Text.Trim());
            if (name.Length > 0) columnsByIndex[c.Col] = name;
        }
        var headerCells = header.Cells.Where(c => c.Text.Trim().Length > 0).ToList();
        TabularReader.CheckDuplicateColumns(headerCells.Select(c => spec.NormaliseHeader(c.Text.Trim())).ToList(), header.Row, i => headerCells[i].Ref, problems);
        var rows = new List<TabularRow>();
        foreach (var (rowNumber, cells) in grid.Skip(headerAt + 1))
        {
            if (cells.All(c => c.IsEmpty)) continue;
            if (IsComment(cells)) { comments.Add(string.Join(" ", cells.Select(c => c.Text.Trim())).TrimStart('#', ' ')); continue; }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var refs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (col, name) in columnsByIndex)
            {
                if (values.ContainsKey(name)) continue;
                values[name] = "";
                refs[name] = Reference(col, rowNumber);
            }
            var row = new TabularRow(rowNumber, values, refs);
            foreach (var cell in cells)
            {
                if (!columnsByIndex.TryGetValue(cell.Col, out var name))
                {
                    if (!cell.IsEmpty)
                        problems.Add(rowNumber, null, "extra-cells", $"Cellen {cell.Ref} ligger utanför rubrikradens kolumner.",
                            $"The cell {cell.Ref} is outside the header's columns.", cell.Ref);
                    continue;
                }
                if (refs[name] != cell.Ref) continue; // a second column with the same name: reported with the header
                values[name] = cell.Text;
                if (cell.TooLong > 0)
                {
                    row.Rejected.Add(name);
                    TooLong(problems, rowNumber, name, cell, limits.MaxCellCharacters);
                }
                else if (cell.Formula)
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
            Format = format,
            Encoding = encoding,
            Titles = titles,
            HeaderLine = header.Row,
            SheetName = sheetName,
        };
    }
}
