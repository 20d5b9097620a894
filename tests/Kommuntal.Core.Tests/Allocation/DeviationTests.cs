using Kommuntal.Core.Allocation;
using Kommuntal.Core.Validation;
using static Kommuntal.Core.Tests.Allocation.AllocationTestData;

namespace Kommuntal.Core.Tests.Allocation;

public class DeviationTests
{
    [Fact]
    public void An_agreement_leaves_the_pool_and_a_housing_maximum_is_clamped_with_the_rest_redistributed_worked_example()
    {
        // Blekinge län 2022, H = 90, bundled indicators, no netting. Model quotas y = s·90:
        //   Olofström 6.437405, Karlskrona 42.814606, Ronneby 12.169092, Karlshamn 17.872987, Sölvesborg 10.705909.
        // Olofström agrees to exactly 10: 80 places remain for the other four (Σy = 83.562594).
        // In proportion, Karlskrona would get 42.814606·80/83.562594 = 40.99 > its housing maximum 30:
        // clamped at 30. The remaining 50 go to Ronneby, Karlshamn, Sölvesborg in proportion to y
        // (Σ 40.748 → factor λ = 50/40.747988 = 1.227054): 14.932139, 21.931128, 13.136733; none
        // is above a bound, so this is stable. Floors 10 + 30 + 14 + 21 + 13 = 88; the 2 places left go
        // to the remainders .932139 (Ronneby) and .931128 (Karlshamn).
        var r = Allocate("10", 90, deviations:
        [
            new Deviation("1060", DeviationKind.Agreement, 10, "Överenskommelse om utökat mottagande"),
            new Deviation("1080", DeviationKind.Housing, 30, "Brist på hyresbostäder"),
        ]);
        Assert.Equal(new Dictionary<string, int> { ["Olofström"] = 10, ["Karlskrona"] = 30, ["Ronneby"] = 15, ["Karlshamn"] = 22, ["Sölvesborg"] = 13 }, Numbers(r));
        var e = r.Municipalities.ToDictionary(m => m.Name, m => m.Explanation);
        Assert.Equal("agreement", e["Olofström"].BoundApplied);
        Assert.Equal("housing-maximum", e["Karlskrona"].BoundApplied);
        Assert.Equal(30, e["Karlskrona"].UpperBound);
        Assert.Null(e["Karlskrona"].LowerBound);
        Assert.Equal(42.814606, e["Karlskrona"].ModelQuota, 6);
        Assert.Equal(14.932139, e["Ronneby"].ExactQuota, 6);
        Assert.Equal(21.931128, e["Karlshamn"].ExactQuota, 6);
        Assert.Equal(13.136733, e["Sölvesborg"].ExactQuota, 6);
        foreach (var name in new[] { "Ronneby", "Karlshamn", "Sölvesborg" })
        {
            Assert.Null(e[name].BoundApplied);
            Assert.Equal(1.227054, e[name].ExactQuota / e[name].ModelQuota, 6);
        }
        Assert.Equal(1, e["Ronneby"].RemainderRank);
        Assert.Contains("Modellens kvot 42,81 sänks till bostadstaket, högst 30. Exakt kvot 30,00, kommuntal 30. Bostadsskäl: högst 30 (skäl: Brist på hyresbostäder).", e["Karlskrona"].SwedishText);
        Assert.Contains("Modellens kvot 6,44 ersätts av överenskommelsen. Kommuntal 10. Överenskommelse: 10 (skäl: Överenskommelse om utökat mottagande).", e["Olofström"].SwedishText);
        Assert.Contains("Andra kommuners överenskommelser och önskemål ändrar kvoten från 12,17 med +2,76. Exakt kvot 14,93, avrundat uppåt till 15.", e["Ronneby"].SwedishText);
        Assert.Contains("Olofström överenskommelse 10 (Överenskommelse om utökat mottagande); Karlskrona högst 30 (Brist på hyresbostäder)", r.SwedishSummary);
    }

