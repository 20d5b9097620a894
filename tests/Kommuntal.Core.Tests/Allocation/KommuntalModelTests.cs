using Kommuntal.Core.Allocation;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;
using static Kommuntal.Core.Tests.Allocation.AllocationTestData;

namespace Kommuntal.Core.Tests.Allocation;

public class KommuntalModelTests
{
    [Fact]
    public void Every_county_of_2022_sums_exactly_to_its_lanstal_with_the_bundled_indicators()
    {
        var quota = new QuotaParser(Ref).Parse(Samples.Quota2022Csv, 2022);
        var total = 0;
        foreach (var c in quota.Counties)
        {
            var r = Allocate(c.CountyCode, c.Lanstal);
            Assert.Equal(c.Lanstal, r.Total);
            Assert.Equal(Ref.MunicipalitiesIn(c.CountyCode).Count, r.Municipalities.Count);
            Assert.All(r.Municipalities, m => Assert.InRange(m.Kommuntal, Math.Floor(m.Explanation.ExactQuota), Math.Ceiling(m.Explanation.ExactQuota)));
            Assert.Equal(KommuntalModel.EngineVersion, r.EngineVersion);
            total += r.Total;
        }
        Assert.Equal(7500, total);
    }

    [Fact]
    public void Without_labour_and_asylum_data_the_weights_are_renormalised_over_population_and_reception_and_the_result_says_so()
    {
        var r = Allocate("18", 202);
        var labour = r.Factors.Single(f => f.Factor == Factor.Labour);
        Assert.False(labour.Used);
        Assert.Equal(0, labour.AppliedWeight);
        Assert.Equal("uppgift saknas för länet / no data for the county", labour.Note);
        Assert.Equal(0.37 / 0.57, r.Factors.Single(f => f.Factor == Factor.Population).AppliedWeight, 12);
        Assert.Equal(0.20 / 0.57, r.Factors.Single(f => f.Factor == Factor.Reception).AppliedWeight, 12);
        Assert.Contains("Arbetsmarknad ingår inte (uppgift saknas för länet). Vikterna har normaliserats om till befolkning 64,91\u00A0% och mottagande 35,09\u00A0%.", r.SwedishSummary);
        Assert.All(r.Municipalities, m => Assert.Equal([Factor.Population, Factor.Reception], m.Explanation.Contributions.Keys));
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
        Assert.Equal("uppgift saknas för länet / no data for the county", r.Factors.Single(f => f.Factor == Factor.Reception).Note);
    }

    [Fact]
    public void Gotland_as_the_only_municipality_of_its_county_gets_the_whole_lanstal_whatever_the_model_says()
    {
        // Gotlands län 2022: länstal 63 (SFS 2021:870), one municipality (0980 Gotland). Its shares are
        // all 1 (p = q = 1, c = 2·1 − 1 = 1), so s = 1 and the exact quota is 63 under any weights.
        foreach (var p in new[] { ModelParameters.Default, ModelParameters.Default with { Method = ApportionmentMethod.DHondt, PopulationWeight = 1, ReceptionWeight = 0 } })
        {
            var r = Allocate("09", 63, parameters: p);
            var m = Assert.Single(r.Municipalities);
            Assert.Equal("0980", m.Code);
            Assert.Equal(63, m.Kommuntal);
            Assert.Equal(1, m.Explanation.BaseShare, 12);
            Assert.Equal(63, m.Explanation.ExactQuota, 12);
            Assert.Equal(RoundingStep.None, m.Explanation.Rounding);
        }
        var agreed = Allocate("09", 63, deviations: [new Deviation("0980", DeviationKind.Agreement, 63, "Hela länstalet")]);
        Assert.Equal(63, Assert.Single(agreed.Municipalities).Kommuntal);
        var housing = Assert.Throws<InfeasibleDeviationsException>(() => Allocate("09", 63, deviations: [new Deviation("0980", DeviationKind.Housing, 50, "Bostadsbrist")]));
        Assert.Equal("Agreements and housing maximums allow at most 50 but the länstal of Gotlands län is 63: Gotland (0980) at most 50.", housing.Message);
        Assert.Equal("Överenskommelser och bostadstak medger högst 50 men länstalet för Gotlands län är 63: Gotland (0980) högst 50.", housing.MessageSv);
        var volunteer = Assert.Throws<InfeasibleDeviationsException>(() => Allocate("09", 63, deviations: [new Deviation("0980", DeviationKind.Volunteer, 70, "Utökat ansvar")]));
        Assert.Equal(["0980"], volunteer.MunicipalityCodes);
        Assert.Contains("need at least 70 but the länstal of Gotlands län is 63", volunteer.Message);
    }

