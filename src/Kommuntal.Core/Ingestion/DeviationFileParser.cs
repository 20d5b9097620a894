using System.Text;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Parses a deviation (wish) file for one county: municipality, kind (agreement = exactly N,
/// volunteer = at least N, housing = at most N), number and a mandatory reason.
/// </summary>
public sealed class DeviationFileParser(ReferenceData reference)
{
    public static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "municipality_code" or "municipality" or "kommunkod" or "kommun" or "code" or "kod" => "municipality_code",
        "kind" or "typ" or "slag" => "kind",
        "number" or "antal" or "tal" => "number",
        "reason" or "skäl" or "skal" or "motivering" => "reason",
        var other => other,
    };

    public static DeviationKind? ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "agreement" or "överenskommelse" or "overenskommelse" or "exakt" => DeviationKind.Agreement,
        "volunteer" or "frivillig" or "utökat" or "utokat" or "minst" => DeviationKind.Volunteer,
        "housing" or "bostad" or "bostäder" or "högst" => DeviationKind.Housing,
        _ => null,
    };

    public IReadOnlyList<Deviation> Parse(InputFile file, string countyCode)
    {
        var county = reference.County(countyCode);
        var problems = new ProblemList(file.Name);
        if (file.Content.Length == 0)
        {
            problems.Add(null, null, "empty-file", "Filen är tom.", "The file is empty.");
            problems.ThrowIfAny();
        }
        var table = CsvTable.Read(file.Name, Encoding.UTF8.GetString(file.Content).TrimStart('\uFEFF'), NormaliseHeader, problems);
        foreach (var required in new[] { "municipality_code", "kind", "number", "reason" })
            if (table.Columns.Count > 0 && !table.Columns.Contains(required))
                problems.Add(1, required, "missing-column", $"Kolumnen {required} saknas.", $"The {required} column is missing.");
        problems.ThrowIfAny();

        var list = new List<Deviation>();
        var seen = new Dictionary<(string, DeviationKind), int>();
        foreach (var row in table.Rows)
        {
            var code = (row.Get("municipality_code") ?? "").Trim();
            if (code.Length == 3 && code.All(char.IsAsciiDigit)) code = "0" + code;
            var m = reference.FindMunicipality(code);
            if (m is null)
                problems.Add(row.Line, "municipality_code", "unknown-municipality", $"Okänd kommunkod '{code}'.", $"Unknown municipality code '{code}'.");
            else if (m.CountyCode != county.Code)
                problems.Add(row.Line, "municipality_code", "municipality-outside-county",
                    $"{m.Name} ({m.Code}) ligger inte i {county.Name}.", $"{m.Name} ({m.Code}) is not in {county.Name}.");
            var kindText = row.Get("kind") ?? "";
            var kind = ParseKind(kindText);
            if (kind is null)
                problems.Add(row.Line, "kind", "unknown-kind", $"Okänd typ '{kindText}' (agreement, volunteer eller housing).", $"Unknown kind '{kindText}' (agreement, volunteer or housing).");
            var number = Cells.ParseCount(row.Get("number") ?? "", row.Line, "number", problems);
            var reason = (row.Get("reason") ?? "").Trim();
            if (reason.Length == 0)
                problems.Add(row.Line, "reason", "missing-reason", "Skäl måste anges för varje avvikelse.", "Every deviation needs a reason.");
            else if (Cells.IsFormulaLike(reason))
                problems.Add(row.Line, "reason", "formula-cell", "Skälet ser ut som en formel och godtas inte.", "The reason looks like a formula and is not accepted.");
            if (m is null || kind is null || number is null || reason.Length == 0) continue;
            if (seen.TryGetValue((m.Code, kind.Value), out var first))
            {
                problems.Add(row.Line, "municipality_code", "duplicate-deviation",
                    $"{m.Name} har redan en avvikelse av typen {kind} på rad {first}.", $"{m.Name} already has a {kind} deviation on line {first}.");
                continue;
            }
            seen[(m.Code, kind.Value)] = row.Line;
            list.Add(new Deviation(m.Code, kind.Value, number.Value, reason));
        }
        problems.ThrowIfAny();
        return list;
    }
}
