using Kommuntal.Core.Ingestion;

namespace Kommuntal.Core.Notifications;

/// <summary>
/// Parses a recipient file: the registry e-mail addresses decisions are sent to, one row per
/// address (a municipality may have several). CSV, ',' or ';', UTF-8, '#' lines are notes. Columns
/// <c>municipality_code</c> (or kommunkod), optional <c>municipality_name</c> (or kommun; must
/// match the code), <c>email</c> (or e-post). The same format as the bundled
/// recipients-orebro-lan.csv. Every problem is reported at once with file, line and field.
/// </summary>
public sealed class RecipientFileParser(ReferenceData reference)
{
    public static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "municipality_code" or "municipality" or "kommunkod" or "kod" or "code" => "municipality_code",
        "municipality_name" or "kommun" or "kommunnamn" or "name" or "namn" => "municipality_name",
        "email" or "e-mail" or "e-post" or "epost" or "mail" or "address" or "adress" or "e-postadress" => "email",
        var other => other,
    };

    /// <summary>Parses within <paramref name="limits"/> (default <see cref="IngestionLimits.Default"/>: lines, rows, field length, problems reported).</summary>
    public IReadOnlyList<RecipientAddress> Parse(InputFile file, IngestionLimits? limits = null)
    {
        limits ??= IngestionLimits.Default;
        var problems = new ProblemList(file.Name, limits.MaxProblems);
        if (file.Content.Length == 0)
        {
            problems.Add(null, null, "empty-file", "Filen är tom.", "The file is empty.");
            problems.ThrowIfAny();
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file.Content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            problems.Add(null, null, "not-utf8", "Filen är inte UTF-8.", "The file is not UTF-8.");
            problems.ThrowIfAny();
            throw; // unreachable
        }
        var table = CsvTable.Read(file.Name, text, NormaliseHeader, problems, limits);
        foreach (var required in new[] { "municipality_code", "email" })
            if (table.Columns.Count > 0 && !table.Columns.Contains(required))
                problems.Add(1, required, "missing-column", $"Kolumnen {required} saknas.", $"The {required} column is missing.");
        problems.ThrowIfAny();

        var list = new List<RecipientAddress>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var row in table.Rows)
        {
            var code = (row.Get("municipality_code") ?? "").Trim();
            if (code.Length == 3 && code.All(char.IsAsciiDigit)) code = "0" + code; // a spreadsheet dropped the leading zero
            var m = reference.FindMunicipality(code);
            if (m is null && !row.Rejected.Contains("municipality_code"))
                problems.Add(row.Line, "municipality_code", "unknown-municipality", $"Okänd kommunkod '{ProblemList.Echo(code)}'.", $"Unknown municipality code '{ProblemList.Echo(code)}'.");
            var name = (row.Get("municipality_name") ?? "").Trim();
            if (FreeText.HiddenMessage(name) is { } hidden)
                problems.Add(row.Line, "municipality_name", FreeText.HiddenCode, hidden.Sv, hidden.En);
            else if (m is not null && name.Length > 0 && !IsSameName(name, m.Name))
                problems.Add(row.Line, "municipality_name", "name-mismatch",
                    $"Kommunkod {m.Code} är {m.Name}, inte '{ProblemList.Echo(name)}'.", $"Municipality code {m.Code} is {m.Name}, not '{ProblemList.Echo(name)}'.");
            var email = (row.Get("email") ?? "").Trim();
            if (row.Rejected.Contains("email")) continue;
            if (email.Length == 0)
                problems.Add(row.Line, "email", "missing-value", "E-postadress saknas.", "The e-mail address is missing.");
            else if (EmailRules.AddressProblem(email) is { } why)
                problems.Add(row.Line, "email", "invalid-email", $"'{ProblemList.Echo(email)}' är ingen giltig e-postadress ({why}).",
                    $"'{ProblemList.Echo(email)}' is not a valid e-mail address ({why}).");
            else if (m is not null)
            {
                var key = (m.Code, email.ToLowerInvariant());
                if (seen.TryGetValue(key, out var first))
                    problems.Add(row.Line, "email", "duplicate-address", $"{email} för {m.Name} finns redan på rad {first}.",
                        $"{email} for {m.Name} is already on line {first}.");
                else
                {
                    seen[key] = row.Line;
                    list.Add(new RecipientAddress(m.Code, m.Name, email));
                }
            }
        }
        if (table.Rows.Count == 0)
            problems.Add(null, null, "no-rows", "Filen innehåller inga adresser.", "The file contains no addresses.");
        problems.ThrowIfAny();
        return list;
    }

    /// <summary>"Örebro", "Örebro kommun" and "örebro" all name Örebro.</summary>
    private static bool IsSameName(string given, string name)
    {
        var g = given.Trim();
        if (g.EndsWith(" kommun", StringComparison.OrdinalIgnoreCase)) g = g[..^" kommun".Length].TrimEnd();
        if (g.EndsWith(" stad", StringComparison.OrdinalIgnoreCase)) g = g[..^" stad".Length].TrimEnd();
        return string.Equals(g, name, StringComparison.CurrentCultureIgnoreCase)
               || string.Equals(g, name, StringComparison.OrdinalIgnoreCase);
    }
}