    [Fact]
    public void Orebro_with_self_settled_netting_floors_three_municipalities_at_zero_worked_example()
    {
        // Örebro län 2022, H = 202. Default weights; no labour data, so population 0.37/0.57 = 0.649123
        // and reception 0.20/0.57 = 0.350877. P = population 31 Dec 2021 (Σ 306 792), Q = received 2018
        // (Σ 1 302), e = received 2018 from own housing (EBO) as expected self-settled (E = Σe = 324).
        // s = 0.649123·p + 0.350877·(2p − q);  x = s·(202 + 324) − e = 526·s − e.
        //                   P      Q    e      p         q           c          s           526·s − e        = x
        // Lekeberg       8 603   39    3  0.028042  0.029954   0.026130   0.027371    14.397 −   3 =   11.397
        // Laxå           5 582   59    5  0.018195  0.045315  −0.008925   0.008679     4.565 −   5 =   −0.435 → 0
        // Hallsberg     16 196   77    6  0.052791  0.059140   0.046443   0.050564    26.597 −   6 =   20.597
        // Degerfors      9 534   63   25  0.031076  0.048387   0.013766   0.025003    13.151 −  25 =  −11.849 → 0
        // Hällefors      6 849   83   30  0.022325  0.063748  −0.019099   0.007790     4.098 −  30 =  −25.902 → 0
        // Ljusnarsberg   4 604   17    5  0.015007  0.013057   0.016957   0.015691     8.254 −   5 =    3.254
        // Örebro       156 987  567  172  0.511705  0.435484   0.587926   0.538449   283.224 − 172 =  111.224
        // Kumla         22 144   97   15  0.072179  0.074501   0.069858   0.071365    37.538 −  15 =   22.538
        // Askersund     11 534   49    5  0.037596  0.037634   0.037557   0.037582    19.768 −   5 =   14.768
        // Karlskoga     30 437   99   19  0.099211  0.076037   0.122384   0.107342    56.462 −  19 =   37.462
        // Nora          10 721   38    2  0.034946  0.029186   0.040705   0.036966    19.444 −   2 =   17.444
        // Lindesberg    23 601  114   37  0.076928  0.087558   0.066299   0.073199    38.503 −  37 =    1.503
        // Σ positive x = 240.186; y = x·202/240.186: Kumla 18.955, Ljusnarsberg 2.736, Nora 14.671,
        // Lekeberg 9.585, Örebro 93.541, Karlskoga 31.506, Askersund 12.420, Hallsberg 17.322,
        // Lindesberg 1.264 (in order of remainder). Floors sum to 197: the 5 places left go to the five
        // largest remainders, Kumla .955, Ljusnarsberg .736, Nora .671, Lekeberg .585, Örebro .541.
        var r = Allocate("18", 202, WithSelfSettled2018());
        Assert.Equal(new Dictionary<string, int>
        {
            ["Lekeberg"] = 10, ["Laxå"] = 0, ["Hallsberg"] = 17, ["Degerfors"] = 0, ["Hällefors"] = 0, ["Ljusnarsberg"] = 3,
            ["Örebro"] = 94, ["Kumla"] = 19, ["Askersund"] = 12, ["Karlskoga"] = 31, ["Nora"] = 15, ["Lindesberg"] = 1,
        }, Numbers(r));
        Assert.Equal(324, r.SelfSettledTotal);
        Assert.True(r.SelfSettledNetting);
        Assert.Equal(5, r.LeftoverSeats);
        var floored = r.Municipalities.Where(m => m.Explanation.FlooredAtZero).Select(m => m.Name).ToList();
        Assert.Equal(["Laxå", "Degerfors", "Hällefors"], floored);
        var hallefors = r.Municipalities.Single(m => m.Name == "Hällefors").Explanation;
        Assert.Equal(-25.902, hallefors.Netted, 3);
        Assert.Equal(30, hallefors.SelfSettledNetted);
        Assert.Equal(0, hallefors.ModelQuota);
        Assert.Contains("Värdet är negativt och sätts till 0.", hallefors.SwedishText);
        var orebro = r.Municipalities.Single(m => m.Name == "Örebro").Explanation;
        Assert.Equal(111.224, orebro.Netted, 3);
        Assert.Equal(93.541, orebro.ExactQuota, 3);
        Assert.Equal(5, orebro.RemainderRank);
        Assert.Contains("Förväntade självbosatta räknas av: 53,84\u00A0% × (202 + 324,00) − 172,00 = 111,22.", orebro.SwedishText);
        Assert.Contains("3 kommuner fick ett negativt värde, som satts till 0", r.SwedishSummary);
        // Netting off: the same county without the self-settled netting floors nobody.
        var off = Allocate("18", 202, WithSelfSettled2018(), parameters: ModelParameters.Default with { NetSelfSettled = false });
        Assert.DoesNotContain(off.Municipalities, m => m.Explanation.FlooredAtZero);
        Assert.Equal(Numbers(Allocate("18", 202)), Numbers(off));
    }

