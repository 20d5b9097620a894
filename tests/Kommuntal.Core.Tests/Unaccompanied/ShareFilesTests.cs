using CsCheck;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Unaccompanied;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Unaccompanied;

/// <summary>The shares file, the request file and what the requests do to a county's shares (test variants in tests/data/andelstal).</summary>
public class ShareFilesTests
{
    private static readonly ReferenceData Ref = ReferenceData.Bundled;
    private readonly ShareFileParser _shares = new(Ref);
    private readonly ShareRequestFileParser _requests = new(Ref);

    private static InputFile Data(string name) => Samples.File("tests", "data", "andelstal", name);

    private ShareFile Country => _shares.Read(Data("andelstal-2022.csv"), 2022);

    private CountyShares Orebro(string requestFile)
    {
        var requests = _requests.Read(Data(requestFile), 2022, "18");
        return ShareRedistribution.Apply(2022, "18", Country.Shares, requests.Requests, Ref, "test", requestFile, requests.Lines);
    }

    [Fact]
    public void The_country_file_has_every_municipality_and_sums_to_exactly_1000_per_mille()
    {
        var file = Country;
        Assert.Equal(290, file.Shares.Count);
        Assert.Equal(1_000_000, file.Shares.Sum(s => s.Share.Thousandths));
        Assert.Equal(21, file.Counties(Ref).Count);
        Assert.Equal(new PerMille(15_019), file.Shares.Single(s => s.MunicipalityCode == "1880").Share);
    }

    [Fact]
    public void Excel_dialect_with_names_decimal_commas_and_per_mille_signs_gives_the_same_shares()
    {
        var excel = _shares.Read(Data("andelstal-2022-18-excel.csv"), 2022);
        var fromCountry = Country.Shares.Where(s => Ref.FindMunicipality(s.MunicipalityCode)!.CountyCode == "18").ToList();
        Assert.Equal(fromCountry, excel.Shares);
        Assert.Equal(["18"], excel.Counties(Ref));
    }

    [Fact]
    public void Json_with_string_or_number_shares_and_a_header_only_request_file_are_read()
    {
        var json = _shares.Read(InputFile.FromText("a.json", "{\"year\": 2022, \"shares\": [{\"municipality_code\": \"1880\", \"andelstal\": \"15,019\"}, {\"kommun\": \"Laxå\", \"andelstal\": 0.534}]}"), null);
        Assert.Equal([new RecordedShare("1860", new PerMille(534)), new RecordedShare("1880", new PerMille(15_019))], json.Shares);
        Assert.Equal(2022, json.Year);
        Assert.Empty(_requests.Read(InputFile.FromText("r.csv", "municipality_code,request,per_mille,counterpart_code,reason\n"), 2022, "18").Requests);
    }

