using System.Globalization;
using System.Text;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Quotas;

/// <summary>
/// Parses and validates a national quota file: the 21 county numbers (länstal) of a year, with the
/// national total given (a "Totalt"/"Riket" row) or derived. Reports every problem at once, each
/// with file, line and field; returns a quota only when there is none.
/// </summary>
public sealed class QuotaParser(ReferenceData reference)
{
    public const int MinYear = 2016;   // lag (2016:38) came into force on 1 March 2016
    public const int MaxYear = 2100;

    private static readonly string[] TotalNames = ["totalt", "total", "riket", "summa", "hela riket", "sverige"];

    public NationalQuota Parse(InputFile file, int? year = null)
    {
        var problems = new ProblemList(file.Name);
        if (file.Content.Length == 0)
        {
            problems.Add(null, null, "empty-file", "Filen är tom.", "The file is empty.");
            problems.ThrowIfAny();
        }
        var text = Encoding.UTF8.GetString(file.Content).TrimStart('\uFEFF');
        var table = CsvTable.Read(file.Name, text, NormaliseHeader, problems);
        var result = FromTable(table, year, problems);
        problems.ThrowIfAny();
        return result!;
    }

    internal static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "county_code" or "code" or "länskod" or "lanskod" or "kod" => "county_code",
        "county_name" or "county" or "name" or "län" or "lan" or "länsnamn" or "namn" => "county",
        "lanstal" or "länstal" or "quota" or "number" or "antal" => "lanstal",
        "year" or "år" or "ar" => "year",
        var other => other,
    };

    private NationalQuota? FromTable(TabularFile table, int? yearHint, ProblemList problems)
    {
        if (table.Columns.Count > 0 && !table.Columns.Contains("lanstal"))
            problems.Add(1, "lanstal", "missing-column", "Kolumnen för länstal saknas (länstal/lanstal).", "The column for the county number is missing (lanstal/länstal).");
        if (table.Columns.Count > 0 && !table.Columns.Contains("county_code") && !table.Columns.Contains("county"))
            problems.Add(1, "county_code", "missing-column", "Kolumnen för län saknas (länskod eller län).", "The county column is missing (county_code or county_name).");
        if (problems.Any) return null;

        var year = yearHint;
        int? statedTotal = null;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var counties = new List<CountyQuota>();
        foreach (var row in table.Rows)
        {
            var code = row.Get("county_code")?.Trim() ?? "";
            var name = row.Get("county")?.Trim() ?? "";
            var numberText = row.Get("lanstal") ?? "";
            if (row.Get("year") is { Length: > 0 } yearText)
            {
                if (!int.TryParse(yearText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y))
                    problems.Add(row.Line, "year", "not-an-integer", $"Året '{yearText}' är inte ett heltal.", $"The year '{yearText}' is not an integer.");
                else if (year is { } other && other != y)
                    problems.Add(row.Line, "year", "year-conflict", $"Året {y} stämmer inte med {other}.", $"The year {y} does not match {other}.");
                else year = y;
            }
            var isTotal = code.Length == 0 && TotalNames.Contains(name.ToLowerInvariant()) || code is "00" && name.Length == 0;
            var number = Cells.ParseCount(numberText, row.Line, "lanstal", problems);
            if (isTotal)
            {
                statedTotal = number;
                continue;
            }
            var county = ResolveCounty(code, name, row.Line, problems);
            if (county is null) continue;
            if (seen.TryGetValue(county.Code, out var firstLine))
            {
                problems.Add(row.Line, code.Length > 0 ? "county_code" : "county", "duplicate-county",
                    $"{county.Name} ({county.Code}) förekommer redan på rad {firstLine}.",
                    $"{county.Name} ({county.Code}) already appears on line {firstLine}.");
                continue;
            }
            seen[county.Code] = row.Line;
            if (number is { } n) counties.Add(new CountyQuota(county.Code, county.Name, n));
        }

        foreach (var missing in reference.Counties.Where(c => !seen.ContainsKey(c.Code)))
            problems.Add(null, "county_code", "missing-county", $"{missing.Name} ({missing.Code}) saknas i filen.", $"{missing.Name} ({missing.Code}) is missing from the file.");

        var sum = counties.Sum(c => (long)c.Lanstal);
        if (statedTotal is { } total && !problems.Any && total != sum)
        {
            var totalLine = table.Rows.First(r => TotalNames.Contains((r.Get("county") ?? "").Trim().ToLowerInvariant()) || (r.Get("county_code") ?? "").Trim() == "00").Line;
            problems.Add(totalLine, "lanstal", "sum-mismatch",
                $"Angiven totalsumma {total} stämmer inte med summan av länstalen {sum}.",
                $"The stated total {total} does not equal the sum of the county numbers {sum}.");
        }
        if (year is { } yr && (yr < MinYear || yr > MaxYear))
            problems.Add(null, "year", "year-out-of-range", $"Året {yr} ligger utanför {MinYear}–{MaxYear}.", $"The year {yr} is outside {MinYear}-{MaxYear}.");
        if (problems.Any) return null;
        return new NationalQuota(year ?? 0, (int)sum, counties.OrderBy(c => c.CountyCode, StringComparer.Ordinal).ToList(), null);
    }

    private County? ResolveCounty(string code, string name, int line, ProblemList problems)
    {
        if (code.Length > 0)
        {
            var normalised = code.Length == 1 && char.IsAsciiDigit(code[0]) ? "0" + code : code;
            var county = reference.FindCounty(normalised);
            if (county is null)
            {
                problems.Add(line, "county_code", "unknown-county", $"Okänd länskod '{code}'.", $"Unknown county code '{code}'.");
                return null;
            }
            if (name.Length > 0 && !SameCountyName(county, name))
                problems.Add(line, "county", "county-name-mismatch", $"Länskoden {county.Code} är {county.Name}, inte '{name}'.", $"County code {county.Code} is {county.Name}, not '{name}'.");
            return county;
        }
        if (name.Length == 0)
        {
            problems.Add(line, "county_code", "missing-value", "Länskod eller län saknas.", "The county code or name is missing.");
            return null;
        }
        var byName = reference.Counties.FirstOrDefault(c => SameCountyName(c, name));
        if (byName is null)
            problems.Add(line, "county", "unknown-county", $"Okänt län '{name}'.", $"Unknown county '{name}'.");
        return byName;
    }

    private static bool SameCountyName(County county, string name)
    {
        static string Norm(string s) => s.Trim().Replace('\u00A0', ' ').ToLowerInvariant();
        var n = Norm(name);
        var full = Norm(county.Name);
        return n == full || n + " län" == full || n + "s län" == full;
    }
}
