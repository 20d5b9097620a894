using System.Text;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Parses an indicator file: one row per municipality with any of population, labour measure,
/// earlier reception, asylum seekers and expected self-settled (each column may be absent or
/// empty). Header names in English or Swedish. Reports every problem at once.
/// </summary>
public sealed class IndicatorFileParser(ReferenceData reference)
{
    public static readonly IReadOnlyList<string> Columns = ["municipality_code", "population", "labour", "reception", "asylum_seekers", "self_settled"];

    public static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "municipality_code" or "municipality" or "kommunkod" or "kommun" or "code" or "kod" => "municipality_code",
        "population" or "folkmängd" or "folkmangd" or "befolkning" or "invånare" => "population",
        "labour" or "labor" or "arbetsmarknad" or "labour_market" => "labour",
        "reception" or "mottagande" or "tidigare_mottagande" or "earlier_reception" => "reception",
        "asylum_seekers" or "asylsökande" or "asylsokande" => "asylum_seekers",
        "self_settled" or "självbosatta" or "sjalvbosatta" or "ebo" => "self_settled",
        "year" or "år" or "ar" => "year",
        var other => other,
    };

    public IndicatorSet Parse(InputFile file, int year)
    {
        var problems = new ProblemList(file.Name);
        if (file.Content.Length == 0)
        {
            problems.Add(null, null, "empty-file", "Filen är tom.", "The file is empty.");
            problems.ThrowIfAny();
        }
        var table = CsvTable.Read(file.Name, Encoding.UTF8.GetString(file.Content).TrimStart('\uFEFF'), NormaliseHeader, problems);
        if (table.Columns.Count > 0 && !table.Columns.Contains("municipality_code"))
            problems.Add(1, "municipality_code", "missing-column", "Kolumnen kommunkod saknas.", "The municipality_code column is missing.");
        problems.ThrowIfAny();

        var rows = new List<MunicipalIndicators>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var code = (row.Get("municipality_code") ?? "").Trim();
            if (code.Length == 3 && code.All(char.IsAsciiDigit)) code = "0" + code; // Excel drops the leading zero
            var municipality = reference.FindMunicipality(code);
            if (municipality is null)
            {
                problems.Add(row.Line, "municipality_code", code.Length == 0 ? "missing-value" : "unknown-municipality",
                    code.Length == 0 ? "Kommunkod saknas." : $"Okänd kommunkod '{code}'.",
                    code.Length == 0 ? "The municipality code is missing." : $"Unknown municipality code '{code}'.");
                continue;
            }
            if (seen.TryGetValue(code, out var first))
            {
                problems.Add(row.Line, "municipality_code", "duplicate-municipality",
                    $"{municipality.Name} ({code}) förekommer redan på rad {first}.", $"{municipality.Name} ({code}) already appears on line {first}.");
                continue;
            }
            seen[code] = row.Line;
            var population = Cells.ParseMeasure(row.Get("population"), row.Line, "population", problems);
            if (population is { } p && p != Math.Floor(p))
                problems.Add(row.Line, "population", "not-an-integer", $"Folkmängden '{p}' är inte ett heltal.", $"The population '{p}' is not an integer.");
            rows.Add(new MunicipalIndicators(code,
                Population: population,
                Labour: Cells.ParseMeasure(row.Get("labour"), row.Line, "labour", problems),
                Reception: Cells.ParseMeasure(row.Get("reception"), row.Line, "reception", problems),
                AsylumSeekers: Cells.ParseMeasure(row.Get("asylum_seekers"), row.Line, "asylum_seekers", problems),
                SelfSettled: Cells.ParseMeasure(row.Get("self_settled"), row.Line, "self_settled", problems)));
        }
        if (table.Rows.Count == 0 && !problems.Any)
            problems.Add(null, null, "empty-file", "Filen innehåller inga rader.", "The file has no rows.");
        problems.ThrowIfAny();
        return new IndicatorSet(year, rows, [$"{file.Name}: {string.Join(" ", table.Comments)}".TrimEnd(' ', ':')]);
    }
}
