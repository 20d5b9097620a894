using Kommuntal.Core.Allocation;

namespace Kommuntal.Core.Ingestion;

/// <summary>A parsed indicator file: the set for the allocation year, its columns and how it was written.</summary>
public sealed record IndicatorFile(IndicatorSet Indicators, IReadOnlyList<string> IndicatorColumns, InputFormat Format, string Encoding);

/// <summary>
/// Parses an indicator file: one row per municipality (all 290 for an import) with any of population, labour
/// measure, earlier reception, asylum seekers and expected self-settled (each column may be absent
/// or empty). CSV, XLSX or JSON; header names in English or Swedish. The allocation year is the
/// caller's or the file's (JSON "year", column allocation_year); a "year" column is the year the
/// data refer to (SCB's population on 31 December 2021 for allocation year 2022) and may not be
/// after the allocation year. Reports every problem at once.
/// </summary>
public sealed class IndicatorFileParser(ReferenceData reference)
{
    public static readonly IReadOnlyList<string> Columns = ["municipality_code", "population", "labour", "reception", "asylum_seekers", "self_settled"];
    public static readonly IReadOnlyList<string> IndicatorColumnNames = ["population", "labour", "reception", "asylum_seekers", "self_settled"];

    public static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "municipality_code" or "kommunkod" or "kommun_kod" or "code" or "kod" => "municipality_code",
        "municipality" or "municipality_name" or "kommun" or "kommunnamn" or "name" or "namn" => "municipality_name",
        "population" or "folkmängd" or "folkmangd" or "befolkning" or "invånare" or "invanare" => "population",
        "labour" or "labor" or "arbetsmarknad" or "labour_market" or "labor_market" => "labour",
        "reception" or "mottagande" or "tidigare_mottagande" or "earlier_reception" or "total_received" or "mottagna" => "reception",
        "asylum_seekers" or "asylsökande" or "asylsokande" => "asylum_seekers",
        "self_settled" or "självbosatta" or "sjalvbosatta" or "ebo" or "expected_self_settled" => "self_settled",
        "year" or "år" or "ar" or "data_year" or "referensår" => "year",
        "allocation_year" or "tilldelningsår" or "anvisningsår" => "allocation_year",
        "county_code" or "länskod" or "lanskod" => "county_code",
        var other => other,
    };

    public static readonly TabularSpec Spec = new(NormaliseHeader)
    {
        KnownColumns = new HashSet<string>(["municipality_code", "municipality_name", "year", "allocation_year", .. IndicatorColumnNames]),
        JsonRowArrays = ["municipalities", "kommuner", "rows"],
        JsonProperties = new Dictionary<string, string> { ["year"] = "year", ["år"] = "year", ["allocation_year"] = "year" },
    };

    /// <summary>
    /// Parses the indicators for <paramref name="year"/> (rows for some municipalities are enough,
    /// e.g. one county's for a what-if); throws <see cref="ValidationFailedException"/> with every problem.
    /// </summary>
    public IndicatorSet Parse(InputFile file, int year) => Read(file, year, requireAllMunicipalities: false).Indicators;

    /// <summary>
    /// Parses with the year from the file when it states one, else <paramref name="year"/>; a conflict
    /// is an error. An import (<paramref name="requireAllMunicipalities"/>) replaces the indicators of
    /// every county for the year, so every municipality must be in it.
    /// </summary>
    public IndicatorFile Read(InputFile file, int? year, bool requireAllMunicipalities = true, IngestionLimits? limits = null)
    {
        limits ??= IngestionLimits.Default;
        var problems = new ProblemList(file.Name, limits.MaxProblems);
        var table = TabularReader.Read(file, Spec, problems, limits);
        if (table is null) problems.ThrowIfAny();
        var result = FromTable(table!, year, requireAllMunicipalities, problems);
        problems.ThrowIfAny();
        return result!;
    }

    private IndicatorFile? FromTable(TabularFile table, int? yearHint, bool requireAllMunicipalities, ProblemList problems)
    {
        var present = IndicatorColumnNames.Where(table.Columns.Contains).ToList();
        var reported = problems.Count; // the reader's own problems (e.g. formula cells) do not stop the row checks
        if (table.Format != InputFormat.Json && table.Columns.Count > 0)
        {
            if (!table.Columns.Contains("municipality_code") && !table.Columns.Contains("municipality_name"))
                problems.Add(table.HeaderLine, "municipality_code", "missing-column", "Kolumnen kommunkod (eller kommun) saknas.", "The municipality_code (or municipality) column is missing.");
            if (present.Count == 0)
                problems.Add(table.HeaderLine, null, "missing-column",
                    $"Ingen indikatorkolumn hittades; minst en av {string.Join(", ", IndicatorColumnNames)} behövs.",
                    $"No indicator column was found; at least one of {string.Join(", ", IndicatorColumnNames)} is needed.");
        }
        if (problems.Count > reported) return null;

        var stated = new List<YearStatement>();
        if (table.Properties.TryGetValue("year", out var jy)) stated.Add(new YearStatement(jy.Text, jy.Line, "year"));
        foreach (var row in table.Rows)
            if (Cells.Text(row, "allocation_year") is { Length: > 0 } ay) stated.Add(new YearStatement(ay, row.LineOf("allocation_year"), "allocation_year", row.CellRef("allocation_year")));
        var year = IngestionRules.ResolveYear(yearHint, stated, problems);
        if (year is null)
        {
            problems.Add(IngestionRules.YearMissing(table.FileName));
            return null;
        }

        var rows = new List<MunicipalIndicators>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var badYears = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var municipality = NameMatching.ResolveMunicipality(reference, row, problems);
            CheckDataYear(row, year.Value, badYears, problems);
            if (municipality is null) continue;
            if (seen.TryGetValue(municipality.Code, out var first))
            {
                problems.Add(row, "municipality_code", "duplicate-municipality",
                    $"{municipality.Name} ({municipality.Code}) förekommer redan på rad {first}.", $"{municipality.Name} ({municipality.Code}) already appears on line {first}.");
                continue;
            }
            seen[municipality.Code] = row.Line;
            if (Cells.Text(row, "county_code") is { Length: > 0 } cc && cc.PadLeft(2, '0') != municipality.CountyCode)
                problems.Add(row, "county_code", "municipality-outside-county",
                    $"{municipality.Name} ({municipality.Code}) ligger inte i län {ProblemList.Echo(cc)}.", $"{municipality.Name} ({municipality.Code}) is not in county {ProblemList.Echo(cc)}.");
            var population = Cells.Measure(row, "population", problems);
            if (population is { } p && p != Math.Floor(p))
                problems.Add(row, "population", "not-an-integer", $"Folkmängden '{ProblemList.Echo(row.Get("population"))}' är inte ett heltal.", $"The population '{ProblemList.Echo(row.Get("population"))}' is not an integer.");
            rows.Add(new MunicipalIndicators(municipality.Code,
                Population: population,
                Labour: Cells.Measure(row, "labour", problems),
                Reception: Cells.Measure(row, "reception", problems),
                AsylumSeekers: Cells.Measure(row, "asylum_seekers", problems),
                SelfSettled: Cells.Measure(row, "self_settled", problems)));
        }
        if (table.Rows.Count == 0)
        {
            if (!problems.Any) problems.Add(null, null, "no-rows", "Filen innehåller inga rader.", "The file has no rows.");
            return null;
        }
        if (table.Format == InputFormat.Json && rows.Count > 0)
            present = IndicatorColumnNames.Where(table.Columns.Contains).ToList();
        if (table.Format == InputFormat.Json && present.Count == 0)
            problems.Add(null, null, "missing-column",
                $"Ingen indikator angiven; minst en av {string.Join(", ", IndicatorColumnNames)} behövs.",
                $"No indicator is given; at least one of {string.Join(", ", IndicatorColumnNames)} is needed.");
        // An imported year's indicators replace the bundled ones for every county: all municipalities must be there.
        foreach (var missing in reference.Municipalities.Where(m => requireAllMunicipalities && !seen.ContainsKey(m.Code)))
            problems.Add(null, "municipality_code", "missing-municipality",
                $"{missing.Name} ({missing.Code}) saknas i filen.", $"{missing.Name} ({missing.Code}) is missing from the file.");
        if (problems.Any) return null;

        var note = string.Join(" ", table.Comments).Trim();
        var source = note.Length > 0 ? $"{table.FileName}: {note}" : table.FileName;
        var set = new IndicatorSet(year.Value, rows.OrderBy(r => r.MunicipalityCode, StringComparer.Ordinal).ToList(), [source]);
        return new IndicatorFile(set, present, table.Format, table.Encoding);
    }

    /// <summary>Checks the year the data refer to; each wrong value is reported once (on its first line).</summary>
    private static void CheckDataYear(TabularRow row, int allocationYear, HashSet<string> reported, ProblemList problems)
    {
        var text = Cells.Text(row, "year");
        if (text.Length == 0) return;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ok)
            && ok <= allocationYear && ok >= 2000) return;
        if (!reported.Add(text)) return;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y))
            problems.Add(row, "year", "not-an-integer", $"Året '{ProblemList.Echo(text)}' är inte ett heltal.", $"The year '{ProblemList.Echo(text)}' is not an integer.");
        else if (y > allocationYear)
            problems.Add(row, "year", "data-year-after-allocation-year",
                $"Uppgifterna avser år {y}, efter tilldelningsåret {allocationYear}.", $"The data refer to {y}, after the allocation year {allocationYear}.");
        else if (y < 2000)
            problems.Add(row, "year", "year-out-of-range", $"Året {y} är orimligt gammalt för indikatorer.", $"The year {y} is implausibly old for indicators.");
    }
}
