using Kommuntal.Core.Allocation;

namespace Kommuntal.Core.Reference;

/// <summary>
/// The reference data shipped in the product: the 21 counties, the 290 municipalities, the known
/// recipient addresses, and the indicators bundled for the demo year. Every file keeps the source
/// line it was copied with (see <see cref="Sources"/>).
/// </summary>
public sealed class ReferenceData
{
    private readonly Dictionary<string, County> _countiesByCode;
    private readonly Dictionary<string, Municipality> _municipalitiesByCode;
    private readonly ILookup<string, Municipality> _municipalitiesByCounty;
    private readonly ILookup<string, RecipientAddress> _recipientsByMunicipality;

    public IReadOnlyList<County> Counties { get; }
    public IReadOnlyList<Municipality> Municipalities { get; }
    public IReadOnlyList<RecipientAddress> Recipients { get; }
    /// <summary>Source line of each embedded file, by file name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Sources { get; }

    public ReferenceData(IEnumerable<County> counties, IEnumerable<Municipality> municipalities,
        IEnumerable<RecipientAddress> recipients, IReadOnlyDictionary<string, IReadOnlyList<string>>? sources = null)
    {
        Counties = counties.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        Municipalities = municipalities.OrderBy(m => m.Code, StringComparer.Ordinal).ToList();
        Recipients = recipients.ToList();
        Sources = sources ?? new Dictionary<string, IReadOnlyList<string>>();
        _countiesByCode = Counties.ToDictionary(c => c.Code, StringComparer.Ordinal);
        _municipalitiesByCode = Municipalities.ToDictionary(m => m.Code, StringComparer.Ordinal);
        _municipalitiesByCounty = Municipalities.ToLookup(m => m.CountyCode, StringComparer.Ordinal);
        _recipientsByMunicipality = Recipients.ToLookup(r => r.MunicipalityCode, StringComparer.Ordinal);
    }

    public County? FindCounty(string code) => _countiesByCode.GetValueOrDefault(code);

    /// <summary>
    /// A county as a person types it on the command line: its code ("18", or "1" for "01") or its name,
    /// with or without " län" ("Örebro län", "örebro"); null when none matches.
    /// </summary>
    public County? FindCountyByCodeOrName(string text)
    {
        var t = text.Trim();
        if (t.Length == 1 && char.IsAsciiDigit(t[0])) t = "0" + t;
        return FindCounty(t)
            ?? Counties.FirstOrDefault(c => string.Equals(c.Name, t, StringComparison.OrdinalIgnoreCase)
                                            || string.Equals(c.Name, t + " län", StringComparison.OrdinalIgnoreCase));
    }
    public County County(string code) => FindCounty(code) ?? throw UnknownCounty(code);

    /// <summary>The refusal for a county code that names no county (exit 2 on the command line, 404 over HTTP).</summary>
    public static NotFoundException UnknownCounty(string code)
    {
        var shown = code.Length > 12 ? code[..12] + "…" : code;
        return new NotFoundException("unknown-county",
            $"Det finns inget län med koden '{shown}'. Ange en länskod som 18 (Örebro län).",
            $"There is no county with the code '{shown}'. Give a county code such as 18 (Örebro län).");
    }
    public Municipality? FindMunicipality(string code) => _municipalitiesByCode.GetValueOrDefault(code);
    public IReadOnlyList<Municipality> MunicipalitiesIn(string countyCode) => _municipalitiesByCounty[countyCode].ToList();
    public IReadOnlyList<RecipientAddress> RecipientsOf(string municipalityCode) => _recipientsByMunicipality[municipalityCode].ToList();

    /// <summary>Returns a copy with the recipient list replaced (recipients are imported like other reference files).</summary>
    public ReferenceData WithRecipients(IEnumerable<RecipientAddress> recipients) =>
        new(Counties, Municipalities, recipients, Sources);

    private static readonly Lazy<ReferenceData> s_bundled = new(LoadBundled);

    /// <summary>The reference data embedded in this build.</summary>
    public static ReferenceData Bundled => s_bundled.Value;

    private static ReferenceData LoadBundled()
    {
        var sources = new Dictionary<string, IReadOnlyList<string>>();
        string Read(string file)
        {
            var text = EmbeddedCsv.ReadText(file);
            sources[file] = EmbeddedCsv.SourceLines(text);
            return text;
        }
        var counties = EmbeddedCsv.Rows(Read("counties.csv")).Select(r => new County(r["county_code"], r["county_name"])).ToList();
        var munis = EmbeddedCsv.Rows(Read("municipalities.csv"))
            .Select(r => new Municipality(r["municipality_code"], r["municipality_name"], r["county_code"])).ToList();
        var recipients = EmbeddedCsv.Rows(Read("recipients-orebro-lan.csv"))
            .Select(r => new RecipientAddress(r["municipality_code"], r["municipality_name"], r["email"])).ToList();
        foreach (var f in BundledIndicatorFiles) Read(f);
        Read("lanstal-2022.csv");
        return new ReferenceData(counties, munis, recipients, sources);
    }

    private static readonly string[] BundledIndicatorFiles = ["population-2021.csv", "newly-arrived-received-2018.csv"];

    /// <summary>
    /// The indicators bundled for an allocation year: population on 31 December of the year before
    /// (SCB) and newly arrived received in 2018 (Migrationsverket) as earlier reception. Labour
    /// measure, asylum seekers and expected self-settled are not open data here and are left out.
    /// </summary>
    public static IndicatorSet BundledIndicators(int allocationYear)
    {
        if (allocationYear != 2022)
            throw new MissingInputException("missing-indicators",
                $"Det finns inga indikatorer för {allocationYear}. Importera dem med `kommuntal indicators import FIL --year {allocationYear}` (eller POST /api/indicators/{allocationYear}).",
                $"There are no indicators for {allocationYear}. Import them with `kommuntal indicators import FILE --year {allocationYear}` (or POST /api/indicators/{allocationYear}).");
        var population = EmbeddedCsv.Rows(EmbeddedCsv.ReadText("population-2021.csv"))
            .ToDictionary(r => r["municipality_code"], r => double.Parse(r["population"], CultureInfo.InvariantCulture));
        var received = EmbeddedCsv.Rows(EmbeddedCsv.ReadText("newly-arrived-received-2018.csv"))
            .ToDictionary(r => r["municipality_code"], r => double.Parse(r["total_received"], CultureInfo.InvariantCulture));
        var rows = Bundled.Municipalities.Select(m => new MunicipalIndicators(
            m.Code,
            Population: population.TryGetValue(m.Code, out var pop) ? pop : null,
            Reception: received.TryGetValue(m.Code, out var rec) ? rec : null)).ToList();
        var sources = BundledIndicatorFiles.Select(f => $"{f}: {string.Join(" ", Bundled.Sources[f])}").ToList();
        return new IndicatorSet(allocationYear, rows, sources);
    }

    /// <summary>The bundled national quota file for a year (the statute's table as CSV), or null.</summary>
    public static string? BundledQuotaCsv(int year) => year == 2022 ? EmbeddedCsv.ReadText("lanstal-2022.csv") : null;
}
