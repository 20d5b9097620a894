using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Ingestion;

/// <summary>A row of a spreadsheet-like file, with where it came from for error messages.</summary>
/// <param name="Line">1-based line in the file (CSV) or row number (XLSX).</param>
/// <param name="Cells">Values by normalised column name.</param>
/// <param name="CellRefs">Spreadsheet cell reference of each value (XLSX only).</param>
public sealed record TabularRow(int Line, IReadOnlyDictionary<string, string> Cells, IReadOnlyDictionary<string, string>? CellRefs = null)
{
    public string? Get(string column) => Cells.TryGetValue(column, out var v) ? v : null;
    public string? CellRef(string column) => CellRefs is not null && CellRefs.TryGetValue(column, out var c) ? c : null;
}

/// <summary>Rows and header of a CSV or XLSX file, after decoding; comment lines ('#') kept aside.</summary>
public sealed record TabularFile(string FileName, IReadOnlyList<string> Columns, IReadOnlyList<TabularRow> Rows, IReadOnlyList<string> Comments);

/// <summary>Reads CSV text (',' or ';', comment lines starting with '#') into a <see cref="TabularFile"/>.</summary>
public static class CsvTable
{
    public static TabularFile Read(string fileName, string text, Func<string, string> normaliseHeader, ProblemList problems)
    {
        var comments = new List<string>();
        var lines = text.Split('\n');
        var headerIndex = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i].TrimEnd('\r');
            if (l.StartsWith('#')) { comments.Add(l.TrimStart('#', ' ')); continue; }
            if (string.IsNullOrWhiteSpace(l)) continue;
            headerIndex = i;
            break;
        }
        if (headerIndex < 0)
        {
            problems.Add(null, null, "empty-file", "Filen innehåller inga rader.", "The file has no rows.");
            return new TabularFile(fileName, [], [], comments);
        }
        var headerLine = lines[headerIndex].TrimEnd('\r');
        var delimiter = headerLine.Count(c => c == ';') > headerLine.Count(c => c == ',') ? ";" : ",";
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
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
        string[]? header = null;
        var rows = new List<TabularRow>();
        while (csv.Read())
        {
            var record = csv.Record ?? [];
            var line = headerIndex + csv.RawRow;
            if (header is null)
            {
                header = record.Select(h => normaliseHeader(h.Trim().Trim('\uFEFF'))).ToArray();
                continue;
            }
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Length > 0 && record[0].StartsWith('#')) { comments.Add(string.Join(delimiter, record).TrimStart('#', ' ')); continue; }
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < header.Length; c++)
                if (header[c].Length > 0) cells[header[c]] = c < record.Length ? record[c] : "";
            if (record.Length > header.Length && record.Skip(header.Length).Any(v => !string.IsNullOrWhiteSpace(v)))
                problems.Add(line, null, "extra-cells",
                    $"Raden har {record.Length} fält men rubrikraden {header.Length}.",
                    $"The row has {record.Length} fields but the header has {header.Length}.");
            rows.Add(new TabularRow(line, cells));
        }
        return new TabularFile(fileName, header ?? [], rows, comments);
    }
}
