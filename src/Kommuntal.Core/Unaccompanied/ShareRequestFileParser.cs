using Kommuntal.Core.Ingestion;

namespace Kommuntal.Core.Unaccompanied;

/// <summary>A parsed request file for one county and year.</summary>
public sealed record ShareRequestFile(int Year, string CountyCode, IReadOnlyList<ShareRequest> Requests, IReadOnlyList<int> Lines, InputFormat Format, string Encoding);

/// <summary>
/// Parses a county's requests about shares for unaccompanied children: <c>municipality_code</c>,
/// <c>request</c> (lower, raise or transfer), <c>per_mille</c> (required for a transfer),
/// <c>counterpart_code</c> (the receiving municipality, for a transfer only) and <c>reason</c>
/// (always). Both municipalities must be in the county. A file with a header and no rows is valid:
/// the county has no requests. Every problem at once.
/// </summary>
public sealed class ShareRequestFileParser(ReferenceData reference)
{
    public static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "municipality_code" or "kommunkod" or "kommun_kod" or "code" or "kod" => "municipality_code",
        "municipality" or "municipality_name" or "kommun" or "kommunnamn" or "name" or "namn" => "municipality_name",
        "request" or "begäran" or "begaran" or "kind" or "typ" => "request",
        "per_mille" or "andelstal" or "promille" or "amount" => "per_mille",
        "counterpart_code" or "counterpart" or "motpart" or "motpartens_kod" or "mottagare" => "counterpart_code",
        "reason" or "skäl" or "skal" or "motivering" => "reason",
        "year" or "år" or "ar" => "year",
        "county_code" or "county" or "länskod" or "lanskod" or "län" or "lan" => "county_code",
        var other => other,
    };

    private static readonly KindColumn RequestColumn = new("begäran", "request", "request", [.. Enum.GetValues<ShareRequestKind>().Select(ShareRequest.KindName)]);

    public static readonly TabularSpec Spec = new(NormaliseHeader)
    {
        KnownColumns = new HashSet<string> { "municipality_code", "municipality_name", "request", "per_mille", "counterpart_code", "reason", "year", "county_code" },
        JsonRowArrays = ["requests", "begäranden", "andelstal"],
        JsonProperties = new Dictionary<string, string>
        {
            ["year"] = "year", ["år"] = "year",
            ["county"] = "county", ["county_code"] = "county", ["län"] = "county", ["länskod"] = "county",
        },
    };

    /// <summary>Parses the requests of <paramref name="countyCode"/> with the year from the file, else <paramref name="year"/>.</summary>
    public ShareRequestFile Read(InputFile file, int? year, string countyCode, IngestionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(countyCode);
        limits ??= IngestionLimits.Default;
        var problems = new ProblemList(file.Name, limits.MaxProblems);
        var county = TabularRules.UploadCounty(reference, countyCode, problems);
        var table = TabularReader.Read(file, Spec, problems, limits);
        if (table is null) { problems.ThrowIfAny(); throw new InvalidOperationException("The reader gave no table and no problem."); }
        var reported = problems.Count;
        TabularRules.CheckHeader(table, problems, "request", "per_mille", "reason");
        if (problems.Count > reported) problems.ThrowIfAny();

        var resolved = TabularRules.Year(table, year, problems);
        var countyStated = table.Properties.TryGetValue("county", out var jc) ? new[] { (jc.Text, jc.Line, (string?)null) } : [];
        foreach (var (text, line, cell) in countyStated.Concat(table.Rows.Select(r => (Cells.Text(r, "county_code"), r.LineOf("county_code"), r.CellRef("county_code")))))
        {
            var t = text.Trim();
            if (t.Length == 0) continue;
            var named = reference.FindCounty(t.Length == 1 ? "0" + t : t) ?? NameMatching.FindCounty(reference, t);
            if (named?.Code != county.Code)
                problems.Add(line, "county_code", "county-conflict",
                    $"Filen gäller {(named is null ? $"'{ProblemList.Echo(t)}'" : named.Name)} men laddades upp för {county.Name} ({county.Code}).",
                    $"The file is for {(named is null ? $"'{ProblemList.Echo(t)}'" : named.Name)} but was uploaded for {county.Name} ({county.Code}).", cell);
        }

        var requests = new List<ShareRequest>();
        var lines = new List<int>();
        var seen = new Dictionary<(string, ShareRequestKind, string?), int>();
        foreach (var row in table.Rows)
        {
            var request = ReadRow(row, county!, problems);
            if (request is null) continue;
            var key = (request.MunicipalityCode, request.Kind, request.CounterpartCode);
            if (seen.TryGetValue(key, out var first))
            {
                problems.Add(row, "municipality_code", "duplicate-request",
                    $"Samma begäran finns redan på rad {first}.", $"The same request is already on line {first}.");
                continue;
            }
            seen[key] = row.Line;
            requests.Add(request);
            lines.Add(row.Line);
        }
        problems.ThrowIfAny();
        return new ShareRequestFile(resolved!.Value, county!.Code, requests, lines, table.Format, table.Encoding);
    }

    private ShareRequest? ReadRow(TabularRow row, County county, ProblemList problems)
    {
        var before = problems.Count;
        var m = TabularRules.MunicipalityIn(reference, row, county, problems);
        var kind = TabularRules.Kind(row, "request", ShareRequest.ParseKind, RequestColumn, problems);
        var amount = ShareFileParser.ShareCell(row, "per_mille", required: kind == ShareRequestKind.Transfer, problems);
        if (amount is { } a && a <= PerMille.Zero)
        {
            problems.Add(row, "per_mille", "non-positive-amount", "Andelen måste vara större än 0 ‰.", "The amount must be greater than 0 ‰.");
            amount = null;
        }
        var counterpartText = Cells.Text(row, "counterpart_code");
        Municipality? counterpart = null;
        if (kind == ShareRequestKind.Transfer)
        {
            if (counterpartText.Length == 0)
                problems.Add(row, "counterpart_code", "missing-value", "En omfördelning (transfer) behöver kommunkoden för den kommun som tar emot andelen.",
                    "A transfer needs the municipality code of the municipality that receives the share.");
            else
            {
                var c = counterpartText.Length == 3 && counterpartText.All(char.IsAsciiDigit) ? "0" + counterpartText : counterpartText;
                counterpart = reference.FindMunicipality(c) ?? NameMatching.FindMunicipality(reference, c);
                if (counterpart is null)
                    problems.Add(row, "counterpart_code", "unknown-municipality", $"Okänd kommunkod '{ProblemList.Echo(counterpartText)}'.", $"Unknown municipality code '{ProblemList.Echo(counterpartText)}'.");
                else if (counterpart.CountyCode != county.Code)
                    problems.Add(row, "counterpart_code", "municipality-outside-county",
                        $"{counterpart.Name} ({counterpart.Code}) ligger inte i {county.Name}; andelstal kan bara omfördelas inom länet.",
                        $"{counterpart.Name} ({counterpart.Code}) is not in {county.Name}; shares can only be redistributed within the county.");
                else if (counterpart.Code == m?.Code)
                    problems.Add(row, "counterpart_code", "same-municipality", $"{m.Name} kan inte lämna andelstal till sig själv.", $"{m.Name} cannot hand its share to itself.");
            }
        }
        else if (kind is not null && counterpartText.Length > 0)
            problems.Add(row, "counterpart_code", "counterpart-not-allowed", "Motpart (counterpart_code) anges bara för en omfördelning (transfer).",
                "A counterpart (counterpart_code) is given for a transfer only.");
        var reason = Cells.Text(row, "reason");
        if (reason.Length == 0 && !row.Rejected.Contains("reason"))
            problems.Add(row, "reason", "missing-reason", "Skäl måste anges för varje begäran.", "Every request needs a reason.");
        else if (reason.Length > TextLimits.Reason)
            problems.Add(row, "reason", "reason-too-long", $"Skälet är {reason.Length} tecken; högst {TextLimits.Reason} godtas.",
                $"The reason is {reason.Length} characters; at most {TextLimits.Reason} are accepted.");
        else if (FreeText.HiddenMessage(reason, multiline: true) is { } hidden)
            problems.Add(row, "reason", FreeText.HiddenCode, hidden.Sv, hidden.En);
        if (problems.Count > before || m is null || kind is null) return null;
        return new ShareRequest(m.Code, kind.Value, amount, counterpart?.Code, reason);
    }
}
