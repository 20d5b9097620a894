namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Resolves county and municipality names as people write them ("Örebro län", "Örebro",
/// "Örebro kommun") and suggests the closest known name for a typo ("Örebo län" → Örebro län).
/// The work is bounded whatever the input: a name longer than any real one (<see cref="MaxNameLength"/>)
/// is unknown without further work, the forms of every name are computed once per reference data,
/// and a suggestion is only sought for input of at most <see cref="IngestionLimits.MaxSuggestionInput"/>
/// characters, with a distance computation that gives up past the few edits a suggestion allows.
/// </summary>
public static class NameMatching
{
    /// <summary>Longer than any county or municipality name in any of its forms ("Västra Götalands län", "Upplands-Bro kommun").</summary>
    public const int MaxNameLength = 100;

    public static string Normalise(string s) =>
        string.Join(' ', s.Replace('\u00A0', ' ').Replace('\u202F', ' ').Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Every written form of every county and municipality, computed once per reference data.</summary>
    private sealed class Index(ReferenceData reference)
    {
        public readonly Dictionary<string, County> Counties = Build(reference.Counties, CountyForms);
        public readonly Dictionary<string, Municipality> Municipalities = Build(reference.Municipalities, MunicipalityForms);
        public readonly List<(County Item, string[] Forms)> CountyList = reference.Counties.Select(c => (c, CountyForms(c).ToArray())).ToList();
        public readonly List<(Municipality Item, string[] Forms)> MunicipalityList = reference.Municipalities.Select(m => (m, MunicipalityForms(m).ToArray())).ToList();

        private static Dictionary<string, T> Build<T>(IEnumerable<T> items, Func<T, IEnumerable<string>> forms)
        {
            var map = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var item in items)
                foreach (var f in forms(item))
                    map.TryAdd(f, item);
            return map;
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ReferenceData, Index> Indexes = new();

    private static Index For(ReferenceData reference) => Indexes.GetValue(reference, r => new Index(r));

    /// <summary>The county a name means ("Örebro län", "Örebro", "örebro"), or null.</summary>
    public static County? FindCounty(ReferenceData reference, string name) =>
        name.Length <= MaxNameLength && For(reference).Counties.TryGetValue(Normalise(name), out var c) ? c : null;

    /// <summary>The municipality a name means ("Örebro", "Örebro kommun"), or null.</summary>
    public static Municipality? FindMunicipality(ReferenceData reference, string name) =>
        name.Length <= MaxNameLength && For(reference).Municipalities.TryGetValue(Normalise(name), out var m) ? m : null;

    /// <summary>The closest county to a misspelt name, or null (also for input longer than a suggestion is sought for).</summary>
    public static County? SuggestCounty(ReferenceData reference, string name) => Suggest(name, For(reference).CountyList);

    /// <summary>The closest municipality to a misspelt name, or null.</summary>
    public static Municipality? SuggestMunicipality(ReferenceData reference, string name) => Suggest(name, For(reference).MunicipalityList);

    private static T? Suggest<T>(string input, List<(T Item, string[] Forms)> candidates) where T : class
    {
        if (input.Length > IngestionLimits.MaxSuggestionInput) return null;
        var n = Normalise(input);
        if (n.Length == 0) return null;
        var limit = Math.Clamp(n.Length / 4, 1, 3);
        T? best = null;
        var bestDistance = limit + 1;
        foreach (var (item, forms) in candidates)
            foreach (var f in forms)
            {
                var d = BoundedDistance(n, f, bestDistance - 1);
                if (d < bestDistance) { best = item; bestDistance = d; }
            }
        return best;
    }

    /// <summary>
    /// The Levenshtein distance when it is at most <paramref name="limit"/>, else <paramref name="limit"/> + 1;
    /// only the diagonal band of width 2·limit + 1 is computed, so the work is O(length · limit).
    /// </summary>
    public static int BoundedDistance(string a, string b, int limit)
    {
        if (limit < 0) return 0 == string.CompareOrdinal(a, b) ? 0 : 1;
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var big = limit + 1;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j <= limit ? j : big;
        for (var i = 1; i <= a.Length; i++)
        {
            var from = Math.Max(1, i - limit);
            var to = Math.Min(b.Length, i + limit);
            cur[0] = i <= limit ? i : big;
            if (from > 1) cur[from - 1] = big;
            var rowMin = cur[0];
            for (var j = from; j <= to; j++)
            {
                var v = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                cur[j] = Math.Min(v, big);
                rowMin = Math.Min(rowMin, cur[j]);
            }
            if (to < b.Length) cur[to + 1] = big;
            if (rowMin > limit) return big;
            (prev, cur) = (cur, prev);
        }
        return Math.Min(prev[b.Length], big);
    }

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

    public static bool IsCounty(County county, string name) => name.Length <= MaxNameLength && CountyForms(county).Contains(Normalise(name));

    public static bool IsMunicipality(Municipality m, string name) => name.Length <= MaxNameLength && MunicipalityForms(m).Contains(Normalise(name));

    /// <summary>The candidate whose name is closest to <paramref name="input"/> within a few edits, or null (bounded like <see cref="SuggestCounty"/>).</summary>
    public static T? Closest<T>(string input, IEnumerable<T> candidates, Func<T, IEnumerable<string>> forms) where T : class =>
        Suggest(input, candidates.Select(c => (c, forms(c).ToArray())).ToList());

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
                problems.Add(row, codeField, "unknown-municipality", $"Okänd kommunkod '{ProblemList.Echo(code)}'.", $"Unknown municipality code '{ProblemList.Echo(code)}'.");
                return null;
            }
            if (name.Length > 0 && !IsMunicipality(m, name))
                problems.Add(row, "municipality_name", "municipality-name-mismatch",
                    $"Kommunkoden {m.Code} är {m.Name}, inte '{ProblemList.Echo(name)}'.", $"Municipality code {m.Code} is {m.Name}, not '{ProblemList.Echo(name)}'.");
            return m;
        }
        if (name.Length == 0)
        {
            if (!row.Rejected.Contains("municipality_code") && !row.Rejected.Contains("municipality_name"))
                problems.Add(row, "municipality_code", "missing-value", "Kommunkod eller kommunnamn saknas.", "The municipality code or name is missing.");
            return null;
        }
        var byName = FindMunicipality(reference, name);
        if (byName is not null) return byName;
        // Past the reported problems only a count is kept: no suggestion is sought for what is not shown.
        var guess = problems.Full ? null : SuggestMunicipality(reference, name);
        problems.Add(row, "municipality_name", "unknown-municipality",
            $"Okänd kommun '{ProblemList.Echo(name)}'." + (guess is null ? "" : $" Menade du {guess.Name} ({guess.Code})?"),
            $"Unknown municipality '{ProblemList.Echo(name)}'." + (guess is null ? "" : $" Did you mean {guess.Name} ({guess.Code})?"));
        return null;
    }
}
