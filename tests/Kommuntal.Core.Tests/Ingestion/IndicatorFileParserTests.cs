using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Ingestion;

public class IndicatorFileParserTests
{
    private readonly IndicatorFileParser _parser = new(ReferenceData.Bundled);

    [Fact]
    public void The_real_SCB_population_file_imports_unchanged_with_population_only()
    {
        var parsed = _parser.Read(IngestionSamples.Population2021Csv, 2022);
        Assert.Equal(290, parsed.Indicators.Rows.Count);
        Assert.Equal(["population"], parsed.IndicatorColumns);
        Assert.Equal(156987, parsed.Indicators.For("1880")!.Population);   // Örebro, 31 December 2021
        Assert.Null(parsed.Indicators.For("1880")!.Reception);
        Assert.Equal(10452326, parsed.Indicators.Rows.Sum(r => r.Population!.Value)); // SCB's national sum
    }

    public static TheoryData<string> CombinedFormats => new("indicators-2022.csv", "indicators-2022.xlsx", "indicators-2022.json");

    [Theory]
    [MemberData(nameof(CombinedFormats))]
    public void CSV_XLSX_and_JSON_of_the_bundled_figures_give_exactly_the_bundled_indicators(string name)
    {
        var parsed = _parser.Parse(Samples.File("tests", "data", "indicators", "good", name), 2022);
        var bundled = ReferenceData.BundledIndicators(2022);
        Assert.Equal(bundled.Rows, parsed.Rows);
        Assert.Equal(2022, parsed.Year);
        Assert.Contains(name, parsed.Sources.Single());
    }

    [Fact]
    public void The_year_column_is_the_data_year_and_may_be_earlier_than_the_allocation_year()
    {
        // population-2021.csv says 2021 in every row; it is used for allocation year 2022.
        Assert.Equal(2022, _parser.Parse(IngestionSamples.Population2021Csv, 2022).Year);
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(IngestionSamples.Population2021Csv, 2020));
        var p = Assert.Single(ex.Problems); // reported once, not once per row
        Assert.Equal(("data-year-after-allocation-year", 3, "year"), (p.Code, p.Line, p.Field));
    }

    [Fact]
    public void The_JSON_year_is_used_when_no_year_is_given()
    {
        Assert.Equal(2022, _parser.Read(Samples.File("tests", "data", "indicators", "good", "indicators-2022.json"), null).Indicators.Year);
    }

    [Fact]
    public void Without_any_year_the_file_is_refused()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Read(IngestionSamples.Indicators2022Csv, null));
        Assert.Equal("year-missing", Assert.Single(ex.Problems).Code);
    }

    [Fact]
    public void A_municipality_typo_suggests_the_closest_name()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(Samples.File("tests", "data", "indicators", "bad", "municipality-typo.csv"), 2022));
        var p = Assert.Single(ex.Problems, x => x.Code == "unknown-municipality");
        Assert.Equal("Okänd kommun 'Örbro'. Menade du Örebro (1880)?", p.MessageSv);
    }

    [Fact]
    public void A_leading_zero_dropped_by_Excel_is_restored()
    {
        var lines = File.ReadAllLines(IngestionSamples.Population2021Csv.Name is var n ? Samples.Path("tests", "data", "indicators", "good", n) : "")
            .Select(l => l.StartsWith("0114,") ? "114" + l[4..] : l);
        var set = _parser.Parse(InputFile.FromText("excel.csv", string.Join("\n", lines)), 2022);
        Assert.Equal(47820, set.For("0114")!.Population);
    }
}

public class IndicatorFileParserCompletenessTests
{
    private readonly IndicatorFileParser _parser = new(ReferenceData.Bundled);
    private static readonly InputFile OrebroOnly = Samples.File("tests", "data", "indicators", "bad", "missing-municipalities.csv");

    [Fact]
    public void Parse_takes_one_countys_rows_for_a_what_if()
    {
        var set = _parser.Parse(OrebroOnly, 2022);
        Assert.Equal(12, set.Rows.Count);
        Assert.All(set.Rows, r => Assert.Equal("18", ReferenceData.Bundled.FindMunicipality(r.MunicipalityCode)!.CountyCode));
    }

    [Fact]
    public void An_import_needs_every_municipality_and_names_each_missing_one()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Read(OrebroOnly, 2022));
        // 278 are missing: the first 200 are named, then one problem counts the rest (issue 14: at most 200 per file).
        Assert.Equal(200, ex.Problems.Count(p => p.Code == "missing-municipality"));
        Assert.Equal("Upplands Väsby (0114) saknas i filen.", ex.Problems[0].MessageSv);
        Assert.Equal(("too-many-problems", "… and 78 more problems (the first 200 are shown). Correct them and upload the file again."),
            (ex.Problems[^1].Code, ex.Problems[^1].MessageEn));
    }
}
