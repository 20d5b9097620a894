using System.Text.Json;

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

    public static TabularFile? Read(string fileName, DecodedText decoded, TabularSpec spec, ProblemList problems, IngestionLimits? limits = null)
    {
        limits ??= IngestionLimits.Default;
        var max = limits.MaxCellCharacters;
        var bytes = Encoding.UTF8.GetBytes(decoded.Text.TrimStart('\uFEFF'));
        var lineOf = JsonBudget.Lines(bytes);
        if (!JsonBudget.Check(bytes, limits, problems, lineOf)) return null;

        var comments = new List<string>();
        var properties = new Dictionary<string, TabularValue>(StringComparer.Ordinal);
        var rows = new List<TabularRow>();
        var columns = new List<string>();
        var sawRows = false;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = limits.MaxJsonDepth + 2 });
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                sawRows = true;
                if (!ReadRows(ref reader, spec, rows, columns, problems, lineOf, "", limits)) return null;
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var line = lineOf(reader.TokenStartIndex);
                    var name = Name(ref reader, max);
                    reader.Read();
                    var key = name.Trim().ToLowerInvariant();
                    if (spec.JsonRowArrays.Contains(key, StringComparer.Ordinal))
                    {
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            problems.Add(line, name, "wrong-type", $"Fältet {ProblemList.Echo(name)} ska vara en lista.", $"The field {ProblemList.Echo(name)} must be an array.");
                            reader.Skip();
                            continue;
                        }
                        sawRows = true;
                        if (!ReadRows(ref reader, spec, rows, columns, problems, lineOf, name, limits)) return null;
                    }
                    else if (NoteFields.Contains(key))
                    {
                        if (reader.TokenType == JsonTokenType.String) Note(ref reader, comments, problems, lineOf, max);
                        else if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                                if (reader.TokenType == JsonTokenType.String) Note(ref reader, comments, problems, lineOf, max); else reader.Skip();
                        }
                        else reader.Skip();
                    }
                    else if (spec.JsonProperties.TryGetValue(key, out var normalised))
                    {
                        if (Scalar(ref reader, max, out var tooLong) is { } value)
                        {
                            if (tooLong > 0) TooLong(problems, line, normalised, tooLong, max);
                            else properties[normalised] = new TabularValue(value, line);
                        }
                        else
                        {
                            problems.Add(line, normalised, "wrong-type", $"Fältet {ProblemList.Echo(name)} ska vara ett tal eller en text.", $"The field {ProblemList.Echo(name)} must be a number or a string.");
                            reader.Skip();
                        }
                    }
                    else
                    {
                        var expected = string.Join(", ", spec.JsonProperties.Values.Distinct().Concat(spec.JsonRowArrays.Take(1)).Concat(["note"]));
                        problems.Add(line, name, "unknown-field", $"Okänt fält '{ProblemList.Echo(name)}' (förväntade: {expected}).", $"Unknown field '{ProblemList.Echo(name)}' (expected: {expected}).");
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
            var line = lineOf(reader.TokenStartIndex);
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

    private static bool ReadRows(ref Utf8JsonReader reader, TabularSpec spec, List<TabularRow> rows, List<string> columns,
        ProblemList problems, Func<long, int> lineOf, string arrayName, IngestionLimits limits)
    {
        var index = 0;
        var max = limits.MaxCellCharacters;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var rowLine = lineOf(reader.TokenStartIndex);
            var where = arrayName.Length == 0 ? $"[{index}]" : $"{ProblemList.Echo(arrayName)}[{index}]";
            if (index++ >= limits.MaxRows)
            {
                problems.Add(rowLine, null, "too-many-rows",
                    $"Listan har fler än {limits.MaxRows} rader ({where}); högst {limits.MaxRows} godtas.",
                    $"The list has more than {limits.MaxRows} rows ({where}); at most {limits.MaxRows} are accepted.");
                return false;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add(rowLine, where, "wrong-type", $"{where} ska vara ett objekt.", $"{where} must be an object.");
                reader.Skip();
                continue;
            }
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            var rejected = new List<string>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var line = lineOf(reader.TokenStartIndex);
                var name = Name(ref reader, max);
                reader.Read();
                var column = spec.NormaliseHeader(name);
                var value = Scalar(ref reader, max, out var tooLong);
                if (value is null)
                {
                    problems.Add(line, column, "wrong-type", $"{where}.{ProblemList.Echo(name)} ska vara ett tal eller en text.", $"{where}.{ProblemList.Echo(name)} must be a number or a string.");
                    reader.Skip();
                    continue;
                }
                if (tooLong > 0)
                {
                    TooLong(problems, line, column, tooLong, max);
                    rejected.Add(column);
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
            var row = new TabularRow(rowLine, cells) { FieldLines = lines };
            foreach (var c in rejected) row.Rejected.Add(c);
            rows.Add(row);
        }
        return true;
    }

    private static void TooLong(ProblemList problems, int line, string? field, long length, int max) =>
        problems.Add(line, field, "cell-too-long", $"Värdet har {length} tecken; högst {max} godtas.", $"The value has {length} characters; at most {max} are accepted.");

    /// <summary>A property name; a name longer than the cell limit is cut (it is only compared with known names and echoed shortened).</summary>
    private static string Name(ref Utf8JsonReader reader, int max)
    {
        var name = reader.GetString() ?? "";
        return name.Length > max ? name[..max] : name;
    }

    private static void Note(ref Utf8JsonReader reader, List<string> comments, ProblemList problems, Func<long, int> lineOf, int max)
    {
        var note = reader.GetString() ?? "";
        if (note.Length > max) TooLong(problems, lineOf(reader.TokenStartIndex), "note", note.Length, max);
        else comments.Add(note);
    }

    /// <summary>
    /// A scalar's text: strings as they are, numbers in their written form, null as empty; null for
    /// objects and arrays. A value longer than <paramref name="max"/> characters is "" with its length in <paramref name="tooLong"/>.
    /// </summary>
    private static string? Scalar(ref Utf8JsonReader reader, int max, out long tooLong)
    {
        tooLong = 0;
        var value = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString() ?? "",
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => "",
            _ => null,
        };
        if (value is null || value.Length <= max) return value;
        tooLong = value.Length;
        return "";
    }
}
