using Kommuntal.Core.Reference;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// The checks the per-municipality input files share (wishes, andelstal, andelstal requests): the
/// county a file was uploaded for, its header, and the year it states.
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
}
