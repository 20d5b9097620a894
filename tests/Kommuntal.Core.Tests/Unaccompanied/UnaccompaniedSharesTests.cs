using CsCheck;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;
using Kommuntal.Core.Unaccompanied;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Tests.Unaccompanied;

public class UnaccompaniedSharesTests
{
    private static readonly ReferenceData Ref = ReferenceData.Bundled;

    /// <summary>
    /// Migrationsverket's andelstal are not in the reference data, so these tests use shares in
    /// proportion to the population on 31 December 2021 (SCB): each municipality's per mille of the
    /// national population, apportioned by largest remainder to thousandths of a per mille so that
    /// they sum to exactly 1 000 ‰. Not the real andelstal; real proportions.
    /// </summary>
    private static readonly Lazy<UnaccompaniedShares> PopulationShares = new(() =>
    {
        var rows = ReferenceData.BundledIndicators(2022).Rows.OrderBy(r => r.MunicipalityCode, StringComparer.Ordinal).ToList();
        var total = rows.Sum(r => r.Population!.Value);
        var thousandths = Apportionment.LargestRemainder(rows.Select(r => r.Population!.Value / total * 1_000_000).ToList(), rows.Select(r => r.MunicipalityCode).ToList(), 1_000_000);
        return UnaccompaniedShares.Record(2022, rows.Select((r, i) => KeyValuePair.Create(r.MunicipalityCode, new PerMille(thousandths[i]))), Ref);
    });

    private static UnaccompaniedShares Shares => PopulationShares.Value;

    [Fact]
    public void Recorded_shares_sum_exactly_and_county_totals_are_the_sums_of_their_municipalities()
    {
        Assert.Equal(new PerMille(1_000_000), Shares.Total);
        Assert.Equal(290, Shares.Recorded.Count);
        var byCounty = Ref.Counties.Sum(c => Shares.CountyTotal(c.Code).Thousandths);
        Assert.Equal(1_000_000, byCounty);
        // Örebro: 156 987 of 10 452 326 inhabitants = 15.019 ‰.
        Assert.Equal("15,019\u00A0‰", Shares.ShareOf("1880").ToString());
    }

    [Fact]
    public void Part_of_a_share_moves_within_the_county_and_the_county_total_is_unchanged()
    {
        var before = Shares;
        var transfer = new ShareTransfer("1861", "1880", PerMille.FromDecimal(0.5m), "Hallsberg saknar boenden för barn; Örebro har plats");
        var after = before.Transfer(transfer);
        Assert.Equal(before.CountyTotal("18"), after.CountyTotal("18"));
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(before.ShareOf("1861") - PerMille.FromDecimal(0.5m), after.ShareOf("1861"));
        Assert.Equal(before.ShareOf("1880") + PerMille.FromDecimal(0.5m), after.ShareOf("1880"));
        Assert.Equal(before.ShareOf("1861"), before.Recorded["1861"]);
        Assert.Equal([transfer], after.Transfers);
        Assert.Empty(before.Transfers);
        var hallsberg = after.County("18").Single(m => m.Name == "Hallsberg");
        Assert.Equal((PerMille.FromDecimal(0.5m), PerMille.Zero), (hallsberg.Given, hallsberg.Received));
        Assert.Equal(hallsberg.Recorded - hallsberg.Given, hallsberg.Current);
        Assert.Equal("Hallsberg lämnar 0,500\u00A0‰ av sitt andelstal för ensamkommande barn till Örebro (skäl: Hallsberg saknar boenden för barn; Örebro har plats).",
            after.SwedishDescription(transfer));
    }

    [Fact]
    public void A_whole_share_can_be_handed_over_down_to_zero_but_not_further()
    {
        var after = Shares.TransferAll("1864", "1885", "Ljusnarsberg lämnar hela sitt andelstal till Lindesberg");
        Assert.Equal(PerMille.Zero, after.ShareOf("1864"));
        Assert.Equal(Shares.ShareOf("1885") + Shares.ShareOf("1864"), after.ShareOf("1885"));
        var ex = Assert.Throws<ShareTransferRefusedException>(() => after.Transfer(new ShareTransfer("1864", "1885", PerMille.FromDecimal(0.001m), "Mer")));
        Assert.Equal("exceeds-share", ex.Code);
        Assert.Equal("Ljusnarsberg has 0 ‰ and cannot hand over 0.001 ‰ (a share cannot go negative).", ex.Message);
        Assert.Equal("Ljusnarsberg har 0,000\u00A0‰ och kan inte lämna 0,001\u00A0‰ (andelstalet får inte bli negativt).", ex.MessageSv);
        Assert.Equal("non-positive-amount", Assert.Throws<ShareTransferRefusedException>(() => after.TransferAll("1864", "1885", "Igen")).Code);
    }

    [Theory]
    [InlineData("1880", "0580", "different-counties", "Örebro (Örebro län) and Linköping (Östergötlands län) are in different counties; shares can only be redistributed within a county.")]
    [InlineData("1880", "1880", "same-municipality", "Örebro cannot hand its share to itself.")]
    [InlineData("1880", "9999", "unknown-municipality", "Unknown municipality code '9999'.")]
    public void Transfers_across_counties_to_oneself_or_to_unknown_codes_are_refused(string from, string to, string code, string message)
    {
        var ex = Assert.Throws<ShareTransferRefusedException>(() => Shares.Transfer(new ShareTransfer(from, to, PerMille.FromDecimal(1), "Skäl")));
        Assert.Equal(code, ex.Code);
        Assert.Equal(message, ex.Message);
        Assert.NotEmpty(ex.MessageSv);
    }