    [Fact]
    public void Vastra_Gotaland_49_municipalities_1301_places_worked_example()
    {
        // Västra Götalands län 2022, H = 1 301, bundled indicators (population 2021, received 2018),
        // default weights renormalised to population 0.649123, reception 0.350877; no netting, no floor
        // (every c = 2p − q leaves s > 0). y = s·1301. Floors sum to 1 276; the 25 places left go to
        // the 25 largest remainders. Computed independently (Python, float64) from the same files:
        //   code name          P       Q      y          →      code name          P       Q      y          →
        //   1401 Härryda      39 006  195   27.2070      27     1402 Partille     39 529  254   24.0784      24
        //   1407 Öckerö       12 902   67    8.8444       9     1415 Stenungsund  27 556   73   23.2327      23
        //   1419 Tjörn        16 312   93   10.6682      11     1421 Orust        15 345   46   12.6061      13
        //   1427 Sotenäs       9 125   38    6.8367       7     1430 Munkedal     10 588   43    8.0005       8
        //   1435 Tanum        12 965   73    8.5361       9     1438 Dals-Ed       4 756   26    3.1796       3
        //   1439 Färgelanda    6 576   36    4.3932       4     1440 Ale          32 148  126   24.5743      25
        //   1441 Lerum        43 399  213   30.5166      30     1442 Vårgårda     12 180   49    9.2323       9
        //   1443 Bollebygd     9 634   44    6.9777       7     1444 Grästorp      5 730   21    4.4704       4
        //   1445 Essunga       5 698   36    3.5088       3     1446 Karlsborg     6 965   33    4.9709       5
        //   1447 Gullspång     5 206   49    2.2078       2     1452 Tranemo      11 937   71    7.6245       8
        //   1460 Bengtsfors    9 409   77    4.7065       5     1461 Mellerud      9 268   53    6.0514       6
        //   1462 Lilla Edet   14 509   42   12.0119      12     1463 Mark         35 201  143   26.5961      27
        //   1465 Svenljunga   10 864   48    7.9688       8     1466 Herrljunga    9 501   37    7.2774       7
        //   1470 Vara         16 162   44   13.5529      14     1471 Götene       13 263   48   10.3851      10
        //   1472 Tibro        11 281   46    8.5127       8     1473 Töreboda      9 207   39    6.8574       7
        //   1480 Göteborg    587 549 2425  441.5596     442     1481 Mölndal      69 943  273   53.5354      54
        //   1482 Kungälv      48 271  224   34.7423      35     1484 Lysekil      14 266   64   10.4041      10
        //   1485 Uddevalla    57 122  191   45.7020      46     1486 Strömstad    13 277   50   10.2753      10
        //   1487 Vänersborg   39 636  230   25.6731      26     1488 Trollhättan  59 154  199   47.2530      47
        //   1489 Alingsås     41 853  173   31.4376      31     1490 Borås       114 091  471   85.7357      86
        //   1491 Ulricehamn   24 898   95   19.1924      19     1492 Åmål         12 318   66    8.3181       8
        //   1493 Mariestad    24 723   64   20.9368      21     1494 Lidköping    40 460  134   32.4508      32
        //   1495 Skara        18 732   83   13.7253      14     1496 Skövde       57 016  181   46.2148      46
        //   1497 Hjo           9 233   28    7.5651       8     1498 Tidaholm     12 825   68    8.7048       9
        //   1499 Falköping    33 270  186   21.9871      22
        // In order of remainder the places go to Falköping .9871, Bollebygd .9777, Karlsborg .9709,
        // Svenljunga .9688, Mariestad .9368, Töreboda .8574, Öckerö .8444, Sotenäs .8367, Kungälv .7423,
        // Borås .7357, Skara .7253, Bengtsfors .7065, Tidaholm .7048, Uddevalla .7020, Vänersborg .6731,
        // Tjörn .6682, Tranemo .6245, Orust .6061, Mark .5961, Ale .5743, Hjo .5651, Göteborg .5596,
        // Vara .5529, Tanum .5361 and, 25th and last, Mölndal .5354; the largest remainder left without
        // a place is Lerum's (.5166).
        int[] expected =
        [
            27, 24, 9, 23, 11, 13, 7, 8, 9, 3, 4, 25, 30, 9, 7, 4, 3, 5, 2, 8, 5, 6, 12, 27, 8, 7, 14, 10, 8, 7,
            442, 54, 35, 10, 46, 10, 26, 47, 31, 86, 19, 8, 21, 32, 14, 46, 8, 9, 22,
        ];
        var r = Allocate("14", 1301);
        Assert.Equal(49, r.Municipalities.Count);
        Assert.Equal(expected, r.Municipalities.Select(m => m.Kommuntal));
        Assert.Equal(1301, r.Total);
        Assert.Equal(25, r.LeftoverSeats);
        Assert.Equal(441.5596, r.Municipalities.Single(m => m.Name == "Göteborg").Explanation.ExactQuota, 4);
        var threshold = r.Municipalities.Single(m => m.Name == "Mölndal").Explanation.Remainder;
        Assert.All(r.Municipalities, m => Assert.Equal(m.Explanation.Remainder >= threshold, m.Explanation.RoundedUp));
    }

