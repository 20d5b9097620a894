using Kommuntal.Core.Text;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// The checks the per-municipality input files share (wishes, andelstal, andelstal requests): the
/// county a file was uploaded for, its header, the year it states, a row's municipality in that
/// county, and a cell that names one of a few kinds.
/// </summary>
public static class TabularRules
{
    /// <summary>The county a file was uploaded for (a one-digit code padded); an unknown code is thrown as the file's only problem.</summary>
    public static County UploadCounty(ReferenceData reference, string countyCode, ProblemList problems)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(countyCode);
        ArgumentNullException.ThrowIfNull(problems);
        var code = countyCode.Trim();
        if (code.Length == 1 && char.IsAsciiDigit(code[0])) code = "0" + code;
        if (reference.FindCounty(code) is { } county) return county;
        problems.Add(null, "county", "unknown-county", $"Okänd länskod '{ProblemList.Echo(countyCode)}'.", $"Unknown county code '{ProblemList.Echo(countyCode)}'.");
        problems.ThrowIfAny();
        throw new InvalidOperationException("unreachable: the problem list has a problem");
    }

    /// <summary>
    /// A file with a row per municipality has a header row with a municipality column (code or name)
    /// and each of <paramref name="required"/>; a JSON file has no header and is not checked here.
    /// </summary>
    public static void CheckHeader(TabularFile table, ProblemList problems, params string[] required)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(problems);
        if (table.Format == InputFormat.Json) return;
        if (table.Columns.Count == 0)
        {
            if (!problems.Any) problems.Add(null, null, "missing-header", "Filen har ingen rubrikrad.", "The file has no header row.");
            return;
        }
        if (!table.Columns.Contains("municipality_code") && !table.Columns.Contains("municipality_name"))
            problems.Add(table.HeaderLine, "municipality_code", "missing-column", "Kolumnen municipality_code (eller kommun) saknas.",
                "The municipality_code (or kommun) column is missing.");
        foreach (var column in required)
            if (!table.Columns.Contains(column))
                problems.Add(table.HeaderLine, column, "missing-column", $"Kolumnen {column} saknas.", $"The {column} column is missing.");
    }

    /// <summary>
    /// The year: the one the file states (a <c>year</c> property or column) checked against
    /// <paramref name="given"/>, else <paramref name="given"/>; null, with the problem recorded when
    /// <paramref name="required"/>, when neither says.
    /// </summary>
    public static int? Year(TabularFile table, int? given, ProblemList problems, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(problems);
        var stated = new List<YearStatement>();
        if (table.Properties.TryGetValue("year", out var jy)) stated.Add(new YearStatement(jy.Text, jy.Line, "year"));
        foreach (var row in table.Rows)
            if (Cells.Text(row, "year") is { Length: > 0 } y) stated.Add(new YearStatement(y, row.LineOf("year"), "year", row.CellRef("year")));
        var year = IngestionRules.ResolveYear(given, stated, problems);
        if (year is null && required) problems.Add(IngestionRules.YearMissing(table.FileName));
        return year;
    }

    /// <summary>
    /// The row's municipality (by code or name) when it lies in <paramref name="county"/>; null, with
    /// the problem recorded on the column the row used, when it is unknown or in another county.
    /// </summary>
    public static Municipality? MunicipalityIn(ReferenceData reference, TabularRow row, County county, ProblemList problems)
    {
        ArgumentNullException.ThrowIfNull(county);
        var m = NameMatching.ResolveMunicipality(reference, row, problems);
        if (m is null || m.CountyCode == county.Code) return m;
        problems.Add(row, Cells.Text(row, "municipality_code").Length > 0 ? "municipality_code" : "municipality_name", "municipality-outside-county",
            $"{m.Name} ({m.Code}) ligger inte i {county.Name}.", $"{m.Name} ({m.Code}) is not in {county.Name}.");
        return null;
    }

    /// <summary>
    /// A cell that names one of a few kinds (a wish's kind, an andelstal request): the kind, or null
    /// with the problem recorded ("missing-value", or "unknown-" + <paramref name="what"/>'s code)
    /// unless the cell was already rejected. The message lists <paramref name="what"/>'s accepted words.
    /// </summary>
    public static T? Kind<T>(TabularRow row, string column, Func<string, T?> parse, KindColumn what, ProblemList problems) where T : struct
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(what);
        ArgumentNullException.ThrowIfNull(problems);
        var text = Cells.Text(row, column);
        var kind = parse(text);
        if (kind is not null || row.Rejected.Contains(column)) return kind;
        var others = string.Join(", ", what.Words.SkipLast(1));
        var (sv, en) = ($"{others} eller {what.Words[^1]}", $"{others} or {what.Words[^1]}");
        if (text.Length == 0)
            problems.Add(row, column, "missing-value", $"{SwedishFormat.Capitalise(what.NameSv)} saknas ({sv}).", $"The {what.NameEn} is missing ({en}).");
        else
            problems.Add(row, column, "unknown-" + what.Code, $"Okänd {what.NameSv} '{ProblemList.Echo(text)}' ({sv}).", $"Unknown {what.NameEn} '{ProblemList.Echo(text)}' ({en}).");
        return null;
    }
}

/// <summary>What a kind cell holds, for its messages: its name in Swedish and English, the problem code's ending, and the words a file may use.</summary>
public sealed record KindColumn(string NameSv, string NameEn, string Code, IReadOnlyList<string> Words);
