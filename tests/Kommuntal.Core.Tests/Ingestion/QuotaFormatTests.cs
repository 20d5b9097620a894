using System.Text;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>Every accepted way of writing the 2022 quota gives the statute's 21 numbers.</summary>
public class QuotaFormatTests
{
    private readonly QuotaParser _parser = new(ReferenceData.Bundled);

    public static TheoryData<string> Formats => new(IngestionSamples.Quota2022Formats.Select(f => f.Name));

    private static InputFile Format(string name) => IngestionSamples.Quota2022Formats.Single(f => f.Name == name);

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_of_the_2022_quota_parses_to_the_statutes_21_numbers(string name)
    {
        var q = _parser.Parse(Format(name), 2022);
        Assert.Equal(2022, q.Year);
        Assert.Equal(7500, q.Total);
        Assert.Equal(IngestionSamples.Expected2022, q.Counties.Select(c => (c.CountyCode, c.Lanstal)).ToList());
        Assert.Equal(ReferenceData.Bundled.Counties.Select(c => c.Name), q.Counties.Select(c => c.CountyName));
    }

    [Theory]
    [InlineData("lanstal-2022-sfs-bilaga.txt", InputFormat.Csv, "utf-8")]          // tab-separated with the header "Län	Länstal"
    [InlineData("lanstal-2022-bilaga-spaces.txt", InputFormat.AnnexText, "utf-8")]
    [InlineData("lanstal-2022-excel-1252.csv", InputFormat.Csv, "windows-1252")]
    [InlineData("lanstal-2022-utf8-bom.csv", InputFormat.Csv, "utf-8-bom")]
    [InlineData("lanstal-2022.json", InputFormat.Json, "utf-8")]
    [InlineData("lanstal-2022.xlsx", InputFormat.Xlsx, "xlsx")]
    [InlineData("lanstal-2022.ods", InputFormat.Ods, "ods")]
    public void The_format_is_detected_from_the_content(string name, InputFormat format, string encoding)
    {
        var parsed = _parser.Read(Format(name), 2022);
        Assert.Equal(format, parsed.Format);
        Assert.Equal(encoding, parsed.Encoding);
    }

    [Theory]
    [InlineData("lanstal-2022-sfs-bilaga.txt")]
    [InlineData("lanstal-2022-bilaga-spaces.txt")]
    [InlineData("lanstal-2022.json")]
    [InlineData("lanstal-2022.xlsx")]
    [InlineData("lanstal-2022.ods")]
    public void The_year_comes_from_the_file_when_it_states_it(string name)
    {
        Assert.Equal(2022, _parser.Parse(Format(name), year: null).Year);
    }

    [Fact]
    public void A_CSV_without_a_year_has_none_until_the_caller_gives_it()
    {
        Assert.Equal(0, _parser.Parse(Samples.Quota2022Csv, year: null).Year);
    }

    [Theory]
    [InlineData("lanstal-2022.csv", "SFS 2021:870")]                 // the source line of the real CSV
    [InlineData("lanstal-2022.json", "SFS 2021:870")]                // "statute"
    [InlineData("lanstal-2022-sfs-bilaga.txt", null)]                // the annex itself does not name its statute
    public void The_statute_reference_is_kept_when_the_file_states_it(string name, string? statute)
    {
        Assert.Equal(statute, _parser.Parse(Format(name), 2022).StatuteReference);
    }

