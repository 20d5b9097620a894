using CsvHelper;
using CsvHelper.Configuration;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// The budgets of a text file (CSV, the statute's annex), checked before it is parsed: no line
/// longer than <see cref="IngestionLimits.MaxLineCharacters"/> (a 1 MB single line), no more than
/// <see cref="IngestionLimits.MaxRows"/> non-empty lines (100 000 tiny rows).
/// </summary>
public static class TextBudget
{
    /// <summary>True when the text is within the budgets; else the problem is added (on its line) and false returned.</summary>
    public static bool Check(string text, IngestionLimits limits, ProblemList problems)
    {
        var line = 0;
        var rows = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            line++;
            var length = end - start;
            if (length > limits.MaxLineCharacters)
            {
                problems.Add(line, null, "line-too-long",
                    $"Rad {line} har {length} tecken; högst {limits.MaxLineCharacters} godtas på en rad.",
                    $"Line {line} has {length} characters; at most {limits.MaxLineCharacters} are accepted on a line.");
                return false;
            }
            if (!text.AsSpan(start, length).IsWhiteSpace() && ++rows > limits.MaxRows)
            {
                problems.Add(line, null, "too-many-rows",
                    $"Filen har fler än {limits.MaxRows} rader (rad {line}); högst {limits.MaxRows} godtas.",
                    $"The file has more than {limits.MaxRows} lines (line {line}); at most {limits.MaxRows} are accepted.");
                return false;
            }
            start = end + 1;
        }
        return true;
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
        HeaderInfo? first = null;
        var start = 0;
        for (var i = 0; i < 50 && start <= text.Length; i++)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var l = text[start..end].TrimEnd('\r').TrimStart('\uFEFF');
            start = end + 1;
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

    public static TabularFile Read(string fileName, DecodedText decoded, TabularSpec spec, ProblemList problems, IngestionLimits? limits = null)
    {
        limits ??= IngestionLimits.Default;
        var text = decoded.Text.TrimStart('\uFEFF');
        var comments = new List<string>();
        var titles = new List<TabularValue>();
        if (!TextBudget.Check(text, limits, problems))
            return new TabularFile(fileName, [], [], comments) { Encoding = decoded.Encoding };
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
                columns = record.Select(h => h.Length > limits.MaxCellCharacters ? "" : spec.NormaliseHeader(h.Trim().Trim('\uFEFF'))).ToArray();
                for (var c = 0; c < record.Length; c++)
                    if (record[c].Length > limits.MaxCellCharacters) TooLong(problems, line, null, c, record[c].Length, limits);
                TabularReader.CheckDuplicateColumns(columns, line, _ => null, problems);
                continue;
            }
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Length > 0 && record[0].StartsWith('#')) { comments.Add(string.Join(header.Delimiter, record).TrimStart('#', ' ')); continue; }
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            var tooLong = new List<string>();
            for (var c = 0; c < columns.Length; c++)
            {
                if (columns[c].Length == 0 || cells.ContainsKey(columns[c])) continue;
                var value = c < record.Length ? record[c] : "";
                if (value.Length > limits.MaxCellCharacters)
                {
                    TooLong(problems, line, columns[c], c, value.Length, limits);
                    tooLong.Add(columns[c]);
                    value = "";
                }
                cells[columns[c]] = value;
            }
            if (record.Length > columns.Length && record.Skip(columns.Length).Any(v => !string.IsNullOrWhiteSpace(v)))
                problems.Add(line, null, "extra-cells",
                    $"Raden har {record.Length} fält men rubrikraden {columns.Length}.",
                    $"The row has {record.Length} fields but the header has {columns.Length}.");
            var row = new TabularRow(line, cells);
            foreach (var c in tooLong) row.Rejected.Add(c);
            rows.Add(row);
        }
        return new TabularFile(fileName, (columns ?? []).Where(c => c.Length > 0).Distinct().ToList(), rows, comments)
        {
            Titles = titles,
            Encoding = decoded.Encoding,
            HeaderLine = headerIndex + 1,
        };
    }

    private static void TooLong(ProblemList problems, int line, string? field, int index, int length, IngestionLimits limits) =>
        problems.Add(line, field, "cell-too-long",
            $"Fält {index + 1} på rad {line} har {length} tecken; högst {limits.MaxCellCharacters} godtas i ett fält.",
            $"Field {index + 1} on line {line} has {length} characters; at most {limits.MaxCellCharacters} are accepted in a field.");

    /// <summary>Reads CSV text with the given header normaliser (the recipient file).</summary>
    public static TabularFile Read(string fileName, string text, Func<string, string> normaliseHeader, ProblemList problems, IngestionLimits? limits = null) =>
        Read(fileName, new DecodedText(text, TextDecoder.Utf8), new TabularSpec(normaliseHeader), problems, limits);
}
