using Kommuntal.Core.Allocation;
using Kommuntal.Core.Text;
using static Kommuntal.Core.Tests.Allocation.AllocationTestData;

namespace Kommuntal.Core.Tests.Allocation;

public class ExplanationTests
{
    [Fact]
    public void The_Swedish_sentence_states_shares_compensation_weights_quota_and_rounding()
    {
        // Örebro: P = 156 987 of 306 792 (51.17 %), Q = 567 of 1 302 (43.55 %); c = 2·0.511705 − 0.435484
        // = 0.587926; s = 0.649123·0.511705 + 0.350877·0.587926 = 0.332159 + 0.206290 = 0.538449;
        // 0.538449·202 = 108.7667 → 109 (remainder .7667, second largest).
        var e = Allocate("18", 202).Municipalities.Single(m => m.Code == "1880").Explanation;
        Assert.Equal(
            "Örebro: 51,17\u00A0% av länets befolkning (156\u00A0987 invånare), 43,55\u00A0% av länets tidigare mottagande (567 personer)" +
            " – kompenserande mottagandefaktor 2 × 51,17\u00A0% − 43,55\u00A0% = 58,79\u00A0%; sammanvägd andel 53,84\u00A0%" +
            " (befolkning 33,22 + mottagande 20,63 procentenheter). Exakt kvot 108,77, avrundat uppåt till 109.",
            e.SwedishText);
        Assert.Equal(0.538449, e.BaseShare, 6);
        Assert.Equal(0.332159, e.Contributions[Factor.Population], 6);
        Assert.Equal(0.206290, e.Contributions[Factor.Reception], 6);
        Assert.False(e.Contributions.ContainsKey(Factor.Labour));
        Assert.Equal((108, RoundingStep.Up, 2), (e.Floor, e.Rounding, e.RemainderRank!.Value));
        Assert.Equal(567, e.EarlierReception);
    }

    [Fact]
    public void Explanations_round_trip_through_the_product_JSON_with_factor_keys_and_text()
    {
        var result = Allocate("18", 202, WithSelfSettled2018(), deviations:
        [
            new Deviation("1880", DeviationKind.Agreement, 91, "Överenskommelse i samrådet"),
            new Deviation("1860", DeviationKind.Volunteer, 25, "Utökat ansvar"),
        ]);
        foreach (var m in result.Municipalities)
        {
            var json = KommuntalJson.Serialize(m.Explanation);
            Assert.Contains("\"contributions\":{\"population\":", json);
            Assert.Contains("\"swedishText\":\"" + m.Name + ":", json);
            var back = KommuntalJson.Deserialize<MunicipalExplanation>(json);
            Assert.Equal(json, KommuntalJson.Serialize(back));
            Assert.Equal(m.Explanation.SwedishText, back.SwedishText);
            Assert.Equal(m.Explanation.Contributions[Factor.Population], back.Contributions[Factor.Population]);
            Assert.Equal(m.Explanation.Contributions[Factor.Reception], back.Contributions[Factor.Reception]);
            Assert.Equal(m.Explanation.Deviations, back.Deviations);
            Assert.Equal(m.Explanation.Indicators, back.Indicators);
            Assert.Equal(m.Explanation.ExactQuota, back.ExactQuota);
        }
        var whole = KommuntalJson.Serialize(result);
        var again = KommuntalJson.Deserialize<AllocationResult>(whole);
        Assert.Equal(whole, KommuntalJson.Serialize(again));
        Assert.Equal(result.SwedishSummary, again.SwedishSummary);
        Assert.Equal("kommuntal-2022.1", again.Parameters.Version);
        Assert.Equal(KommuntalModel.EngineVersion, again.EngineVersion);
        Assert.Contains("\"method\":\"largest-remainder\"", whole);
        Assert.Contains("\"boundApplied\":\"volunteer-minimum\"", whole);
    }

    [Fact]
    public void A_stored_text_is_kept_as_stored_when_read_back()
    {
        // A decision's annex must read as decided even if the sentence template changes later.
        var e = Allocate("09", 63).Municipalities[0].Explanation;
        var json = KommuntalJson.Serialize(e with { SwedishText = "Gotland: hela länstalet." });
        Assert.Equal("Gotland: hela länstalet.", KommuntalJson.Deserialize<MunicipalExplanation>(json).SwedishText);
    }

    [Fact]
    public void Dhondt_is_serialised_as_dhondt()
    {
        Assert.Equal("\"dhondt\"", KommuntalJson.Serialize(ApportionmentMethod.DHondt));
        Assert.Equal(ApportionmentMethod.SainteLague, KommuntalJson.Deserialize<ApportionmentMethod>("\"sainte-lague\""));
        Assert.Equal("\"below-floor\"", KommuntalJson.Serialize(RoundingStep.BelowFloor));
    }
}