    [Fact]
    public void A_volunteer_minimum_raises_one_and_lowers_the_others_in_proportion_worked_example()
    {
        // Örebro län 2022, H = 202, bundled indicators. Laxå's model quota is 1.7531; it volunteers at
        // least 25. The other eleven share 202 − 25 = 177 in proportion to their model quotas
        // (Σ = 202 − 1.7531 = 200.2469): factor 177/200.2469 = 0.883909. E.g. Örebro 108.7667 → 96.1399,
        // Karlskoga 21.6830 → 19.1658. Floors: 4+25+9+4+1+2+96+12+6+19+6+13 = 197; the 5 places left go
        // to the remainders Lekeberg .8871, Ljusnarsberg .8016, Kumla .7421, Askersund .7102, Nora .6003.
        var r = Allocate("18", 202, deviations: [new Deviation("1860", DeviationKind.Volunteer, 25, "Utökat ansvar efter dialog")]);
        Assert.Equal(new Dictionary<string, int>
        {
            ["Lekeberg"] = 5, ["Laxå"] = 25, ["Hallsberg"] = 9, ["Degerfors"] = 4, ["Hällefors"] = 1, ["Ljusnarsberg"] = 3,
            ["Örebro"] = 96, ["Kumla"] = 13, ["Askersund"] = 7, ["Karlskoga"] = 19, ["Nora"] = 7, ["Lindesberg"] = 13,
        }, Numbers(r));
        var laxa = r.Municipalities.Single(m => m.Name == "Laxå").Explanation;
        Assert.Equal("volunteer-minimum", laxa.BoundApplied);
        Assert.Equal(25, laxa.LowerBound);
        Assert.Equal(25 - laxa.ModelQuota, laxa.DeviationAdjustment, 12);
        Assert.Contains("Modellens kvot 1,75 höjs till det frivilliga åtagandet, minst 25. Exakt kvot 25,00, kommuntal 25. Frivilligt åtagande: minst 25 (skäl: Utökat ansvar efter dialog).", laxa.SwedishText);
        // Nobody else gains: a volunteer's extra lowers the others' numbers.
        var model = Numbers(Allocate("18", 202));
        Assert.All(r.Municipalities.Where(m => m.Name != "Laxå"), m => Assert.True(m.Kommuntal <= model[m.Name], m.Name));
        Assert.Equal(96.1399, r.Municipalities.Single(m => m.Name == "Örebro").Explanation.ExactQuota, 4);
    }

    [Fact]
    public void Bounds_that_the_model_already_meets_change_nothing()
    {
        // Örebro's model quota is 108.77 and Laxå's 1.75: at least 100 and at most 5 do not bind.
        var r = Allocate("18", 202, deviations:
        [
            new Deviation("1880", DeviationKind.Volunteer, 100, "Utökat ansvar"),
            new Deviation("1860", DeviationKind.Housing, 5, "Bostadsbrist"),
        ]);
        Assert.Equal(Numbers(Allocate("18", 202)), Numbers(r));
        Assert.All(r.Municipalities, m => Assert.Null(m.Explanation.BoundApplied));
        var orebro = r.Municipalities.Single(m => m.Name == "Örebro").Explanation;
        Assert.Equal(100, orebro.LowerBound);
        Assert.Equal(0, orebro.DeviationAdjustment, 9);
        Assert.DoesNotContain("höjs", orebro.SwedishText);
        Assert.EndsWith("Frivilligt åtagande: minst 100 (skäl: Utökat ansvar).", orebro.SwedishText);
    }

    [Fact]
    public void When_every_municipality_with_a_model_quota_is_at_its_maximum_the_rest_is_shared_equally_worked_example()
    {
        // Blekinge län 2022, H = 90, with self-settled netting (see the Örebro worked example for the
        // method): Olofström x = −11.618 and Ronneby x = −29.251 floor at 0; Karlskrona 55.196,
        // Karlshamn 15.843, Sölvesborg 18.961. Housing maximums Karlskrona 40, Karlshamn 10,
        // Sölvesborg 10 allow 60 of them; the other 30 cannot go in proportion to a model quota of 0,
        // so Olofström and Ronneby share them equally: 15 each.
        var r = Allocate("10", 90, WithSelfSettled2018(), deviations:
        [
            new Deviation("1080", DeviationKind.Housing, 40, "Bostadsbrist"),
            new Deviation("1082", DeviationKind.Housing, 10, "Bostadsbrist"),
            new Deviation("1083", DeviationKind.Housing, 10, "Bostadsbrist"),
        ]);
        Assert.Equal(new Dictionary<string, int> { ["Olofström"] = 15, ["Karlskrona"] = 40, ["Ronneby"] = 15, ["Karlshamn"] = 10, ["Sölvesborg"] = 10 }, Numbers(r));
        var olofstrom = r.Municipalities.Single(m => m.Name == "Olofström").Explanation;
        Assert.True(olofstrom.FlooredAtZero);
        Assert.True(olofstrom.EqualShareFallback);
        Assert.Equal(15, olofstrom.ExactQuota, 12);
        Assert.Contains("återstående platser delas lika", olofstrom.SwedishText);
    }

