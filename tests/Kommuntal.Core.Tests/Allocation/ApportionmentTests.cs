using Kommuntal.Core.Allocation;
using static Kommuntal.Core.Tests.Allocation.AllocationTestData;

namespace Kommuntal.Core.Tests.Allocation;

public class ApportionmentTests
{
    private static readonly string[] OrebroNames = ["Lekeberg", "Laxå", "Hallsberg", "Degerfors", "Hällefors", "Ljusnarsberg", "Örebro", "Kumla", "Askersund", "Karlskoga", "Nora", "Lindesberg"];

    [Fact]
    public void Largest_remainder_breaks_ties_by_exact_quota_then_code()
    {
        // Three equal quotas of 1/3 each and one seat: the tie goes to the lowest code.
        var seats = Apportionment.LargestRemainder([1.0 / 3, 1.0 / 3, 1.0 / 3], ["0300", "0100", "0200"], 1);
        Assert.Equal([0, 1, 0], seats);
        // Equal remainders .5: the larger exact quota first.
        Assert.Equal([1, 3], Apportionment.LargestRemainder([0.5, 2.5], ["0100", "0200"], 4));
    }

    [Fact]
    public void The_three_methods_on_Orebro_2022_worked_example()
    {
        // Model quotas y (bundled indicators, H = 202), by code: Lekeberg 5.5289, Laxå 1.7531,
        // Hallsberg 10.2139, Degerfors 5.0505, Hällefors 1.5736, Ljusnarsberg 3.1696, Örebro 108.7667,
        // Kumla 14.4157, Askersund 7.5915, Karlskoga 21.6830, Nora 7.4672, Lindesberg 14.7862.
        // Largest remainder: floors 5+1+10+5+1+3+108+14+7+21+7+14 = 196; the 6 places left go to the
        // largest remainders Lindesberg .7862, Örebro .7667, Laxå .7531, Karlskoga .6830, Askersund .5915,
        // Hällefors .5736; Lekeberg's .5289 is the 7th, the first left out.
        // D'Hondt: seats = floor(y/D) with any D in [0.96254, 0.97113], e.g. D = 0.965: Örebro
        // 108.7667/0.965 = 112.71 → 112 (above the ceiling 109 of its quota: D'Hondt favours the large),
        // Laxå 1.82 → 1, Hällefors 1.63 → 1, Askersund 7.87 → 7.
        // Sainte-Laguë: seats = round(y/D) with D in [1.00246, 1.00525], e.g. D = 1.005: Lekeberg 5.501 → 6,
        // Örebro 108.226 → 108, the rest as largest remainder.
        var lr = Allocate("18", 202);
        var sl = Allocate("18", 202, parameters: ModelParameters.Default with { Method = ApportionmentMethod.SainteLague });
        var dh = Allocate("18", 202, parameters: ModelParameters.Default with { Method = ApportionmentMethod.DHondt });
        Assert.Equal([5, 2, 10, 5, 2, 3, 109, 14, 8, 22, 7, 15], OrebroNames.Select(n => Numbers(lr)[n]));
        Assert.Equal([6, 2, 10, 5, 2, 3, 108, 14, 8, 22, 7, 15], OrebroNames.Select(n => Numbers(sl)[n]));
        Assert.Equal([5, 1, 10, 5, 1, 3, 112, 14, 7, 22, 7, 15], OrebroNames.Select(n => Numbers(dh)[n]));
        var orebro = dh.Municipalities.Single(m => m.Name == "Örebro").Explanation;
        Assert.Equal(RoundingStep.AboveCeiling, orebro.Rounding);
        Assert.Null(orebro.RemainderRank);
        Assert.Null(dh.LeftoverSeats);
        Assert.EndsWith("Exakt kvot 108,77; enligt d'Hondts metod blir det 112, över kvoten avrundad uppåt.", orebro.SwedishText);
        Assert.Contains("avrundat uppåt enligt Sainte-Laguës metod (uddatalsmetoden) till 6.", sl.Municipalities.Single(m => m.Name == "Lekeberg").Explanation.SwedishText);
        Assert.Equal(6, lr.LeftoverSeats);
        Assert.Equal(7, lr.Municipalities.Single(m => m.Name == "Lekeberg").Explanation.RemainderRank);
    }

    [Fact]
    public void Integer_bounds_hold_in_the_divisor_methods_even_where_the_exact_quota_does_not_touch_them()
    {
        // Örebro's exact quota 108.77 is below a maximum of 109, so the bound does not bind before
        // rounding; D'Hondt would then give 112. The bound caps it at 109 and the 3 places go on
        // by D'Hondt's priorities to the others.
        var dh = Allocate("18", 202, deviations: [new Deviation("1880", DeviationKind.Housing, 109, "Bostadsbrist")],
            parameters: ModelParameters.Default with { Method = ApportionmentMethod.DHondt });
        Assert.Equal(109, dh.Municipalities.Single(m => m.Name == "Örebro").Kommuntal);
        Assert.Equal(202, dh.Total);
        Assert.Null(dh.Municipalities.Single(m => m.Name == "Örebro").Explanation.BoundApplied);
        var seats = Apportionment.Apportion(ApportionmentMethod.SainteLague, [5.5, 2.5, 2.0], ["a", "b", "c"], 10, [0, 3, 0], [5, 10, 1]);
        Assert.Equal([5, 4, 1], seats);
    }

    [Fact]
    public void Largest_remainder_has_the_Alabama_paradox_on_real_data_and_the_divisor_methods_do_not()
    {
        // Örebro län, bundled indicators, the länstal H from 1 to 400: with largest remainder one more
        // place for the county can cost a municipality one (first at H = 21 → 22: Degerfors 1 → 0,
        // because its remainder is overtaken as every quota grows by 1/21 of itself). Divisor methods
        // are house-monotone: nobody ever loses when H grows.
        var paradoxes = new Dictionary<ApportionmentMethod, List<string>>();
        foreach (var method in Enum.GetValues<ApportionmentMethod>())
        {
            var found = paradoxes[method] = [];
            var p = ModelParameters.Default with { Method = method };
            var previous = Allocate("18", 1, parameters: p);
            for (var h = 2; h <= 400; h++)
            {
                var next = Allocate("18", h, parameters: p);
                for (var i = 0; i < next.Municipalities.Count; i++)
                    if (next.Municipalities[i].Kommuntal < previous.Municipalities[i].Kommuntal)
                        found.Add($"{h - 1}→{h}: {next.Municipalities[i].Name}");
                previous = next;
            }
        }
        Assert.Equal("21→22: Degerfors", paradoxes[ApportionmentMethod.LargestRemainder][0]);
        Assert.True(paradoxes[ApportionmentMethod.LargestRemainder].Count > 10);
        Assert.Empty(paradoxes[ApportionmentMethod.SainteLague]);
        Assert.Empty(paradoxes[ApportionmentMethod.DHondt]);
    }

    [Fact]
    public void Quotas_that_do_not_sum_to_the_total_or_bounds_that_cannot_hold_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Apportionment.LargestRemainder([1.5, 1.5], ["a", "b"], 5));
        Assert.Throws<ArgumentException>(() => Apportionment.Apportion(ApportionmentMethod.DHondt, [1, 1], ["a", "b"], 5, [0, 0], [2, 2]));
        Assert.Throws<ArgumentException>(() => Apportionment.Apportion(ApportionmentMethod.LargestRemainder, [-1, 3], ["a", "b"], 2, [0, 0], [5, 5]));
    }
}