    [Theory]
    [InlineData("municipality_code,andelstal\n1880,3.4567\n", 2, "andelstal", "not-a-per-mille")]
    [InlineData("municipality_code,andelstal\n1880,\n", 2, "andelstal", "missing-value")]
    [InlineData("municipality_code,andelstal\n1880,abc\n", 2, "andelstal", "not-a-per-mille")]
    [InlineData("municipality_code;andelstal\n1880;-0,5\n", 2, "andelstal", "negative-share")]
    [InlineData("municipality_code,andelstal\n1880,1\n1880,2\n", 3, "municipality_code", "duplicate-municipality")]
    [InlineData("municipality_code,andelstal\n9999,1\n", 2, "municipality_code", "unknown-municipality")]
    [InlineData("municipality_code,share_x\n1880,1\n", 1, "andelstal", "missing-column")]
    [InlineData("municipality_code,andelstal\n1880,=1+1\n", 2, "andelstal", "formula-cell")]
    public void A_bad_shares_file_names_file_line_and_field(string text, int line, string field, string code)
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _shares.Read(InputFile.FromText("andelstal.csv", text), 2022));
        var p = Assert.Single(ex.Problems, p => p.Code == code);
        Assert.Equal(("andelstal.csv", line, field), (p.File, p.Line, p.Field));
    }

    [Fact]
    public void A_year_in_the_file_that_differs_from_the_requested_one_is_a_conflict()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _shares.Read(InputFile.FromText("a.csv", "municipality_code,andelstal,year\n1880,1,2023\n"), 2022));
        Assert.Contains(ex.Problems, p => p.Code == "year-conflict" && p.Line == 2);
    }

    [Theory]
    [InlineData("1880,transfer,0.5,1780,skäl", "counterpart_code", "municipality-outside-county")]
    [InlineData("1780,lower,0.5,,skäl", "municipality_code", "municipality-outside-county")]
    [InlineData("1880,transfer,0.5,,skäl", "counterpart_code", "missing-value")]
    [InlineData("1880,transfer,,1861,skäl", "per_mille", "missing-value")]
    [InlineData("1880,transfer,0,1861,skäl", "per_mille", "non-positive-amount")]
    [InlineData("1880,transfer,0.5,1880,skäl", "counterpart_code", "same-municipality")]
    [InlineData("1880,lower,0.5,1861,skäl", "counterpart_code", "counterpart-not-allowed")]
    [InlineData("1880,lower,0.5,,", "reason", "missing-reason")]
    [InlineData("1880,swap,0.5,,skäl", "request", "unknown-request")]
    public void A_bad_request_names_line_and_field(string row, string field, string code)
    {
        var ex = Assert.Throws<ValidationFailedException>(() =>
            _requests.Read(InputFile.FromText("begaran.csv", "municipality_code,request,per_mille,counterpart_code,reason\n" + row + "\n"), 2022, "18"));
        var p = Assert.Single(ex.Problems);
        Assert.Equal(("begaran.csv", 2, field, code), (p.File, p.Line, p.Field, p.Code));
    }

    [Fact]
    public void A_transfer_above_the_givers_share_is_refused_on_its_line()
    {
        var requests = _requests.Read(InputFile.FromText("b.csv", "municipality_code,request,per_mille,counterpart_code,reason\n1864,transfer,0.441,1885,skäl\n"), 2022, "18");
        var ex = Assert.Throws<ValidationFailedException>(() => ShareRedistribution.Apply(2022, "18", Country.Shares, requests.Requests, Ref, "t", "b.csv", requests.Lines));
        var p = Assert.Single(ex.Problems);
        Assert.Equal(("b.csv", 2, "per_mille", "exceeds-share"), (p.File, p.Line, p.Field, p.Code));
    }

    [Fact]
    public void A_request_to_lower_that_nobody_takes_up_is_recorded_not_applied_and_named_in_the_no_redistribution_sentence()
    {
        var shares = Orebro("requests-2022-18-lower.csv");
        Assert.Empty(shares.Transfers);
        Assert.Empty(shares.ChangedRows);
        Assert.Equal(2, shares.NotApplied.Count);
        Assert.Equal(new PerMille(29_352), shares.TotalBefore);
        Assert.Equal(shares.TotalBefore, shares.TotalAfter);
        var paragraphs = UnaccompaniedText.DecisionParagraphs(shares, "Örebro län");
        Assert.Equal("Lekeberg och Laxå har aviserat att de önskar en minskning av sina andelstal, men då ingen kommun har meddelat att den vill ta ett större ansvar har det inte skett någon omfördelning i länet.", paragraphs[1]);
        Assert.StartsWith("Vad gäller ensamkommande barn har Lekeberg och Laxå aviserat att de önskar en minskning", UnaccompaniedText.EmailParagraph(shares), StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_transfer_moves_the_amount_and_keeps_the_county_sum()
    {
        var shares = Orebro("requests-2022-18-partial.csv");
        var changed = shares.ChangedRows;
        Assert.Equal(2, changed.Count);
        var hallsberg = shares.Row("1861")!;
        Assert.Equal((new PerMille(1_550), new PerMille(1_050), new PerMille(-500)), (hallsberg.Before, hallsberg.After, hallsberg.Change));
        Assert.Equal(new PerMille(15_519), shares.Row("1880")!.After);
        Assert.Equal(shares.TotalBefore, shares.TotalAfter);
        Assert.Equal("1860", Assert.Single(shares.NotApplied).MunicipalityCode);
        Assert.Equal("\u22120,500\u00A0‰", UnaccompaniedText.Change(hallsberg.Change));
        var mail = UnaccompaniedText.EmailParagraph(shares);
        Assert.Contains("Hallsberg lämnar 0,500\u00A0‰ av sitt andelstal till Örebro", mail, StringComparison.Ordinal);
        Assert.Contains("Laxå har också aviserat", mail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transfer_of_a_whole_share_leaves_the_giver_at_zero()
    {
        var shares = Orebro("requests-2022-18-whole.csv");
        Assert.Equal(PerMille.Zero, shares.Row("1864")!.After);
        Assert.Equal(new PerMille(2_698), shares.Row("1885")!.After);
        Assert.Equal(shares.TotalBefore, shares.TotalAfter);
        Assert.Empty(shares.NotApplied);
    }

    [Fact]
    public void Random_request_files_conserve_the_county_sum_exactly_or_are_refused()
    {
        var counties = Ref.Counties.Select(c => c.Code).ToArray();
        var recorded = Country.Shares;
        var gen = from county in Gen.Int[0, counties.Length - 1]
                  from rows in Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100], Gen.Int[1, 4_000], Gen.Int[0, 2]).Array[0, 12]
                  select (counties[county], rows);
        gen.Sample(t =>
        {
            var (county, rows) = t;
            var munis = Ref.MunicipalitiesIn(county);
            var requests = rows.Select(r => new ShareRequest(munis[r.Item1 % munis.Count].Code, (ShareRequestKind)r.Item4, new PerMille(r.Item3),
                r.Item4 == 2 ? munis[r.Item2 % munis.Count].Code : null, "skäl")).ToList();
            try
            {
                var shares = ShareRedistribution.Apply(2022, county, recorded, requests, Ref, "t");
                Assert.Equal(shares.TotalBefore, shares.TotalAfter);
                Assert.Equal(recorded.Where(s => Ref.FindMunicipality(s.MunicipalityCode)!.CountyCode == county).Sum(s => s.Share.Thousandths), shares.TotalAfter.Thousandths);
                Assert.All(shares.Rows, r => Assert.True(r.After >= PerMille.Zero));
                Assert.Equal(requests.Count(r => r.Kind == ShareRequestKind.Transfer), shares.Transfers.Count);
                var gained = shares.ChangedRows.Where(r => r.Change > PerMille.Zero).Sum(r => r.Change.Thousandths);
                Assert.Equal(gained, -shares.ChangedRows.Where(r => r.Change < PerMille.Zero).Sum(r => r.Change.Thousandths));
                Assert.True(gained <= shares.Transfers.Sum(x => x.Amount.Thousandths));
            }
            catch (ValidationFailedException ex)
            {
                Assert.All(ex.Problems, p => Assert.Contains(p.Code, new[] { "same-municipality", "exceeds-share" }));
            }
        }, iter: 300);
    }
}
