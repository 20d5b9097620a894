using System.Globalization;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Reference;

namespace Kommuntal.Core.Tests.Allocation;

/// <summary>Requests built from the real reference data shipped in Kommuntal.Core (see each file's source line).</summary>
internal static class AllocationTestData
{
    public static ReferenceData Ref => ReferenceData.Bundled;

    /// <summary>The bundled 2022 indicators, parsed once (population 31 Dec 2021, received 2018).</summary>
    public static IndicatorSet Bundled2022 { get; } = ReferenceData.BundledIndicators(2022);

    public static AllocationRequest Request(string county, int lanstal, IndicatorSet? indicators = null,
        IReadOnlyList<Deviation>? deviations = null, ModelParameters? parameters = null) =>
        new(2022, Ref.County(county), lanstal, Ref.MunicipalitiesIn(county), indicators ?? Bundled2022,
            deviations ?? [], parameters ?? ModelParameters.Default);

    public static AllocationResult Allocate(string county, int lanstal, IndicatorSet? indicators = null,
        IReadOnlyList<Deviation>? deviations = null, ModelParameters? parameters = null) =>
        new KommuntalModel().Allocate(Request(county, lanstal, indicators, deviations, parameters));

    /// <summary>
    /// Population 31 Dec 2021 (SCB), earlier reception = persons received in 2018 (Migrationsverket,
    /// total_received) and, as the expected self-settled, persons received in 2018 from own housing
    /// (EBO, category 6, same file): real figures for every municipality.
    /// </summary>
    public static IndicatorSet WithSelfSettled2018() => s_withSelfSettled.Value;

    private static readonly Lazy<IndicatorSet> s_withSelfSettled = new(() =>
    {
        var bundled = Bundled2022;
        var ebo = EmbeddedCsv.Rows(EmbeddedCsv.ReadText("newly-arrived-received-2018.csv"))
            .ToDictionary(r => r["municipality_code"], r => double.Parse(r["from_own_housing_ebo_cat6"], CultureInfo.InvariantCulture));
        return new IndicatorSet(2022, bundled.Rows.Select(r => r with { SelfSettled = ebo[r.MunicipalityCode] }).ToList(), bundled.Sources);
    });

    /// <summary>The kommuntal Länsstyrelsen i Örebro län decided for 2022 (samples/2022/kommuntal-orebro-2022.csv).</summary>
    public static IReadOnlyDictionary<string, int> OrebroDecided2022()
    {
        var lines = File.ReadAllLines(Kommuntal.Testing.Samples.Path("samples", "2022", "kommuntal-orebro-2022.csv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1);
        return lines.Select(l => l.Split(',')).ToDictionary(c => c[0], c => int.Parse(c[2], CultureInfo.InvariantCulture));
    }

    public static Dictionary<string, int> Numbers(AllocationResult r) => r.Municipalities.ToDictionary(m => m.Name, m => m.Kommuntal);
}
