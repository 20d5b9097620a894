using Kommuntal.Core.Allocation;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Ingestion;

public class DeviationFileParserTests
{
    private readonly DeviationFileParser _parser = new(ReferenceData.Bundled);

    private static readonly Deviation[] Expected =
    [
        new("1880", DeviationKind.Agreement, 91, "Överenskommelse i samrådet (testvariant)"),
        new("1860", DeviationKind.Volunteer, 25, "Utökat ansvar, enligt kommunens besked (testvariant)"),
        new("1862", DeviationKind.Housing, 0, "Brist på bostäder enligt kommunens besked (testvariant)"),
    ];

    [Theory]
    [InlineData("wishes-2022-18.csv")]
    [InlineData("wishes-2022-18-excel-1252.csv")]
    [InlineData("wishes-2022-18.xlsx")]
    [InlineData("wishes-2022-18.json")]
    public void Every_format_gives_the_same_wishes(string name)
    {
        var file = Samples.File("tests", "data", "wishes", "good", name);
        Assert.Equal(Expected, _parser.Parse(file, "18"));
        var read = _parser.Read(file, 2022, "18");
        Assert.Equal(("18", 2022), (read.CountyCode, read.Year));
    }

    [Fact]
    public void A_header_without_rows_means_no_wishes()
    {
        Assert.Empty(_parser.Parse(InputFile.FromText("inga.csv", "municipality_code,kind,number,reason\n"), "18"));
    }

    [Fact]
    public void A_municipality_of_another_county_is_named_with_both()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(Samples.File("tests", "data", "wishes", "bad", "municipality-outside-county.csv"), "18"));
        var p = Assert.Single(ex.Problems);
        Assert.Equal("Stockholm (0180) ligger inte i Örebro län.", p.MessageSv);
        Assert.Equal(4, p.Line);
    }

    [Fact]
    public void The_county_in_a_JSON_file_must_be_the_uploads()
    {
        var file = Samples.File("tests", "data", "wishes", "good", "wishes-2022-18.json");
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Read(file, 2022, "17"));
        Assert.Contains(ex.Problems, p => p.Code == "county-conflict");
        Assert.Contains(ex.Problems, p => p.Code == "municipality-outside-county");
    }

    [Fact]
    public void An_unknown_county_is_a_problem_not_a_crash()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Parse(IngestionSamples.Wishes2022OrebroCsv, "99"));
        Assert.Equal("unknown-county", Assert.Single(ex.Problems).Code);
    }
}
