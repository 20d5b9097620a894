using System.Reflection;

namespace Kommuntal.Core.Reference;

/// <summary>
/// Reads the reference files shipped inside this assembly (copied unchanged from the public sources
/// named in each file's first line). Lines starting with '#' are source notes; the first other line
/// is the header.
/// </summary>
internal static class EmbeddedCsv
{
    public static string ReadText(string fileName)
    {
        var name = "Kommuntal.ReferenceData." + fileName;
        using var stream = typeof(EmbeddedCsv).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded reference file {fileName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The source lines ('# ...') of an embedded file, without the '#'.</summary>
    public static IReadOnlyList<string> SourceLines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).TakeWhile(l => l.StartsWith('#')).Select(l => l.TrimStart('#', ' ')).ToList();

    /// <summary>Rows as dictionaries keyed by the header's column names.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> Rows(string text)
    {
        string[]? header = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(',');
            if (header is null) { header = cells; continue; }
            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) row[header[i]] = i < cells.Length ? cells[i] : "";
            yield return row;
        }
    }

    internal static Assembly Assembly => typeof(EmbeddedCsv).Assembly;
}
