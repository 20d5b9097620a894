using Kommuntal.Core.Ingestion;

namespace Kommuntal.Core.Unaccompanied;

/// <summary>One municipality's recorded share as a file states it.</summary>
public sealed record RecordedShare(string MunicipalityCode, PerMille Share);

/// <summary>A parsed shares (andelstal) file: the year, the shares (the whole country or some counties) and how it was written.</summary>
public sealed record ShareFile(int Year, IReadOnlyList<RecordedShare> Shares, InputFormat Format, string Encoding)
{
    /// <summary>The counties the file has shares for.</summary>
    public IReadOnlyList<string> Counties(ReferenceData reference) =>
        [.. Shares.Select(s => reference.FindMunicipality(s.MunicipalityCode)!.CountyCode).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>
/// Parses Migrationsverket's per-mille shares for unaccompanied children (andelstal): one row per
/// municipality, <c>municipality_code</c> or <c>kommun</c> (the name), and <c>andelstal</c> in per
/// mille (decimals with ',' or '.', at most three, a trailing '‰' allowed). CSV (',', ';' or tab),
/// XLSX, ODS or JSON, as the other inputs. The whole country or some counties; every problem at once.
/// </summary>
public sealed class ShareFileParser(ReferenceData reference)
{
    public static string NormaliseHeader(string header) => header.Trim().ToLowerInvariant() switch
    {
        "municipality_code" or "kommunkod" or "kommun_kod" or "code" or "kod" => "municipality_code",
        "municipality" or "municipality_name" or "kommun" or "kommunnamn" or "name" or "namn" => "municipality_name",
        "andelstal" or "share" or "per_mille" or "promille" or "andelstal_promille" or "andelstal (‰)" => "andelstal",
        "year" or "år" or "ar" => "year",
        var other => other,
    };

    public static readonly TabularSpec Spec = new(NormaliseHeader)
    {
        KnownColumns = new HashSet<string> { "municipality_code", "municipality_name", "andelstal", "year" },
        JsonRowArrays = ["shares", "andelstal", "municipalities", "kommuner"],
        JsonProperties = new Dictionary<string, string> { ["year"] = "year", ["år"] = "year" },
    };

    /// <summary>Parses with the year from the file when it states one, else <paramref name="year"/>; a conflict is an error.</summary>
    public ShareFile Read(InputFile file, int? year, IngestionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        limits ??= IngestionLimits.Default;
        var problems = new ProblemList(file.Name, limits.MaxProblems);
        var table = TabularReader.Read(file, Spec, problems, limits);
        if (table is null) { problems.ThrowIfAny(); throw new InvalidOperationException("The reader gave no table and no problem."); }
        var reported = problems.Count;
        TabularRules.CheckHeader(table, problems, "andelstal");
        if (problems.Count > reported) problems.ThrowIfAny();

        var resolved = TabularRules.Year(table, year, problems);

        var shares = new List<RecordedShare>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var m = NameMatching.ResolveMunicipality(reference, row, problems);
            var share = ShareCell(row, "andelstal", required: true, problems);
            if (m is null || share is null) continue;
            if (seen.TryGetValue(m.Code, out var first))
            {
                problems.Add(row, Cells.Text(row, "municipality_code").Length > 0 ? "municipality_code" : "municipality_name", "duplicate-municipality",
                    $"{m.Name} ({m.Code}) har redan ett andelstal på rad {first}.", $"{m.Name} ({m.Code}) already has a share on line {first}.");
                continue;
            }
            seen[m.Code] = row.Line;
            shares.Add(new RecordedShare(m.Code, share.Value));
        }
        if (shares.Count == 0 && !problems.Any)
            problems.Add(null, null, "no-rows", "Filen innehåller inga andelstal.", "The file has no shares.");
        problems.ThrowIfAny();
        return new ShareFile(resolved!.Value, [.. shares.OrderBy(s => s.MunicipalityCode, StringComparer.Ordinal)], table.Format, table.Encoding);
    }

    /// <summary>A per-mille cell: decimals with ',' or '.', at most three, a trailing '‰' allowed, never negative; null when missing (reported when required) or bad.</summary>
    internal static PerMille? ShareCell(TabularRow row, string field, bool required, ProblemList problems)
    {
        if (row.Rejected.Contains(field)) return null;
        var text = Cells.Text(row, field);
        if (text.Length == 0)
        {
            if (required)
                problems.Add(row, field, "missing-value", "Andelstal (‰) saknas.", "The share (‰) is missing.");
            return null;
        }
        if (!PerMille.TryParse(text, out var value))
        {
            problems.Add(row, field, "not-a-per-mille",
                $"'{ProblemList.Echo(text)}' är inget andelstal i promille med högst {PerMille.Decimals} decimaler (t.ex. 3,45 eller 3.45 ‰).",
                $"'{ProblemList.Echo(text)}' is not a per-mille share with at most {PerMille.Decimals} decimals (e.g. 3,45 or 3.45 ‰).");
            return null;
        }
        if (value < PerMille.Zero)
        {
            problems.Add(row, field, "negative-share", $"Andelstalet {value} är negativt.", $"The share {value.ToInvariantString()} ‰ is negative.");
            return null;
        }
        return value;
    }
}