    [Fact]
    public void Minimum_and_maximum_on_the_same_municipality_form_a_range()
    {
        // Örebro at least 80 and at most 100: its model quota 108.77 is clamped at 100.
        var r = Allocate("18", 202, deviations:
        [
            new Deviation("1880", DeviationKind.Volunteer, 80, "Utökat ansvar"),
            new Deviation("1880", DeviationKind.Housing, 100, "Bostadsbrist"),
        ]);
        var orebro = r.Municipalities.Single(m => m.Name == "Örebro");
        Assert.Equal(100, orebro.Kommuntal);
        Assert.Equal((80, 100), (orebro.Explanation.LowerBound, orebro.Explanation.UpperBound));
        Assert.Equal("housing-maximum", orebro.Explanation.BoundApplied);
        Assert.Equal([DeviationKind.Volunteer, DeviationKind.Housing], orebro.Explanation.Deviations.Select(d => d.Kind));
        Assert.Equal(202, r.Total);
    }

    [Fact]
    public void Contradictory_entries_for_one_municipality_are_all_reported_in_Swedish_and_English()
    {
        var ex = Assert.Throws<InfeasibleDeviationsException>(() => Allocate("18", 202, deviations:
        [
            new Deviation("1880", DeviationKind.Agreement, 91, "Samråd"),
            new Deviation("1880", DeviationKind.Agreement, 90, "Samråd igen"),
            new Deviation("1860", DeviationKind.Agreement, 10, "Samråd"),
            new Deviation("1860", DeviationKind.Volunteer, 25, "Utökat ansvar"),
            new Deviation("1883", DeviationKind.Agreement, 30, "Samråd"),
            new Deviation("1883", DeviationKind.Housing, 20, "Bostadsbrist"),
            new Deviation("1881", DeviationKind.Volunteer, 15, "Utökat ansvar"),
            new Deviation("1881", DeviationKind.Housing, 10, "Bostadsbrist"),
        ]));
        Assert.Equal(["agreement-below-minimum", "duplicate-deviation", "minimum-above-maximum", "agreement-above-maximum"], ex.Conflicts.Select(c => c.Code));
        Assert.Equal(["1860", "1880", "1881", "1883"], ex.MunicipalityCodes);
        Assert.Equal(
            "Laxå (1860): the agreement of 10 is below the volunteered minimum of 25. " +
            "Örebro (1880) has 2 agreement (exactly) deviations: 90 and 91; give at most one of each kind. " +
            "Kumla (1881): the volunteered minimum of 15 is above the housing maximum of 10. " +
            "Karlskoga (1883): the agreement of 30 is above the housing maximum of 20.", ex.Message);
        Assert.Contains("Örebro (1880) har 2 avvikelser av typen överenskommelse (exakt antal): 90 och 91; ange högst en av varje typ.", ex.MessageSv);
        Assert.Contains("Karlskoga (1883): överenskommelsen 30 är högre än bostadstaket högst 20.", ex.MessageSv);
    }