    [Fact]
    public void Orebro_2022_decided_numbers_recorded_as_agreements_are_reproduced_exactly_and_differ_from_the_model()
    {
        var decided = OrebroDecided2022();
        Assert.Equal(202, decided.Values.Sum());
        var agreements = decided.Select(d => new Deviation(d.Key, DeviationKind.Agreement, d.Value, "Beslutat kommuntal 2022")).ToList();
        var r = Allocate("18", 202, deviations: agreements);
        Assert.Equal(decided, r.Municipalities.ToDictionary(m => m.Code, m => m.Kommuntal));
        Assert.All(r.Municipalities, m =>
        {
            Assert.Equal("agreement", m.Explanation.BoundApplied);
            Assert.Equal(m.Kommuntal, m.Explanation.ExactQuota);
            Assert.Equal(RoundingStep.None, m.Explanation.Rounding);
            Assert.Contains($"Överenskommelse: {m.Kommuntal} (skäl: Beslutat kommuntal 2022).", m.Explanation.SwedishText);
        });

        // The model on its own (population + reception, the open data) gives another set: the
        // decision was clearly negotiated (e.g. Laxå 25 against a model quota of 1.75).
        var model = Allocate("18", 202);
        var differing = model.Municipalities.Where(m => m.Kommuntal != decided[m.Code]).Select(m => m.Name).ToList();
        Assert.True(differing.Count >= 8, $"only {string.Join(", ", differing)} differ");
        Assert.Equal(2, model.Municipalities.Single(m => m.Name == "Laxå").Kommuntal);
        Assert.Equal(25, decided["1860"]);
    }

    [Fact]
    public void Compensating_reception_off_uses_the_reception_share_directly()
    {
        var on = Allocate("18", 202, parameters: ModelParameters.Default with { PopulationWeight = 0, ReceptionWeight = 1, Version = "reception-only" });
        var off = Allocate("18", 202, parameters: ModelParameters.Default with { PopulationWeight = 0, ReceptionWeight = 1, CompensatingReception = false, Version = "reception-direct" });
        var hallefors = (On: on.Municipalities.Single(m => m.Name == "Hällefors").Explanation, Off: off.Municipalities.Single(m => m.Name == "Hällefors").Explanation);
        // Hällefors: p = 6 849/306 792 = 0.022325, q = 83/1 302 = 0.063748: 2p − q < 0 (floored), q itself is 6.4 %.
        Assert.Equal(2 * hallefors.On.PopulationShare!.Value - hallefors.On.ReceptionShare!.Value, hallefors.On.ReceptionFactor!.Value, 12);
        Assert.True(hallefors.On.FlooredAtZero);
        Assert.Equal(83.0 / 1302, hallefors.Off.ReceptionFactor!.Value, 12);
        Assert.Equal(83.0 / 1302 * 202, hallefors.Off.ExactQuota, 9);
        Assert.Null(hallefors.Off.PopulationShare);
        Assert.Contains("räknas som andel av länets mottagande", off.SwedishSummary);
    }

