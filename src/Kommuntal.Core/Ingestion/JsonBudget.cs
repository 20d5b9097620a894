using System.Text.Json;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// The structural budgets of a JSON file, checked in one pass before it is read: nesting of
/// objects and arrays (<see cref="IngestionLimits.MaxJsonDepth"/>) and tokens
/// (<see cref="IngestionLimits.MaxJsonTokens"/>). Syntax errors are left to the reader proper,
/// which names their line.
/// </summary>
public static class JsonBudget
{
    /// <summary>True when the JSON is within the budgets; else the problem is added (on its line) and false returned.</summary>
    public static bool Check(ReadOnlySpan<byte> json, IngestionLimits limits, ProblemList problems, Func<long, int> lineOf)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = limits.MaxJsonDepth + 2,
        });
        var tokens = 0;
        try
        {
            while (reader.Read())
            {
                if (++tokens > limits.MaxJsonTokens)
                {
                    var line = lineOf(reader.TokenStartIndex);
                    problems.Add(line, null, "json-too-many-tokens",
                        $"JSON-filen har fler än {limits.MaxJsonTokens} värden, namn och klamrar (rad {line}); högst {limits.MaxJsonTokens} godtas.",
                        $"The JSON file has more than {limits.MaxJsonTokens} values, names and brackets (line {line}); at most {limits.MaxJsonTokens} are accepted.");
                    return false;
                }
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= limits.MaxJsonDepth)
                {
                    var line = lineOf(reader.TokenStartIndex);
                    problems.Add(line, null, "json-too-deep",
                        $"JSON-filen har objekt och listor i mer än {limits.MaxJsonDepth} nivåer (rad {line}); filen godtas inte.",
                        $"The JSON file nests objects and arrays more than {limits.MaxJsonDepth} levels deep (line {line}); the file is not accepted.");
                    return false;
                }
            }
        }
        catch (JsonException)
        {
            // A syntax error: the reader proper reports it with its line.
        }
        return true;
    }

    /// <summary>1-based line of each byte offset of a UTF-8 text.</summary>
    public static Func<long, int> Lines(ReadOnlySpan<byte> bytes)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++) if (bytes[i] == (byte)'\n') lineStarts.Add(i + 1);
        return offset =>
        {
            var idx = lineStarts.BinarySearch((int)Math.Min(offset, int.MaxValue));
            return (idx >= 0 ? idx : ~idx - 1) + 1;
        };
    }
}