    [Fact]
    public void Agreements_above_the_lanstal_are_infeasible()
    {
        var ex = Assert.Throws<InfeasibleDeviationsException>(() => Allocate("18", 202, deviations:
        [
            new Deviation("1883", DeviationKind.Agreement, 60, "Samråd"),
            new Deviation("1880", DeviationKind.Agreement, 150, "Samråd"),
        ]));
        Assert.Equal("The agreements sum to 210 but the länstal of Örebro län is 202: Örebro (1880) 150, Karlskoga (1883) 60.", ex.Message);
        Assert.Equal("Överenskommelserna summerar till 210 men länstalet för Örebro län är 202: Örebro (1880) 150, Karlskoga (1883) 60.", ex.MessageSv);
        Assert.Equal(["1880", "1883"], ex.MunicipalityCodes);
    }

    [Fact]
    public void Minimums_above_the_lanstal_are_infeasible()
    {
        var ex = Assert.Throws<InfeasibleDeviationsException>(() => Allocate("18", 202, deviations:
        [
            new Deviation("1880", DeviationKind.Agreement, 150, "Samråd"),
            new Deviation("1881", DeviationKind.Volunteer, 60, "Utökat ansvar"),
        ]));
        Assert.Equal("Agreements and volunteered minimums need at least 210 but the länstal of Örebro län is 202: Örebro (1880) 150, Kumla (1881) at least 60.", ex.Message);
        Assert.Equal("Överenskommelser och frivilliga åtaganden kräver minst 210 men länstalet för Örebro län är 202: Örebro (1880) 150, Kumla (1881) minst 60.", ex.MessageSv);
    }

    [Fact]
    public void Maximums_below_the_lanstal_are_infeasible_when_every_municipality_has_one()
    {
        var devs = Ref.MunicipalitiesIn("18").Select(m => new Deviation(m.Code, DeviationKind.Housing, 10, "Bostadsbrist")).ToList();
        var ex = Assert.Throws<InfeasibleDeviationsException>(() => Allocate("18", 202, deviations: devs));
        Assert.Equal("maximums-below-lanstal", Assert.Single(ex.Conflicts).Code);
        Assert.StartsWith("Agreements and housing maximums allow at most 120 but the länstal of Örebro län is 202: Lekeberg (1814) at most 10, Laxå (1860) at most 10,", ex.Message);
        Assert.Equal(12, ex.MunicipalityCodes.Count);
        // With Örebro free of a maximum the set is feasible. Model quotas above 10 (Hallsberg 10.21,
        // Kumla 14.42, Karlskoga 21.68, Lindesberg 14.79) are clamped at 10: 40 places. The other 162 go
        // in proportion to Lekeberg 5.53, Laxå 1.75, Degerfors 5.05, Hällefors 1.57, Ljusnarsberg 3.17,
        // Askersund 7.59, Nora 7.47 and Örebro 108.77 (Σ 140.90): λ = 162/140.90 = 1.1497, all of them
        // stay below 10 (Askersund 8.73 is the largest) and Örebro gets 108.77·1.1497 = 125.05 → 125.
        var r = Allocate("18", 202, deviations: devs.Where(d => d.MunicipalityCode != "1880").ToList());
        Assert.Equal(125, r.Municipalities.Single(m => m.Name == "Örebro").Kommuntal);
        Assert.Equal(["Hallsberg", "Kumla", "Karlskoga", "Lindesberg"], r.Municipalities.Where(m => m.Explanation.BoundApplied == "housing-maximum").Select(m => m.Name));
        Assert.All(r.Municipalities.Where(m => m.Name != "Örebro"), m => Assert.InRange(m.Kommuntal, 0, 10));
        Assert.Equal(202, r.Total);
    }

    [Fact]
    public void Malformed_deviations_are_rejected_with_every_problem()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => Allocate("18", 202, deviations:
        [
            new Deviation("0180", DeviationKind.Agreement, 10, "Samråd"),
            new Deviation("1880", DeviationKind.Volunteer, -1, "Utökat ansvar"),
            new Deviation("1881", DeviationKind.Housing, 5, "  "),
        ]));
        Assert.Equal(["municipality-outside-county", "negative-number", "missing-reason"], ex.Problems.Select(p => p.Code));
        Assert.Equal("deviations:1: field 'municipality_code': The deviation is for municipality code '0180', which is not a municipality of Örebro län. [municipality-outside-county]", ex.Problems[0].ToString());
        Assert.Equal("The deviation for Kumla has no reason; every deviation needs one.", ex.Problems[2].MessageEn);
    }
}