    [Fact]
    public void Indicators_missing_for_some_municipalities_are_an_error_naming_them()
    {
        var bundled = ReferenceData.BundledIndicators(2022);
        var rows = bundled.Rows.Where(r => r.MunicipalityCode != "1862")
            .Select(r => r.MunicipalityCode == "1863" ? r with { Reception = null } : r).ToList();
        var ex = Assert.Throws<ValidationFailedException>(() => Allocate("18", 202, new IndicatorSet(2022, rows, bundled.Sources)));
        var messages = ex.Problems.Select(p => p.MessageEn).ToList();
        Assert.Contains("No indicators at all for Degerfors (1862) in Örebro län.", messages);
        Assert.Contains("population is given for 11 of 12 municipalities in Örebro län.", messages);
        Assert.Contains("reception is given for 10 of 12 municipalities in Örebro län but missing for Hällefors (1863). Give it for every municipality of the county or for none.", messages);
        Assert.Contains(ex.Problems, p => p.MessageSv == "Tidigare mottagande finns för 10 av 12 kommuner i Örebro län men saknas för Hällefors (1863). Ange den för alla kommuner i länet eller för ingen.");
    }

    [Fact]
    public void No_usable_factor_is_an_error_that_says_why_for_each_factor()
    {
        var bundled = ReferenceData.BundledIndicators(2022);
        var ex = Assert.Throws<ValidationFailedException>(() => Allocate("18", 202, bundled,
            parameters: ModelParameters.Default with { PopulationWeight = 0, ReceptionWeight = 0, LabourWeight = 1 }));
        var p = Assert.Single(ex.Problems);
        Assert.Equal("no-usable-factor", p.Code);
        Assert.Equal("No factor can be used for Örebro län: labour: no data for the county; population: weight 0; reception: weight 0. The model needs at least one of population, labour and reception with data and a weight > 0.", p.MessageEn);
        Assert.StartsWith("Ingen faktor kan användas för Örebro län: arbetsmarknad: uppgift saknas för länet; befolkning: vikt 0; mottagande: vikt 0.", p.MessageSv);
    }

    [Fact]
    public void With_the_floor_at_zero_off_a_negative_model_value_is_an_error_naming_the_municipalities()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => Allocate("18", 202, WithSelfSettled2018(),
            parameters: ModelParameters.Default with { FloorAtZero = false, Version = "no-floor" }));
        var p = Assert.Single(ex.Problems);
        Assert.Equal("negative-model-value", p.Code);
        Assert.Equal("The model gives negative values for Laxå (1860) -0.43, Degerfors (1862) -11.85, Hällefors (1863) -25.90, and the floor at zero is off (floorAtZero: false). A kommuntal cannot be negative.", p.MessageEn);
        // Without netting nobody is negative and the floor makes no difference.
        var plain = Allocate("18", 202, parameters: ModelParameters.Default with { FloorAtZero = false });
        Assert.Equal(Numbers(Allocate("18", 202)), Numbers(plain));
    }

    [Fact]
    public void Invalid_parameters_are_rejected_by_the_engine_too()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => Allocate("18", 202,
            parameters: ModelParameters.Default with { LabourWeight = -0.1, Version = " " }));
        Assert.Equal(["missing-version", "negative-weight"], ex.Problems.Select(p => p.Code));
        Assert.Equal("The labour weight is -0.1; a weight must be a number ≥ 0.", ex.Problems[1].MessageEn);
    }

    [Fact]
    public void A_municipality_of_another_county_in_the_request_is_an_error()
    {
        var munis = Ref.MunicipalitiesIn("18").Append(Ref.FindMunicipality("0180")!).ToList();
        var ex = Assert.Throws<ValidationFailedException>(() => new KommuntalModel().Allocate(
            Request("18", 202) with { Municipalities = munis }));
        Assert.Equal("Stockholm (0180) is not in Örebro län.", Assert.Single(ex.Problems).MessageEn);
    }

    [Fact]
    public void The_sweep_gives_the_same_numbers_as_the_engine_for_each_parameter_set()
    {
        var request = Request("14", 1301, WithSelfSettled2018());
        var sweep = new AllocationSweep(request);
        var variations = new[]
        {
            ModelParameters.Default,
            ModelParameters.Default with { PopulationWeight = 0.9, ReceptionWeight = 0.1, Method = ApportionmentMethod.SainteLague },
            ModelParameters.Default with { NetSelfSettled = false, Method = ApportionmentMethod.DHondt },
            ModelParameters.Default with { CompensatingReception = false, PopulationWeight = 0.5, ReceptionWeight = 0.5 },
        };
        var results = sweep.Run(variations);
        for (var v = 0; v < variations.Length; v++)
        {
            var full = new KommuntalModel().Allocate(request with { Parameters = variations[v] });
            Assert.Equal(full.Municipalities.Select(m => m.Kommuntal), results[v]);
            Assert.Equal(1301, results[v].Sum());
        }
        Assert.NotEqual(results[0], results[1]);
        Assert.Equal(Ref.MunicipalitiesIn("14").Select(m => m.Code).Order(StringComparer.Ordinal), sweep.Municipalities.Select(m => m.Code));
    }
}
