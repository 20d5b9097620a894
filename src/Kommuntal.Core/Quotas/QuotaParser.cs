using System.Text.RegularExpressions;
using Kommuntal.Core.Ingestion;

namespace Kommuntal.Core.Quotas;

/// <summary>A parsed quota file with how it was written.</summary>
public sealed record QuotaFile(NationalQuota Quota, InputFormat Format, string Encoding);

/// <summary>
/// Parses and validates a national quota file: the 21 county numbers (länstal) of a year, with the
/// national total given (a "Totalt"/"Riket" row, JSON "total") or derived. Accepts the statute's
/// annex text, CSV (',', ';' or tab; UTF-8 with or without BOM, Windows-1252), .xlsx (first sheet)
/// and JSON, detected from the content. Reports every problem at once, each with file, line (or
/// cell) and field; returns a quota only when there is none.
/// </summary>
public sealed partial class QuotaParser(ReferenceData reference)
{
    public const int MinYear = IngestionRules.MinYear;
    public const int MaxYear = IngestionRules.MaxYear;

    private static readonly string[] TotalNames = ["totalt", "total", "riket", "summa", "hela riket", "sverige", "totalt (riket)"];

    [GeneratedRegex(@"\bl(ä|a)nstal\s+(för\s+|for\s+)?(år\s+|ar\s+)?(?<year>\d{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex TitleYear();

    [GeneratedRegex(@"\bSFS\s*(?<y>\d{4})\s*:\s*(?<n>\d{1,5})\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatuteInText();

    [GeneratedRegex(@"^(SFS\s*)?(?<y>\d{4})\s*:\s*(?<n>\d{1,5})$", RegexOptions.IgnoreCase)]
    private static partial Regex StatuteField();

    public static readonly TabularSpec Spec = new(NormaliseHeader)
    {
        KnownColumns = new HashSet<string> { "county_code", "county", "lanstal", "year" },
        JsonRowArrays = ["counties", "län", "lan", "lanstal", "länstal"],
        JsonProperties = new Dictionary<string, string>
        {
            ["year"] = "year", ["år"] = "year", ["ar"] = "year",
            ["total"] = "total", ["totalt"] = "total", ["riket"] = "total",
            ["statute"] = "statute", ["sfs"] = "statute", ["författning"] = "statute",
        },
        AnnexReader = AnnexTextReader.Read,
    };

    public NationalQuota Parse(InputFile file, int? year = null) => Read(file, year).Quota;

    /// <summary>Parses with the format and encoding found, within <paramref name="limits"/> (default <see cref="IngestionLimits.Default"/>); throws <see cref="ValidationFailedException"/> with every problem.</summary>
    public QuotaFile Read(InputFile file, int? year = null, IngestionLimits? limits = null)
    {
        limits ??= IngestionLimits.Default;
        var problems = new ProblemList(file.Name, limits.MaxProblems);
        var table = TabularReader.Read(file, Spec, problems, limits);
        if (table is null) problems.ThrowIfAny();
        var result = FromTable(table!, year, problems);
        problems.ThrowIfAny();
        return new QuotaFile(result!, table!.Format, table.Encoding);
    }

    internal static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "county_code" or "code" or "länskod" or "lanskod" or "kod" or "lan_kod" or "län_kod" => "county_code",
        "county_name" or "county" or "name" or "län" or "lan" or "länsnamn" or "lansnamn" or "namn" => "county",
        "lanstal" or "länstal" or "quota" or "number" or "antal" or "county_number" => "lanstal",
        "year" or "år" or "ar" => "year",
        var other => other,
    };

    private NationalQuota? FromTable(TabularFile table, int? yearHint, ProblemList problems)
    {
        var reported = problems.Count; // the reader's own problems (e.g. formula cells) do not stop the row checks
        if (table.Format != InputFormat.Json && table.Columns.Count > 0)
        {
            if (!table.Columns.Contains("lanstal"))
                problems.Add(table.HeaderLine, "lanstal", "missing-column", "Kolumnen för länstal saknas (länstal/lanstal).", "The column for the county number is missing (lanstal/länstal).");
            if (!table.Columns.Contains("county_code") && !table.Columns.Contains("county"))
                problems.Add(table.HeaderLine, "county_code", "missing-column", "Kolumnen för län saknas (länskod eller län).", "The county column is missing (county_code or county_name).");
        }
        if (problems.Count > reported) return null;

        // The year: annex title, JSON field, year column; else the caller's.
        var stated = new List<YearStatement>();
        foreach (var title in table.Titles)
            if (TitleYear().Match(title.Text) is { Success: true } m) stated.Add(new YearStatement(m.Groups["year"].Value, title.Line, "year"));
        if (table.Properties.TryGetValue("year", out var jsonYear)) stated.Add(new YearStatement(jsonYear.Text, jsonYear.Line, "year"));
        foreach (var row in table.Rows)
            if (Cells.Text(row, "year") is { Length: > 0 } y) stated.Add(new YearStatement(y, row.LineOf("year"), "year", row.CellRef("year")));
        var year = IngestionRules.ResolveYear(yearHint, stated, problems);

        int? statedTotal = null;
        TabularRow? totalRow = null;
        TabularValue? totalProperty = null;
        if (table.Properties.TryGetValue("total", out var jt))
        {
            totalProperty = jt;
            statedTotal = Cells.ParseCount(jt.Text, jt.Line, "total", problems);
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var counties = new List<CountyQuota>();
        foreach (var row in table.Rows)
        {
            var code = Cells.Text(row, "county_code");
            var name = Cells.Text(row, "county");
            var isTotal = code.Length == 0 && TotalNames.Contains(NameMatching.Normalise(name)) || code is "00" && name.Length == 0;
            var number = Cells.Count(row, "lanstal", problems);
            if (isTotal)
            {
                statedTotal = number;
                totalRow = row;
                continue;
            }
            var county = ResolveCounty(row, code, name, problems);
            if (county is null) continue;
            if (seen.TryGetValue(county.Code, out var firstLine))
            {
                var field = code.Length > 0 ? "county_code" : "county";
                problems.Add(row, field, "duplicate-county",
                    $"{county.Name} ({county.Code}) förekommer redan på rad {firstLine}.",
                    $"{county.Name} ({county.Code}) already appears on line {firstLine}.");
                continue;
            }
            seen[county.Code] = row.Line;
            if (number is { } n) counties.Add(new CountyQuota(county.Code, county.Name, n));
        }
        if (table.Rows.Count == 0)
        {
            if (!problems.Any)
                problems.Add(null, null, "no-rows", "Filen innehåller inga länstal.", "The file contains no county numbers.");
            return null;
        }

        foreach (var missing in reference.Counties.Where(c => !seen.ContainsKey(c.Code)))
            problems.Add(null, "county_code", "missing-county", $"{missing.Name} ({missing.Code}) saknas i filen.", $"{missing.Name} ({missing.Code}) is missing from the file.");

        var sum = counties.Sum(c => (long)c.Lanstal);
        if (sum > int.MaxValue)
            problems.Add(totalRow?.LineOf("lanstal") ?? table.HeaderLine, "lanstal", "number-out-of-range",
                $"Summan av länstalen ({sum}) är för stor.", $"The sum of the county numbers ({sum}) is too large.", totalRow?.CellRef("lanstal"));
        if (statedTotal is { } total && !problems.Any && total != sum)
            problems.Add(totalRow?.LineOf("lanstal") ?? totalProperty?.Line, totalRow is null ? "total" : "lanstal", "sum-mismatch",
                $"Angiven totalsumma {total} stämmer inte med summan av länstalen {sum}.",
                $"The stated total {total} does not equal the sum of the county numbers {sum}.",
                totalRow?.CellRef("lanstal"));

        var statute = Statute(table, problems);
        if (problems.Any) return null;
        return new NationalQuota(year ?? 0, (int)sum, counties.OrderBy(c => c.CountyCode, StringComparer.Ordinal).ToList(), statute);
    }

    /// <summary>The statute the file names: JSON "statute", else "SFS yyyy:n" in a title or note line.</summary>
    private static string? Statute(TabularFile table, ProblemList problems)
    {
        if (table.Properties.TryGetValue("statute", out var p) && p.Text.Trim().Length > 0)
        {
            if (StatuteField().Match(p.Text.Trim()) is { Success: true } f) return $"SFS {f.Groups["y"].Value}:{f.Groups["n"].Value}";
            problems.Add(p.Line, "statute", "invalid-statute", $"'{TabularReader.Shorten(p.Text)}' är ingen SFS-beteckning (t.ex. \"SFS 2021:870\").",
                $"'{TabularReader.Shorten(p.Text)}' is not an SFS number (e.g. \"SFS 2021:870\").");
            return null;
        }
        foreach (var text in table.Titles.Select(t => t.Text).Concat(table.Comments))
            if (StatuteInText().Match(text) is { Success: true } m) return $"SFS {m.Groups["y"].Value}:{m.Groups["n"].Value}";
        return null;
    }

    private County? ResolveCounty(TabularRow row, string code, string name, ProblemList problems)
    {
        if (code.Length > 0)
        {
            var normalised = code.Length == 1 && char.IsAsciiDigit(code[0]) ? "0" + code : code;
            var county = reference.FindCounty(normalised);
            if (county is null)
            {
                problems.Add(row, "county_code", "unknown-county", $"Okänd länskod '{ProblemList.Echo(code)}'.", $"Unknown county code '{ProblemList.Echo(code)}'.");
                return null;
            }
            if (name.Length > 0 && !NameMatching.IsCounty(county, name))
                problems.Add(row, "county", "county-name-mismatch", $"Länskoden {county.Code} är {county.Name}, inte '{ProblemList.Echo(name)}'.", $"County code {county.Code} is {county.Name}, not '{ProblemList.Echo(name)}'.");
            return county;
        }
        if (name.Length == 0)
        {
            if (!row.Rejected.Contains("county_code") && !row.Rejected.Contains("county"))
                problems.Add(row, "county_code", "missing-value", "Länskod eller län saknas.", "The county code or name is missing.");
            return null;
        }
        if (name.Length <= 2 && name.All(char.IsAsciiDigit)) return ResolveCounty(row, name, "", problems); // a code in the name column (annex text)
        var byName = NameMatching.FindCounty(reference, name);
        if (byName is not null) return byName;
        var guess = problems.Full ? null : NameMatching.SuggestCounty(reference, name);
        problems.Add(row, "county", "unknown-county",
            $"Okänt län '{ProblemList.Echo(name)}'." + (guess is null ? "" : $" Menade du {guess.Name}?"),
            $"Unknown county '{ProblemList.Echo(name)}'." + (guess is null ? "" : $" Did you mean {guess.Name}?"));
        return null;
    }
}
