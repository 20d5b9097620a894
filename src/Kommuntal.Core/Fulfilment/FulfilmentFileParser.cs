using Kommuntal.Core.Ingestion;

namespace Kommuntal.Core.Fulfilment;

/// <summary>One municipality's line of Migrationsverket's statistics: its kommuntal as the file states it and the people received.</summary>
public sealed record FulfilmentRow(string MunicipalityCode, int Kommuntal, int Received);

/// <summary>
/// A parsed statistics file "Anvisningar enligt kommuntalen": the year, the period it runs to
/// (<c>YYYY-MM</c>, received counted from January up to and including that month; null: the whole
/// year), one row per municipality, and how it was written.
/// </summary>
public sealed record FulfilmentFile(int Year, string? Period, IReadOnlyList<FulfilmentRow> Rows, InputFormat Format, string Encoding);

/// <summary>
/// Parses Migrationsverket's statistics "Anvisningar enligt kommuntalen" (CSV with ';', ',' or tab,
/// UTF-8 or Windows-1252, or .xlsx): columns <c>Län</c>, <c>Kommun</c> (a name or a code),
/// <c>Tal</c>/<c>Kommuntal</c>, <c>Mottagna</c>/<c>Anvisade</c> and optionally <c>Period</c>/<c>Månad</c>
/// (<c>YYYY-MM</c>), in any order, title lines above the header allowed. Total rows ("Totalt",
/// "Summa", "Riket", or a county with no municipality) are checked against the rows they sum and
/// then left out. Every problem is reported at once, naming file, line (or cell) and field.
/// </summary>
public sealed class FulfilmentFileParser(ReferenceData reference)
{
    private static readonly HashSet<string> TotalWords = new(StringComparer.Ordinal) { "totalt", "summa", "total", "riket", "hela riket", "samtliga", "samtliga kommuner", "sverige" };

