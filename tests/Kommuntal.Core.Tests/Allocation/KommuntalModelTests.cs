using Kommuntal.Core.Allocation;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Allocation;

public class KommuntalModelTests
{
    private static readonly ReferenceData Ref = ReferenceData.Bundled;
    private readonly KommuntalModel _engine = new();

    private AllocationResult Allocate(string county, int lanstal, IndicatorSet indicators, ModelParameters? p = null) =>
        _engine.Allocate(new AllocationRequest(2022, Ref.County(county), lanstal, Ref.MunicipalitiesIn(county), indicators, [], p ?? ModelParameters.Default));

    [Fact]
    public void Every_county_of_2022_sums_exactly_to_its_lanstal_with_the_bundled_indicators()
    {
        var quota = new QuotaParser(Ref).Parse(Samples.Quota2022Csv, 2022);
        var indicators = ReferenceData.BundledIndicators(2022);
        var total = 0;
        foreach (var c in quota.Counties)
        {
            var r = Allocate(c.CountyCode, c.Lanstal, indicators);
            Assert.Equal(c.Lanstal, r.Total);
            Assert.Equal(Ref.MunicipalitiesIn(c.CountyCode).Count, r.Municipalities.Count);
            Assert.All(r.Municipalities, m => Assert.InRange(m.Kommuntal, 0, c.Lanstal));
            total += r.Total;
        }
        Assert.Equal(7500, total);
    }

    [Fact]
    public void Without_labour_and_asylum_data_the_weights_are_renormalised_over_population_and_reception()
    {
        var r = Allocate("18", 202, ReferenceData.BundledIndicators(2022));
        var labour = r.Factors.Single(f => f.Factor == Factor.Labour);
        Assert.False(labour.Used);
        Assert.Equal(0.37 / 0.57, r.Factors.Single(f => f.Factor == Factor.Population).AppliedWeight, 12);
        Assert.Equal(0.20 / 0.57, r.Factors.Single(f => f.Factor == Factor.Reception).AppliedWeight, 12);
    }

    [Fact]
    public void Population_only_gives_each_municipality_the_floor_or_ceiling_of_its_proportional_quota()
    {
        // Örebro län 2022: 202 places by population 31 Dec 2021 alone.
        var indicators = ReferenceData.BundledIndicators(2022);
        var popOnly = new IndicatorSet(2022, indicators.Rows.Select(r => r with { Reception = null }).ToList(), indicators.Sources);
        var r = Allocate("18", 202, popOnly);
        var pops = Ref.MunicipalitiesIn("18").ToDictionary(m => m.Code, m => indicators.For(m.Code)!.Population!.Value);
        var sum = pops.Values.Sum();
        foreach (var m in r.Municipalities)
        {
            var exact = pops[m.Code] / sum * 202;
            Assert.InRange(m.Kommuntal, Math.Floor(exact), Math.Ceiling(exact));
            Assert.Equal(exact, m.Explanation.ExactQuota, 9);
        }
        Assert.Equal(202, r.Total);
    }

    [Fact]
    public void Gotland_as_the_only_municipality_of_its_county_gets_the_whole_lanstal()
    {
        var r = Allocate("09", 63, ReferenceData.BundledIndicators(2022));
        var m = Assert.Single(r.Municipalities);
        Assert.Equal("0980", m.Code);
        Assert.Equal(63, m.Kommuntal);
    }

    [Fact]
    public void Largest_remainder_breaks_ties_by_exact_quota_then_code()
    {
        // Three equal quotas of 1/3 each and one seat: the tie goes to the lowest code.
        var seats = Apportionment.LargestRemainder([1.0 / 3, 1.0 / 3, 1.0 / 3], ["0300", "0100", "0200"], 1);
        Assert.Equal([0, 1, 0], seats);
    }
}