    [Fact]
    public void A_transfer_needs_a_reason_a_positive_amount_and_recorded_shares()
    {
        Assert.Equal("missing-reason", Assert.Throws<ShareTransferRefusedException>(() => Shares.Transfer(new ShareTransfer("1861", "1880", PerMille.FromDecimal(0.1m), " "))).Code);
        Assert.Equal("non-positive-amount", Assert.Throws<ShareTransferRefusedException>(() => Shares.Transfer(new ShareTransfer("1861", "1880", new PerMille(-5), "Skäl"))).Code);
        var orebroOnly = UnaccompaniedShares.Record(2022, [KeyValuePair.Create("1880", PerMille.FromDecimal(15.019m))], Ref);
        var ex = Assert.Throws<ShareTransferRefusedException>(() => orebroOnly.Transfer(new ShareTransfer("1880", "1881", PerMille.FromDecimal(1), "Skäl")));
        Assert.Equal(("no-recorded-share", "Kumla has no recorded share for 2022."), (ex.Code, ex.Message));
    }

    [Fact]
    public void Recording_rejects_unknown_duplicate_and_negative_shares_all_at_once()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => UnaccompaniedShares.Record(2022,
        [
            KeyValuePair.Create("1880", PerMille.FromDecimal(1)),
            KeyValuePair.Create("1880", PerMille.FromDecimal(2)),
            KeyValuePair.Create("9999", PerMille.FromDecimal(1)),
            KeyValuePair.Create("1881", new PerMille(-1)),
        ], Ref));
        Assert.Equal(["duplicate-municipality", "unknown-municipality", "negative-share"], ex.Problems.Select(p => p.Code));
    }

    [Fact]
    public void Per_mille_values_are_exact_to_three_decimals_in_text_and_JSON()
    {
        Assert.True(PerMille.TryParse("3,45 ‰", out var a));
        Assert.Equal(3450, a.Thousandths);
        Assert.True(PerMille.TryParse("0.001", out var b));
        Assert.Equal(1, b.Thousandths);
        Assert.False(PerMille.TryParse("3,4567", out _));
        Assert.False(PerMille.TryParse("tre", out _));
        Assert.Throws<ArgumentException>(() => PerMille.FromDecimal(0.0005m));
        Assert.Equal("3,450\u00A0‰", a.ToString());
        Assert.Equal("3.45", a.ToInvariantString());
        var transfer = new ShareTransfer("1861", "1880", a, "Skäl");
        var json = KommuntalJson.Serialize(transfer);
        Assert.Equal("{\"fromMunicipalityCode\":\"1861\",\"toMunicipalityCode\":\"1880\",\"amount\":3.45,\"reason\":\"Skäl\"}", json);
        Assert.Equal(transfer, KommuntalJson.Deserialize<ShareTransfer>(json));
        // 0.1 + 0.2 is exactly 0.3 here, unlike in binary floating point.
        Assert.Equal(PerMille.FromDecimal(0.3m), PerMille.FromDecimal(0.1m) + PerMille.FromDecimal(0.2m));
    }

    [Fact]
    public void Random_transfer_sequences_conserve_every_county_total_exactly_and_never_go_negative()
    {
        var counties = Ref.Counties.Select(c => c.Code).ToArray();
        var gen = from county in Gen.Int[0, counties.Length - 1]
                  from steps in Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 20_000], Gen.Int[0, 9]).Array[1, 30]
                  select (counties[county], steps);
        gen.Sample(t =>
        {
            var (countyCode, steps) = t;
            var munis = Ref.MunicipalitiesIn(countyCode);
            var shares = Shares;
            var total = shares.CountyTotal(countyCode);
            var national = shares.Total;
            var applied = 0;
            foreach (var (from, to, amount, kind) in steps)
            {
                var giver = munis[from % munis.Count].Code;
                // One step in ten tries another county's municipality: always refused.
                var receiver = kind == 0 ? Ref.Municipalities[to % Ref.Municipalities.Count].Code : munis[to % munis.Count].Code;
                var transfer = new ShareTransfer(giver, receiver, new PerMille(amount), "Omfördelning");
                try
                {
                    var next = shares.Transfer(transfer);
                    Assert.True(receiver != giver && Ref.FindMunicipality(receiver)!.CountyCode == countyCode && amount > 0 && amount <= shares.ShareOf(giver).Thousandths);
                    shares = next;
                    applied++;
                }
                catch (ShareTransferRefusedException ex)
                {
                    Assert.Contains(ex.Code, new[] { "same-municipality", "different-counties", "non-positive-amount", "exceeds-share" });
                }
                Assert.Equal(total, shares.CountyTotal(countyCode));
                Assert.Equal(national, shares.Total);
                Assert.All(munis, m => Assert.True(shares.ShareOf(m.Code) >= PerMille.Zero));
            }
            Assert.Equal(applied, shares.Transfers.Count);
            Assert.Equal(shares.County(countyCode).Sum(m => m.Given.Thousandths), shares.County(countyCode).Sum(m => m.Received.Thousandths));
        }, iter: 300);
    }
}