    public static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "län" or "lan" or "länsnamn" or "länskod" or "lanskod" or "county" => "county",
        "kommun" or "kommunnamn" or "municipality" or "municipality_name" => "municipality_name",
        "kommunkod" or "kommun_kod" or "municipality_code" => "municipality_code",
        "tal" or "kommuntal" or "kommuntal (tal)" => "kommuntal",
        "mottagna" or "anvisade" or "mottagna personer" or "anvisade personer" or "received" => "received",
        "period" or "månad" or "manad" or "month" => "period",
        "år" or "ar" or "year" => "year",
        var other => other,
    };

    public static readonly TabularSpec Spec = new(NormaliseHeader)
    {
        KnownColumns = new HashSet<string>(["county", "municipality_name", "municipality_code", "kommuntal", "received", "period"]),
    };

    /// <summary>
    /// Parses the file for <paramref name="year"/> (or the year its periods state) and the period
    /// <paramref name="period"/> (or the one its Period column states; a conflict is an error).
    /// Throws <see cref="ValidationFailedException"/> with every problem.
    /// </summary>
    public FulfilmentFile Read(InputFile file, int? year, string? period, IngestionLimits? limits = null)
    {
        limits ??= IngestionLimits.Default;
        var problems = new ProblemList(file.Name, limits.MaxProblems);
        var table = TabularReader.Read(file, Spec, problems, limits);
        if (table is null) problems.ThrowIfAny();
        var result = FromTable(table!, year, period, problems);
        problems.ThrowIfAny();
        return result!;
    }

    /// <summary>A period as written (<c>2022-03</c>, <c>2022-3</c>, <c>202203</c>) in the form <c>YYYY-MM</c>, or null.</summary>
    public static string? NormalisePeriod(string text)
    {
        var t = text.Trim();
        int y, m;
        if (t.Length == 6 && t.All(char.IsAsciiDigit))
            (y, m) = (int.Parse(t[..4], CultureInfo.InvariantCulture), int.Parse(t[4..], CultureInfo.InvariantCulture));
        else if (t.Split('-') is [var ys, var ms] && ys.Length == 4 && ms.Length is 1 or 2 && ys.All(char.IsAsciiDigit) && ms.All(char.IsAsciiDigit))
            (y, m) = (int.Parse(ys, CultureInfo.InvariantCulture), int.Parse(ms, CultureInfo.InvariantCulture));
        else return null;
        return m is >= 1 and <= 12 && y is >= IngestionRules.MinYear and <= IngestionRules.MaxYear ? $"{y:D4}-{m:D2}" : null;
    }

    /// <summary>The month (1–12) of a <c>YYYY-MM</c> period; 12 for the whole year (null).</summary>
    public static int MonthsOf(string? period) => period is null ? 12 : int.Parse(period[5..], CultureInfo.InvariantCulture);

    private FulfilmentFile? FromTable(TabularFile table, int? yearHint, string? periodHint, ProblemList problems)
    {
        var reported = problems.Count;
        if (table.Columns.Count > 0)
        {
            if (!table.Columns.Contains("municipality_code") && !table.Columns.Contains("municipality_name"))
                problems.Add(table.HeaderLine, "municipality_name", "missing-column", "Kolumnen Kommun saknas.", "The column Kommun (municipality) is missing.");
            if (!table.Columns.Contains("kommuntal"))
                problems.Add(table.HeaderLine, "kommuntal", "missing-column", "Kolumnen Tal (eller Kommuntal) saknas.", "The column Tal (or Kommuntal) is missing.");
            if (!table.Columns.Contains("received"))
                problems.Add(table.HeaderLine, "received", "missing-column", "Kolumnen Mottagna (eller Anvisade) saknas.", "The column Mottagna (or Anvisade) is missing.");
        }
        if (problems.Count > reported) return null;
        if (table.Rows.Count == 0)
        {
            if (!problems.Any) problems.Add(null, null, "no-rows", "Filen innehåller inga rader.", "The file has no rows.");
            return null;
        }

        var period = ResolvePeriod(table, periodHint, problems);
        var stated = new List<YearStatement>();
        if (period is not null) stated.Add(new YearStatement(period[..4], table.HeaderLine, "period"));
        foreach (var row in table.Rows)
            if (Cells.Text(row, "year") is { Length: > 0 } y) stated.Add(new YearStatement(y, row.LineOf("year"), "year", row.CellRef("year")));
        var year = IngestionRules.ResolveYear(yearHint, stated.DistinctBy(s => s.Text), problems);
        if (year is null)
        {
            problems.Add(IngestionRules.YearMissing(table.FileName));
            return null;
        }

        var rows = new List<FulfilmentRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var totals = new List<(TabularRow Row, string? County, int? Kommuntal, int? Received)>();
        foreach (var row in table.Rows)
        {
            var countyText = Cells.Text(row, "county");
            var name = Cells.Text(row, "municipality_name");
            var code = Cells.Text(row, "municipality_code");
            if (IsTotal(name, code, countyText))
            {
                var county = countyText.Length == 0 || TotalWords.Contains(NameMatching.Normalise(countyText)) ? null : ResolveCounty(row, countyText, problems)?.Code;
                totals.Add((row, county, Cells.Count(row, "kommuntal", problems), Cells.Count(row, "received", problems)));
                continue;
            }
            var municipality = NameMatching.ResolveMunicipality(reference, row, problems);
            var kommuntal = Cells.Count(row, "kommuntal", problems);
            var received = Cells.Count(row, "received", problems);
            if (municipality is null) continue;
            if (countyText.Length > 0 && ResolveCounty(row, countyText, problems) is { } c && c.Code != municipality.CountyCode)
                problems.Add(row, "county", "municipality-outside-county",
                    $"{municipality.Name} ({municipality.Code}) ligger inte i {c.Name}.", $"{municipality.Name} ({municipality.Code}) is not in {c.Name}.");
            if (seen.TryGetValue(municipality.Code, out var first))
            {
                problems.Add(row, "municipality_name", "duplicate-municipality",
                    $"{municipality.Name} ({municipality.Code}) förekommer redan på rad {first}.", $"{municipality.Name} ({municipality.Code}) already appears on line {first}.");
                continue;
            }
            seen[municipality.Code] = row.Line;
            if (kommuntal is { } k && received is { } r) rows.Add(new FulfilmentRow(municipality.Code, k, r));
        }
        if (problems.Any) return null;
        CheckTotals(totals, rows, problems);
        if (problems.Any) return null;
        if (rows.Count == 0)
        {
            problems.Add(null, null, "no-rows", "Filen innehåller inga kommunrader.", "The file has no municipality rows.");
            return null;
        }
        return new FulfilmentFile(year.Value, period, [.. rows.OrderBy(r => r.MunicipalityCode, StringComparer.Ordinal)], table.Format, table.Encoding);
    }

    private static bool IsTotal(string name, string code, string county) =>
        (name.Length == 0 && code.Length == 0 && county.Length > 0)
        || TotalWords.Contains(NameMatching.Normalise(name)) || TotalWords.Contains(NameMatching.Normalise(county))
        || NameMatching.Normalise(name).StartsWith("summa ", StringComparison.Ordinal) || NameMatching.Normalise(name).StartsWith("totalt ", StringComparison.Ordinal);

    private County? ResolveCounty(TabularRow row, string text, ProblemList problems)
    {
        var t = text.Trim();
        if (t.Length == 1 && char.IsAsciiDigit(t[0])) t = "0" + t;
        var county = t.All(char.IsAsciiDigit) ? reference.FindCounty(t) : NameMatching.FindCounty(reference, t);
        if (county is null)
        {
            var guess = problems.Full || t.All(char.IsAsciiDigit) ? null : NameMatching.SuggestCounty(reference, t);
            problems.Add(row, "county", "unknown-county",
                $"Okänt län '{ProblemList.Echo(text)}'." + (guess is null ? "" : $" Menade du {guess.Name}?"),
                $"Unknown county '{ProblemList.Echo(text)}'." + (guess is null ? "" : $" Did you mean {guess.Name}?"));
        }
        return county;
    }

    /// <summary>The file's one period (every row the same), checked against the caller's; null for a whole-year file.</summary>
    private static string? ResolvePeriod(TabularFile table, string? hint, ProblemList problems)
    {
        string? given = null;
        if (hint is not null)
        {
            given = NormalisePeriod(hint);
            if (given is null)
            {
                problems.Add(null, "period", "invalid-period", $"Perioden '{ProblemList.Echo(hint)}' är inte en månad i formen ÅÅÅÅ-MM.", $"The period '{ProblemList.Echo(hint)}' is not a month in the form YYYY-MM.");
                return null;
            }
        }
        string? fromFile = null;
        int firstLine = 0;
        foreach (var row in table.Rows)
        {
            var text = Cells.Text(row, "period");
            if (text.Length == 0) continue;
            var p = NormalisePeriod(text);
            if (p is null)
            {
                problems.Add(row, "period", "invalid-period", $"Perioden '{ProblemList.Echo(text)}' är inte en månad i formen ÅÅÅÅ-MM.", $"The period '{ProblemList.Echo(text)}' is not a month in the form YYYY-MM.");
                continue;
            }
            if (given is not null && p != given)
            {
                problems.Add(row, "period", "period-conflict", $"Filen anger perioden {p} men {given} begärdes (--period).", $"The file states the period {p} but {given} was requested (--period).");
                return null;
            }
            if (fromFile is not null && p != fromFile)
            {
                problems.Add(row, "period", "period-conflict", $"Filen anger både perioden {fromFile} (rad {firstLine}) och {p}; en fil gäller en period.",
                    $"The file states both the period {fromFile} (line {firstLine}) and {p}; a file is for one period.");
                return null;
            }
            if (fromFile is null) (fromFile, firstLine) = (p, row.Line);
        }
        return given ?? fromFile;
    }

    /// <summary>A total row must equal the sum of the rows it totals (its county's, or all of them).</summary>
    private void CheckTotals(List<(TabularRow Row, string? County, int? Kommuntal, int? Received)> totals, List<FulfilmentRow> rows, ProblemList problems)
    {
        foreach (var (row, county, kommuntal, received) in totals)
        {
            var covered = county is null ? rows : rows.Where(r => reference.FindMunicipality(r.MunicipalityCode)?.CountyCode == county).ToList();
            Check(row, "kommuntal", kommuntal, covered.Sum(r => (long)r.Kommuntal), problems);
            Check(row, "received", received, covered.Sum(r => (long)r.Received), problems);
        }
    }

    private static void Check(TabularRow row, string field, int? stated, long sum, ProblemList problems)
    {
        if (stated is { } s && s != sum)
            problems.Add(row, field, "total-mismatch", $"Summaraden anger {s} men raderna den summerar ger {sum}.", $"The total row states {s} but the rows it totals sum to {sum}.");
    }
}