    [Fact]
    public void A_title_year_that_disagrees_with_the_requested_year_is_a_conflict()
    {
        var annex = Format("lanstal-2022-sfs-bilaga.txt");
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(annex, 2023));
        var p = Assert.Single(ex.Problems);
        Assert.Equal(("year-conflict", 2, "year"), (p.Code, p.Line, p.Field));
        Assert.Contains("2022", p.MessageEn);
        Assert.Contains("2023", p.MessageEn);
        Assert.Contains("2022", p.MessageSv);
    }

    [Fact]
    public void A_typo_in_a_county_name_suggests_the_closest_county_in_both_languages()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(Samples.File("tests", "data", "quotas", "bad", "county-typo.csv"), 2022));
        var p = Assert.Single(ex.Problems, x => x.Code == "unknown-county");
        Assert.Equal("Unknown county 'Örebo län'. Did you mean Örebro län?", p.MessageEn);
        Assert.Equal("Okänt län 'Örebo län'. Menade du Örebro län?", p.MessageSv);
        Assert.Contains(ex.Problems, x => x.Code == "missing-county" && x.MessageEn.StartsWith("Örebro län (18)"));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_line()
    {
        var csv = "# test file: three problems at once (derived from samples/2022/lanstal-2022.csv)\ncounty_code,county_name,lanstal\n"
                  + string.Join("\n", IngestionSamples.Expected2022.Select(e => e.Code switch
                  {
                      "01" => "01,Stockholms län,-5",
                      "03" => "03,Uppsala län,=A1",
                      "04" => "99,Södermanlands län,136",
                      var c => $"{c},{ReferenceData.Bundled.County(c).Name},{IngestionSamples.Expected2022.Single(x => x.Code == c).Lanstal}",
                  }));
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(InputFile.FromText("three.csv", csv), 2022));
        var all = string.Join("\n", ex.Problems);
        Assert.True(ex.Problems.Any(p => p is { Code: "negative-number", Line: 3, Field: "lanstal" }), all);
        Assert.True(ex.Problems.Any(p => p is { Code: "formula-cell", Line: 4, Field: "lanstal" }), all);
        Assert.True(ex.Problems.Any(p => p is { Code: "unknown-county", Line: 5, Field: "county_code" }), all);
        Assert.True(ex.Problems.Any(p => p is { Code: "missing-county", Field: "county_code" } && p.MessageEn.Contains("(04)")), all);
        Assert.Equal(4, ex.Problems.Count);
    }

    [Fact]
    public void Xlsx_problems_name_the_sheet_cell()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(Samples.File("tests", "data", "quotas", "bad", "formula-total.xlsx"), 2022));
        var p = Assert.Single(ex.Problems);
        Assert.Equal(("formula-cell", "C26", 26, "lanstal"), (p.Code, p.Cell, p.Line, p.Field));
        Assert.Equal("formula-total.xlsx:C26: field 'lanstal': The cell C26 holds a formula; paste the values instead. [formula-cell]", p.ToString());
    }

    [Fact]
    public void Json_problems_name_the_line_of_the_value()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(Samples.File("tests", "data", "quotas", "bad", "json-non-integer.json"), 2022));
        var p = Assert.Single(ex.Problems);
        Assert.Equal(("not-an-integer", 19, "lanstal"), (p.Code, p.Line, p.Field));
    }

    [Fact]
    public void A_tab_separated_annex_without_a_header_line_is_read_as_the_annex()
    {
        var lines = File.ReadAllLines(Samples.Path("samples", "2022", "lanstal-2022-sfs-bilaga.txt")).Where(l => !l.StartsWith("Län\t")).ToList();
        var q = _parser.Parse(InputFile.FromText("bilaga-utan-rubrik.txt", string.Join("\n", lines)), null);
        Assert.Equal(2022, q.Year);
        Assert.Equal(IngestionSamples.Expected2022, q.Counties.Select(c => (c.CountyCode, c.Lanstal)).ToList());
    }

    [Fact]
    public void An_annex_total_line_must_equal_the_sum()
    {
        var text = Encoding.UTF8.GetString(Samples.File("samples", "2022", "lanstal-2022-sfs-bilaga.txt").Content) + "Totalt\t7 600\n";
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(InputFile.FromText("bilaga-med-summa.txt", text), null));
        var p = Assert.Single(ex.Problems);
        Assert.Equal(("sum-mismatch", 26), (p.Code, p.Line));
    }
}
