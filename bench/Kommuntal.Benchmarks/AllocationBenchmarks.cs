using System.Globalization;
using BenchmarkDotNet.Attributes;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;

namespace Kommuntal.Benchmarks;

/// <summary>
/// The allocation engine on the real 2022 data (docs/benchmarks.md, "Allocation engine"):
/// Västra Götaland (49 municipalities, länstal 1 301), all 21 counties, and a what-if sweep of
/// 10 000 parameter sets over Västra Götaland on one thread.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AllocationBenchmarks
{
    private readonly KommuntalModel _engine = new();
    private AllocationRequest _largest = null!;
    private AllocationRequest _largestWithDeviations = null!;
    private AllocationRequest[] _all = null!;
    private AllocationSweep _sweep = null!;
    private ModelParameters[] _variations = null!;
    private int[] _numbers = null!;

    [GlobalSetup]
    public void Setup()
    {
        var reference = ReferenceData.Bundled;
        var indicators = ReferenceData.BundledIndicators(2022);
        // Expected self-settled: persons received in 2018 from own housing (EBO), so that netting and
        // flooring run too.
        var ebo = SelfSettled2018();
        var withSelfSettled = new IndicatorSet(2022, indicators.Rows.Select(r => r with { SelfSettled = ebo[r.MunicipalityCode] }).ToList(), indicators.Sources);
        var quota = new QuotaParser(reference).Parse(new Core.Ingestion.InputFile("lanstal-2022.csv",
            System.Text.Encoding.UTF8.GetBytes(ReferenceData.BundledQuotaCsv(2022)!)), 2022);
        AllocationRequest Request(string county, int lanstal, IndicatorSet set, IReadOnlyList<Deviation>? deviations = null) =>
            new(2022, reference.County(county), lanstal, reference.MunicipalitiesIn(county), set, deviations ?? [], ModelParameters.Default);
        _largest = Request("14", 1301, indicators);
        _largestWithDeviations = Request("14", 1301, withSelfSettled,
        [
            new Deviation("1480", DeviationKind.Housing, 400, "Bostadsbrist"),
            new Deviation("1490", DeviationKind.Volunteer, 100, "Utökat ansvar"),
            new Deviation("1401", DeviationKind.Agreement, 20, "Överenskommelse"),
        ]);
        _all = quota.Counties.Select(c => Request(c.CountyCode, c.Lanstal, indicators)).ToArray();
        _sweep = new AllocationSweep(Request("14", 1301, withSelfSettled));
        // 10 000 variations: population weight 0.0001 … 1 (reception the rest), the three rounding
        // methods and netting on/off in turn.
        _variations = Enumerable.Range(1, 10_000).Select(i => ModelParameters.Default with
        {
            Version = "sweep-" + i.ToString(CultureInfo.InvariantCulture),
            LabourWeight = 0,
            PopulationWeight = i / 10_000.0,
            ReceptionWeight = 1 - i / 10_000.0,
            Method = (ApportionmentMethod)(i % 3),
            NetSelfSettled = i % 2 == 0,
        }).ToArray();
        _numbers = new int[_sweep.Municipalities.Count];
    }

    private static Dictionary<string, double> SelfSettled2018()
    {
        var text = EmbeddedCsv.ReadText("newly-arrived-received-2018.csv");
        return EmbeddedCsv.Rows(text).ToDictionary(r => r["municipality_code"], r => double.Parse(r["from_own_housing_ebo_cat6"], CultureInfo.InvariantCulture));
    }

    /// <summary>Västra Götaland: 49 municipalities with their explanations (the Swedish sentences are built on first use).</summary>
    [Benchmark]
    public AllocationResult LargestCounty() => _engine.Allocate(_largest);

    /// <summary>The same with self-settled netting, a maximum, a minimum and an agreement.</summary>
    [Benchmark]
    public AllocationResult LargestCountyWithDeviations() => _engine.Allocate(_largestWithDeviations);

    /// <summary>Västra Götaland including the 49 Swedish sentences and the summary.</summary>
    [Benchmark]
    public int LargestCountyWithSwedishText()
    {
        var r = _engine.Allocate(_largest);
        var length = r.SwedishSummary.Length;
        foreach (var m in r.Municipalities) length += m.Explanation.SwedishText.Length;
        return length;
    }

    /// <summary>Västra Götaland serialised as stored (KommuntalJson, with every sentence).</summary>
    [Benchmark]
    public string LargestCountyAsJson() => KommuntalJson.Serialize(_engine.Allocate(_largest));

    /// <summary>All 21 counties of 2022 (290 municipalities), with explanations.</summary>
    [Benchmark]
    public int AllCounties()
    {
        var total = 0;
        foreach (var r in _all) total += _engine.Allocate(r).Total;
        return total;
    }

    /// <summary>10 000 parameter sets for Västra Götaland on one thread (integers only).</summary>
    [Benchmark]
    public int WhatIfSweep10000()
    {
        var check = 0;
        foreach (var p in _variations)
        {
            _sweep.Allocate(p, _numbers);
            check += _numbers[0];
        }
        return check;
    }
}
