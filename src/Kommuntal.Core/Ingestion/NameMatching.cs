using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Resolves county and municipality names as people write them ("Örebro län", "Örebro",
/// "Örebro kommun") and suggests the closest known name for a typo ("Örebo län" → Örebro län).
/// </summary>
public static class NameMatching
{
    public static string Normalise(string s) =>
        string.Join(' ', s.Replace('\u00A0', ' ').Replace('\u202F', ' ').Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The forms a county's name is written in: "örebro län", "örebro", and "stockholm" for "Stockholms län".</summary>
    public static IEnumerable<string> CountyForms(County county)
    {
        var full = Normalise(county.Name);
        yield return full;
        if (full.EndsWith(" län", StringComparison.Ordinal))
        {
            var shortName = full[..^4];
            yield return shortName;
            if (shortName.EndsWith('s')) yield return shortName[..^1];
        }
    }

    public static IEnumerable<string> MunicipalityForms(Municipality m)
    {
        var n = Normalise(m.Name);
        yield return n;
        yield return n + " kommun";
        yield return n + "s kommun";
    }

    public static bool IsCounty(County county, string name) => CountyForms(county).Contains(Normalise(name));

    public static bool IsMunicipality(Municipality m, string name) => MunicipalityForms(m).Contains(Normalise(name));

    /// <summary>The candidate whose name is closest to <paramref name="input"/> within a few edits, or null.</summary>
    public static T? Closest<T>(string input, IEnumerable<T> candidates, Func<T, IEnumerable<string>> forms) where T : class
    {
        var n = Normalise(input);
        if (n.Length == 0) return null;
        var limit = Math.Clamp(n.Length / 4, 1, 3);
        T? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = forms(c).Min(f => Distance(n, f));
            if (d < bestDistance) { best = c; bestDistance = d; }
        }
        return bestDistance <= limit ? best : null;
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>
    /// The municipality of a row, by code (a 3-digit code gets its leading zero back, as Excel drops
    /// it) or by name; reports unknown codes, unknown names (with the closest name), a name that
    /// does not match the code, and a missing value.
    /// </summary>
    public static Municipality? ResolveMunicipality(ReferenceData reference, TabularRow row, ProblemList problems)
    {
        var code = Cells.Text(row, "municipality_code");
        var name = Cells.Text(row, "municipality_name");
        var codeField = "municipality_code";
        if (code.Length == 0 && name.Length > 0 && name.All(char.IsAsciiDigit)) { code = name; name = ""; codeField = "municipality_name"; }
        if (code.Length == 3 && code.All(char.IsAsciiDigit)) code = "0" + code;
        if (code.Length > 0)
        {
            var m = reference.FindMunicipality(code);
            if (m is null)
            {
                problems.Add(row, codeField, "unknown-municipality", $"Okänd kommunkod '{code}'.", $"Unknown municipality code '{code}'.");
                return null;
            }
            if (name.Length > 0 && !IsMunicipality(m, name))
                problems.Add(row, "municipality_name", "municipality-name-mismatch",
                    $"Kommunkoden {m.Code} är {m.Name}, inte '{name}'.", $"Municipality code {m.Code} is {m.Name}, not '{name}'.");
            return m;
        }
        if (name.Length == 0)
        {
            if (!row.Rejected.Contains("municipality_code") && !row.Rejected.Contains("municipality_name"))
                problems.Add(row, "municipality_code", "missing-value", "Kommunkod eller kommunnamn saknas.", "The municipality code or name is missing.");
            return null;
        }
        var byName = reference.Municipalities.FirstOrDefault(x => IsMunicipality(x, name));
        if (byName is not null) return byName;
        var guess = Closest(name, reference.Municipalities, MunicipalityForms);
        problems.Add(row, "municipality_name", "unknown-municipality",
            $"Okänd kommun '{name}'." + (guess is null ? "" : $" Menade du {guess.Name} ({guess.Code})?"),
            $"Unknown municipality '{name}'." + (guess is null ? "" : $" Did you mean {guess.Name} ({guess.Code})?"));
        return null;
    }
}
