using System.Text.RegularExpressions;
using Kommuntal.Core.Ingestion;

namespace Kommuntal.Core.Quotas;

/// <summary>
/// Reads the statute's annex as printed or pasted ("Bilaga", "Förteckning över länstal 2022",
/// "Län Länstal", then one county per line: "Västra Götalands län	1 301"). Name and number are
/// separated by a tab or by spaces; the number may group thousands with spaces or no-break spaces.
/// Lines before the first county that name the annex, the statute or nothing countable are titles;
/// a "Totalt"/"Summa" line is the stated national total. Produces the same rows as a CSV with the
/// columns county and lanstal, so the quota rules apply unchanged.
/// </summary>
public static partial class AnnexTextReader
{
    [GeneratedRegex(@"^(?<name>.*?\S)[ \t\u00A0\u202F]+(?<value>[-+=@]?\d[\d \u00A0\u202F.,]*)$")]
    private static partial Regex NameAndNumber();

    [GeneratedRegex(@"\b(bilaga|förteckning|forteckning|förordning|forordning|sfs|länstal|lanstal)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TitleWords();

    /// <summary>Longest line matched as "name number" ("Västra Götalands län 1 301" has 25 characters).</summary>
    private const int MaxCountyLine = 200;

    private static readonly HashSet<string> HeaderWords = ["län", "lan", "länstal", "lanstal", "county", "counties", "quota", "antal", "number", "kod", "code", "länskod"];

    public static TabularFile Read(string fileName, DecodedText decoded, ProblemList problems)
    {
        var lines = decoded.Text.TrimStart('\uFEFF').Split('\n');
        var comments = new List<string>();
        var titles = new List<TabularValue>();
        var rows = new List<TabularRow>();
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNo = i + 1;
            var raw = lines[i].TrimEnd('\r');
            var t = raw.Trim().Trim('\u00A0', '\u202F');
            if (t.Length == 0) continue;
            if (t.StartsWith('#')) { comments.Add(t.TrimStart('#', ' ')); continue; }
            var words = t.Split([' ', '\t', '\u00A0'], StringSplitOptions.RemoveEmptyEntries);
            if (rows.Count == 0 && words.All(w => HeaderWords.Contains(w.ToLowerInvariant()))) continue; // "Län  Länstal"
            string name, value;
            var tab = t.LastIndexOf('\t');
            if (tab > 0)
            {
                name = t[..tab].Trim();
                value = t[(tab + 1)..].Trim();
            }
            // No county line is longer than a few dozen characters; the pattern is only tried on short lines (it backtracks on long ones).
            else if (t.Length <= MaxCountyLine && NameAndNumber().Match(t) is { Success: true } m)
            {
                name = m.Groups["name"].Value.Trim();
                value = m.Groups["value"].Value.Trim();
            }
            else
            {
                name = t;
                value = "";
            }
            if (rows.Count == 0 && (TitleWords().IsMatch(t) || !t.Any(char.IsDigit)) && !LooksLikeCounty(name))
            {
                titles.Add(new TabularValue(t, lineNo));
                continue;
            }
            rows.Add(new TabularRow(lineNo, new Dictionary<string, string>(StringComparer.Ordinal) { ["county"] = name, ["lanstal"] = value }));
        }
        if (rows.Count == 0 && titles.Count == 0)
            problems.Add(null, null, "empty-file", "Filen innehåller inga rader.", "The file has no rows.");
        return new TabularFile(fileName, ["county", "lanstal"], rows, comments)
        {
            Format = InputFormat.AnnexText,
            Encoding = decoded.Encoding,
            Titles = titles,
            HeaderLine = rows.Count > 0 ? rows[0].Line - 1 : 1,
        };
    }

    /// <summary>A name that ends like a county ("… län") is a data line even before the first county, so a typo is reported, not taken for a title.</summary>
    private static bool LooksLikeCounty(string name) =>
        name.EndsWith(" län", StringComparison.OrdinalIgnoreCase) || name.EndsWith(" lan", StringComparison.OrdinalIgnoreCase);
}
