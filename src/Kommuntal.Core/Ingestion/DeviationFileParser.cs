using Kommuntal.Core.Allocation;

namespace Kommuntal.Core.Ingestion;

/// <summary>A parsed wish (deviation) file for one county and year.</summary>
public sealed record WishFile(int Year, string CountyCode, IReadOnlyList<Deviation> Deviations, InputFormat Format, string Encoding, IReadOnlyList<string> Notes);

/// <summary>
/// Parses a deviation (wish) file for one county: municipality, kind (agreement = exactly N,
/// volunteer = at least N, housing = at most N), number and a mandatory reason. CSV, XLSX or JSON.
/// A file with a header and no rows is valid: the county has no wishes (any recorded ones are
/// cleared). Reports every problem at once.
/// </summary>
public sealed class DeviationFileParser(ReferenceData reference)
{
    /// <summary>Longest reason accepted (it is printed in the decision).</summary>
    public const int MaxReasonLength = TextLimits.Reason;

    public static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "municipality_code" or "kommunkod" or "kommun_kod" or "code" or "kod" => "municipality_code",
        "municipality" or "municipality_name" or "kommun" or "kommunnamn" or "name" or "namn" => "municipality_name",
        "kind" or "typ" or "slag" or "type" => "kind",
        "number" or "antal" or "tal" => "number",
        "reason" or "skäl" or "skal" or "motivering" or "motivation" => "reason",
        "year" or "år" or "ar" => "year",
        "county_code" or "county" or "länskod" or "lanskod" or "län" or "lan" => "county_code",
        var other => other,
    };

    private static readonly KindColumn KindColumn = new("typ", "kind", "kind", [.. Enum.GetValues<DeviationKind>().Select(DeviationKinds.Name)]);

    public static readonly TabularSpec Spec = new(NormaliseHeader)
    {
        KnownColumns = new HashSet<string> { "municipality_code", "municipality_name", "kind", "number", "reason", "year", "county_code" },
        JsonRowArrays = ["wishes", "deviations", "önskemål", "avvikelser"],
        JsonProperties = new Dictionary<string, string>
        {
            ["year"] = "year", ["år"] = "year",
            ["county"] = "county", ["county_code"] = "county", ["län"] = "county", ["länskod"] = "county",
        },
    };

    /// <summary>Parses the wishes of <paramref name="countyCode"/> (the year is not checked).</summary>
    public IReadOnlyList<Deviation> Parse(InputFile file, string countyCode) => Read(file, null, countyCode, requireYear: false).Deviations;

    /// <summary>Parses with the year and county from the file when it states them, else the caller's; a conflict is an error.</summary>
    public WishFile Read(InputFile file, int? year, string countyCode, bool requireYear = true, IngestionLimits? limits = null)
    {
        limits ??= IngestionLimits.Default;
        var problems = new ProblemList(file.Name, limits.MaxProblems);
        var county = TabularRules.UploadCounty(reference, countyCode, problems);
        var table = TabularReader.Read(file, Spec, problems, limits);
        if (table is null) problems.ThrowIfAny();
        var result = FromTable(table!, year, county, requireYear, problems);
        problems.ThrowIfAny();
        return result!;
    }

    private WishFile? FromTable(TabularFile table, int? yearHint, County county, bool requireYear, ProblemList problems)
    {
        var reported = problems.Count; // the reader's own problems (e.g. formula cells) do not stop the row checks
        TabularRules.CheckHeader(table, problems, "kind", "number", "reason");
        if (problems.Count > reported) return null;

        var year = TabularRules.Year(table, yearHint, problems, requireYear);

        var reportedCounties = new HashSet<string>(StringComparer.Ordinal);
        void CheckCounty(string text, int line, string? cell)
        {
            var t = text.Trim();
            if (t.Length == 0) return;
            var named = reference.FindCounty(t.Length == 1 ? "0" + t : t) ?? NameMatching.FindCounty(reference, t);
            if (named?.Code == county.Code || !reportedCounties.Add(t)) return;
            problems.Add(line, "county", "county-conflict",
                $"Filen gäller {(named is null ? $"'{ProblemList.Echo(t)}'" : named.Name)} men laddades upp för {county.Name} ({county.Code}).",
                $"The file is for {(named is null ? $"'{ProblemList.Echo(t)}'" : named.Name)} but was uploaded for {county.Name} ({county.Code}).", cell);
        }
        if (table.Properties.TryGetValue("county", out var jc)) CheckCounty(jc.Text, jc.Line, null);

        var list = new List<Deviation>();
        var seen = new Dictionary<(string, DeviationKind), int>();
        foreach (var row in table.Rows)
        {
            if (Cells.Text(row, "county_code") is { Length: > 0 } cc) CheckCounty(cc, row.LineOf("county_code"), row.CellRef("county_code"));
            var m = TabularRules.MunicipalityIn(reference, row, county, problems);
            var kind = TabularRules.Kind(row, "kind", DeviationKinds.Parse, KindColumn, problems);
            var number = Cells.Count(row, "number", problems);
            var reason = Cells.Text(row, "reason");
            if (reason.Length == 0 && !row.Rejected.Contains("reason"))
                problems.Add(row, "reason", "missing-reason", "Skäl måste anges för varje avvikelse.", "Every deviation needs a reason.");
            else if (reason.Length > MaxReasonLength)
                problems.Add(row, "reason", "reason-too-long", $"Skälet är {reason.Length} tecken; högst {MaxReasonLength} godtas.",
                    $"The reason is {reason.Length} characters; at most {MaxReasonLength} are accepted.");
            else if (FreeText.HiddenMessage(reason, multiline: true) is { } hidden) // a line break in a cell (Alt+Enter, a second paragraph) is kept
                problems.Add(row, "reason", FreeText.HiddenCode, hidden.Sv, hidden.En);
            if (m is null || kind is null || number is null || reason.Length == 0) continue;
            if (seen.TryGetValue((m.Code, kind.Value), out var first))
            {
                problems.Add(row, "municipality_code", "duplicate-deviation",
                    $"{m.Name} har redan en avvikelse av typen {DeviationKinds.Name(kind.Value)} på rad {first}.", $"{m.Name} already has a deviation of the kind {DeviationKinds.Name(kind.Value)} on line {first}.");
                continue;
            }
            seen[(m.Code, kind.Value)] = row.Line;
            list.Add(new Deviation(m.Code, kind.Value, number.Value, reason));
        }
        if (problems.Any) return null;
        return new WishFile(year ?? 0, county.Code, list, table.Format, table.Encoding, table.Comments);
    }
}
