using System.Text;
using Kommuntal.Application.PublicSite;
using Kommuntal.Web.Feed;
using Kommuntal.Web.OpenData;

namespace Kommuntal.Web.Tests;

/// <summary>The open-data writers and file names, without a server (the downloads are tested in PublicSiteDataTests).</summary>
public class OpenDataWriterTests
{
    private static OpenDataRow Row(string dnr, decimal? andelstal = null) =>
        new(2022, "18", "Örebro län", 202, "1860", "Laxå", 2, new DateOnly(2021, 11, 8), dnr, 1, "2022/18-orebro-lan/beslut-v1.pdf", new string('a', 64), andelstal);

    [Fact]
    public void A_text_cell_that_a_spreadsheet_would_read_as_a_formula_is_neutralised_in_CSV()
    {
        foreach (var format in new[] { OpenDataFormat.Csv, OpenDataFormat.ExcelCsv })
        {
            var text = Encoding.UTF8.GetString(OpenDataWriter.Write(new OpenDataFile(2022, format), [Row("=HYPERLINK(\"http://x\")"), Row("@SUM(A1)")]));
            Assert.DoesNotContain(format == OpenDataFormat.Csv ? ",=HYPERLINK" : ";=HYPERLINK", text);
            Assert.Contains("'=HYPERLINK", text);
            Assert.Contains("'@SUM(A1)", text);
        }
    }

    [Fact]
    public void Andelstal_is_an_empty_column_until_the_index_carries_it_and_a_decimal_comma_in_the_Excel_CSV()
    {
        var plain = Encoding.UTF8.GetString(OpenDataWriter.Write(new OpenDataFile(2022, OpenDataFormat.Csv), [Row("Dnr 1"), Row("Dnr 2", 3.25m)])).Split("\r\n");
        Assert.Equal("2022,18,Örebro län,202,1860,Laxå,2,,2021-11-08,Dnr 1,1,/api/public/files/2022/18-orebro-lan/beslut-v1.pdf," + new string('a', 64), plain[1]);
        Assert.Contains(",2,3.25,", plain[2]);
        var excel = Encoding.UTF8.GetString(OpenDataWriter.Write(new OpenDataFile(2022, OpenDataFormat.ExcelCsv), [Row("Dnr 2", 3.25m)]));
        Assert.Contains(";2;3,25;", excel);
        var json = Encoding.UTF8.GetString(OpenDataWriter.Write(new OpenDataFile(2022, OpenDataFormat.Json), [Row("Dnr 1")]));
        Assert.DoesNotContain("andelstal", json);
        Assert.Contains("\"kommun\": \"Laxå\"", json);
    }

    [Theory]
    [InlineData("kommuntal-2022.csv", 2022, OpenDataFormat.Csv)]
    [InlineData("kommuntal-2023-excel.csv", 2023, OpenDataFormat.ExcelCsv)]
    [InlineData("kommuntal-2022.xlsx", 2022, OpenDataFormat.Xlsx)]
    [InlineData("kommuntal-2022.json", 2022, OpenDataFormat.Json)]
    public void A_file_name_names_its_year_and_format_and_round_trips(string name, int year, OpenDataFormat format)
    {
        var file = OpenDataFile.Parse(name);
        Assert.Equal(new OpenDataFile(year, format), file);
        Assert.Equal(name, file!.Name);
    }

    [Theory]
    [InlineData("kommuntal-22.csv")]
    [InlineData("kommuntal-2022.txt")]
    [InlineData("kommuntal-2022")]
    [InlineData("andelstal-2022.csv")]
    [InlineData("kommuntal-abcd.csv")]
    public void Any_other_name_is_no_file(string name) => Assert.Null(OpenDataFile.Parse(name));

    [Fact]
    public void Feed_ids_are_stable_version_8_UUIDs_of_the_name()
    {
        var id = DecisionFeed.Uuid("kommuntal:decision:2022/18-orebro-lan/beslut-v1.pdf");
        Assert.Equal(id, DecisionFeed.Uuid("kommuntal:decision:2022/18-orebro-lan/beslut-v1.pdf"));
        Assert.NotEqual(id, DecisionFeed.Uuid("kommuntal:decision:2022/18-orebro-lan/beslut-v2.pdf"));
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
    }

    [Theory]
    [InlineData("laxa", "Laxå")]
    [InlineData("OREBRO", "Örebro")]
    [InlineData("malmo", "Malmö")]
    [InlineData("Ockelbo", "Ockelbo")]
    public void The_search_ignores_case_and_diacritics(string query, string expected)
    {
        var view = new PublicSiteView(Kommuntal.Core.Reference.ReferenceData.Bundled, null, "none");
        Assert.Equal(expected, view.Search(query)[0].Name);
    }

    [Fact]
    public void The_demo_decision_date_is_8_November_of_the_year_before_unless_configured_and_never_after_today()
    {
        var demo = new Kommuntal.Application.Options.DemoDecisionOptions();
        var today = new DateOnly(2026, 12, 6);
        Assert.Equal(new DateOnly(2021, 11, 8), demo.DecisionDateFor(2022, today));
        Assert.Equal(today, demo.DecisionDateFor(2028, today));
        demo.DecisionDate = "2021-10-01";
        Assert.Equal(new DateOnly(2021, 10, 1), demo.DecisionDateFor(2022, today));
        demo.DecisionDate = "12-24";
        Assert.Equal(new DateOnly(2021, 12, 24), demo.DecisionDateFor(2022, today));
        demo.DecisionDate = "8 november";
        Assert.Contains("Kommuntal:Demo:DecisionDate", Assert.Throws<InvalidOperationException>(() => demo.DecisionDateFor(2022, today)).Message);
    }
}
