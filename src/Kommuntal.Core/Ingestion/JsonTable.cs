using System.Text;
using System.Text.Json;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Reads a JSON input as rows: an object with scalar fields (year, total...) and one array of row
/// objects (e.g. "counties"), or a bare array of row objects. Row properties become columns (named
/// like CSV headers), so every kind validates JSON with the same rules as CSV and XLSX. Each value
/// keeps the line it is on. Fields "note", "notes", "source" and "comment" are notes.
/// </summary>
public static class JsonTable
{
    private static readonly string[] NoteFields = ["note", "notes", "source", "comment", "$schema"];

    public static TabularFile? Read(string fileName, DecodedText decoded, TabularSpec spec, ProblemList problems)
    {
        var bytes = Encoding.UTF8.GetBytes(decoded.Text.TrimStart('\uFEFF'));
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++) if (bytes[i] == (byte)'\n') lineStarts.Add(i + 1);
        int LineOf(long offset)
        {
            var idx = lineStarts.BinarySearch((int)offset);
            return (idx >= 0 ? idx : ~idx - 1) + 1;
        }

        var comments = new List<string>();
        var properties = new Dictionary<string, TabularValue>(StringComparer.Ordinal);
        var rows = new List<TabularRow>();
        var columns = new List<string>();
        var sawRows = false;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                sawRows = true;
                ReadRows(ref reader, spec, rows, columns, problems, LineOf, "");
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString() ?? "";
                    var line = LineOf(reader.TokenStartIndex);
                    reader.Read();
                    var key = name.Trim().ToLowerInvariant();
                    if (spec.JsonRowArrays.Contains(key, StringComparer.Ordinal))
                    {
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            problems.Add(line, name, "wrong-type", $"Fältet {name} ska vara en lista.", $"The field {name} must be an array.");
                            reader.Skip();
                            continue;
                        }
                        sawRows = true;
                        ReadRows(ref reader, spec, rows, columns, problems, LineOf, name);
                    }
                    else if (NoteFields.Contains(key))
                    {
                        if (reader.TokenType == JsonTokenType.String) comments.Add(reader.GetString() ?? "");
                        else if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                                if (reader.TokenType == JsonTokenType.String) comments.Add(reader.GetString() ?? ""); else reader.Skip();
                        }
                        else reader.Skip();
                    }
                    else if (spec.JsonProperties.TryGetValue(key, out var normalised))
                    {
                        if (Scalar(ref reader) is { } value) properties[normalised] = new TabularValue(value, line);
                        else
                        {
                            problems.Add(line, normalised, "wrong-type", $"Fältet {name} ska vara ett tal eller en text.", $"The field {name} must be a number or a string.");
                            reader.Skip();
                        }
                    }
                    else
                    {
                        var expected = string.Join(", ", spec.JsonProperties.Values.Distinct().Concat(spec.JsonRowArrays.Take(1)).Concat(["note"]));
                        problems.Add(line, name, "unknown-field", $"Okänt fält '{name}' (förväntade: {expected}).", $"Unknown field '{name}' (expected: {expected}).");
                        reader.Skip();
                    }
                }
            }
            else
            {
                problems.Add(1, null, "invalid-json", "JSON-filen ska innehålla ett objekt eller en lista.", "The JSON file must hold an object or an array.");
                return null;
            }
            // Anything after the top-level value is a syntax error the reader reports here.
            while (reader.Read()) { }
        }
        catch (InvalidOperationException)
        {
            // GetString on a string with an unpaired surrogate escape ("\ud800") throws this, not a JsonException.
            var line = LineOf(reader.TokenStartIndex);
            problems.Add(line, null, "invalid-json", $"Ogiltig JSON på rad {line}: texten innehåller ett ogiltigt tecken (ett ensamt surrogat som \\ud800).",
                $"Invalid JSON on line {line}: the text holds an invalid character (a lone surrogate such as \\ud800).");
            return null;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var detail = ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0];
            problems.Add(line, null, "invalid-json", $"Ogiltig JSON på rad {line}: {detail}", $"Invalid JSON on line {line}: {detail}");
            return null;
        }
        if (!sawRows && spec.JsonRowArrays.Count > 0)
            problems.Add(1, spec.JsonRowArrays[0], "missing-field", $"Fältet {spec.JsonRowArrays[0]} saknas.", $"The field {spec.JsonRowArrays[0]} is missing.");
        return new TabularFile(fileName, columns, rows, comments)
        {
            Format = InputFormat.Json,
            Encoding = decoded.Encoding,
            Properties = properties,
        };
    }

    private static void ReadRows(ref Utf8JsonReader reader, TabularSpec spec, List<TabularRow> rows, List<string> columns,
        ProblemList problems, Func<long, int> lineOf, string arrayName)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var rowLine = lineOf(reader.TokenStartIndex);
            var where = arrayName.Length == 0 ? $"[{index}]" : $"{arrayName}[{index}]";
            index++;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add(rowLine, where, "wrong-type", $"{where} ska vara ett objekt.", $"{where} must be an object.");
                reader.Skip();
                continue;
            }
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString() ?? "";
                var line = lineOf(reader.TokenStartIndex);
                reader.Read();
                var column = spec.NormaliseHeader(name);
                var value = Scalar(ref reader);
                if (value is null)
                {
                    problems.Add(line, column, "wrong-type", $"{where}.{name} ska vara ett tal eller en text.", $"{where}.{name} must be a number or a string.");
                    reader.Skip();
                    continue;
                }
                if (cells.ContainsKey(column))
                {
                    problems.Add(line, column, "duplicate-column", $"{where} anger {column} två gånger.", $"{where} gives {column} twice.");
                    continue;
                }
                cells[column] = value;
                lines[column] = line;
                if (!columns.Contains(column)) columns.Add(column);
            }
            rows.Add(new TabularRow(rowLine, cells) { FieldLines = lines });
        }
    }

    /// <summary>A scalar's text: strings as they are, numbers in their written form, null as empty; null for objects and arrays.</summary>
    private static string? Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() ?? "",
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "",
        _ => null,
    };
}
