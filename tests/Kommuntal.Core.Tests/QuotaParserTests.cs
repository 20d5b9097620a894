using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests;

public class QuotaParserTests
{
    private readonly QuotaParser _parser = new(ReferenceData.Bundled);

    [Fact]
    public void The_2022_statute_table_parses_to_21_counties_summing_to_7500()
    {
        var q = _parser.Parse(Samples.Quota2022Csv, 2022);
        Assert.Equal(2022, q.Year);
        Assert.Equal(21, q.Counties.Count);
        Assert.Equal(7500, q.Total);
        Assert.Equal(202, q.For("18")!.Lanstal);     // Örebro län, SFS 2021:870
        Assert.Equal(1301, q.For("14")!.Lanstal);    // Västra Götalands län
        Assert.Equal(63, q.For("09")!.Lanstal);      // Gotlands län
    }

    [Fact]
    public void A_stated_total_that_disagrees_with_the_sum_is_rejected_naming_its_line()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(Samples.File("tests", "data", "quotas", "bad", "wrong-total.csv"), 2022));
        var p = Assert.Single(ex.Problems);
        Assert.Equal("sum-mismatch", p.Code);
        Assert.Equal(24, p.Line);
        Assert.Equal("lanstal", p.Field);
        Assert.Contains("7600", p.MessageEn);
        Assert.Contains("7500", p.MessageEn);
    }

    [Fact]
    public void A_duplicate_county_is_rejected_with_both_lines_and_the_missing_one_reported()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(Samples.File("tests", "data", "quotas", "bad", "duplicate-county.csv"), 2022));
        var dup = Assert.Single(ex.Problems, p => p.Code == "duplicate-county");
        Assert.Equal(17, dup.Line);
        Assert.Contains("line 16", dup.MessageEn);
        Assert.Contains(ex.Problems, p => p.Code == "missing-county" && p.MessageEn.Contains("Västmanlands län"));
    }

    [Fact]
    public void An_unknown_county_code_is_rejected_naming_line_and_field()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(Samples.File("tests", "data", "quotas", "bad", "unknown-county-code.csv"), 2022));
        var p = Assert.Single(ex.Problems, p => p.Code == "unknown-county");
        Assert.Equal(17, p.Line);
        Assert.Equal("county_code", p.Field);
        Assert.Equal("unknown-county-code.csv:17: field 'county_code': Unknown county code '99'. [unknown-county]", p.ToString());
    }

    [Fact]
    public void An_empty_file_is_rejected()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(new InputFile("empty.csv", []), 2022));
        Assert.Equal("empty-file", Assert.Single(ex.Problems).Code);
    }

    [Theory]
    [InlineData("1 795", 1795)]
    [InlineData("1\u00A0795", 1795)]
    [InlineData("1795", 1795)]
    [InlineData("0", 0)]
    public void County_numbers_accept_spaces_and_no_break_spaces_as_thousands_separators(string text, int expected)
    {
        var problems = new ProblemList("x.csv");
        Assert.Equal(expected, Kommuntal.Core.Ingestion.Cells.ParseCount(text, 2, "lanstal", problems));
        Assert.False(problems.Any);
    }

    [Theory]
    [InlineData("-5", "negative-number")]
    [InlineData("12.5", "not-an-integer")]
    [InlineData("=SUM(A1:A3)", "formula-cell")]
    [InlineData("@x", "formula-cell")]
    [InlineData("tolv", "not-a-number")]
    [InlineData("", "missing-value")]
    public void Bad_numbers_are_named(string text, string code)
    {
        var problems = new ProblemList("x.csv");
        Assert.Null(Kommuntal.Core.Ingestion.Cells.ParseCount(text, 5, "lanstal", problems));
        var p = Assert.Single(problems.Problems);
        Assert.Equal(code, p.Code);
        Assert.Equal(5, p.Line);
    }
}
