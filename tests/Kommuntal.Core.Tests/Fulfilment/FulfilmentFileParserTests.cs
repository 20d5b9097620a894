using Kommuntal.Core.Fulfilment;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Fulfilment;

public class FulfilmentFileParserTests
{
    private readonly FulfilmentFileParser _parser = new(ReferenceData.Bundled);

    public static TheoryData<string> WholeYearFormats => new("csv", "xlsx");

    [Theory]
    [MemberData(nameof(WholeYearFormats))]
    public void The_whole_year_file_reads_the_same_from_CSV_and_xlsx(string format)
    {
        var file = format == "csv" ? FulfilmentSamples.WholeYearCsv : FulfilmentSamples.WholeYearXlsx;
        var parsed = _parser.Read(file, 2022, null);
        Assert.Equal(2022, parsed.Year);
        Assert.Null(parsed.Period);
        Assert.Equal(11, parsed.Rows.Count);
        Assert.DoesNotContain(parsed.Rows, r => r.MunicipalityCode == "1864");
        Assert.Equal(FulfilmentSamples.WholeYearKommuntal, parsed.Rows.Sum(r => r.Kommuntal));
        Assert.Equal(FulfilmentSamples.WholeYearReceived, parsed.Rows.Sum(r => r.Received));
        Assert.Equal(new FulfilmentRow("1880", 91, 84), parsed.Rows.Single(r => r.MunicipalityCode == "1880"));
        Assert.Equal(format == "csv" ? InputFormat.Csv : InputFormat.Xlsx, parsed.Format);
    }

    [Fact]
    public void The_Windows_1252_comma_file_gives_its_period_and_every_municipality()
    {
        var parsed = _parser.Read(FulfilmentSamples.JuneCp1252Csv, null, null);
        Assert.Equal(2022, parsed.Year);
        Assert.Equal("2022-06", parsed.Period);
        Assert.Equal("windows-1252", parsed.Encoding);
        Assert.Equal(12, parsed.Rows.Count);
        Assert.Equal(202, parsed.Rows.Sum(r => r.Kommuntal));
        Assert.Equal(FulfilmentSamples.JuneReceived, parsed.Rows.Sum(r => r.Received));
        Assert.Equal(new FulfilmentRow("1863", 0, 0), parsed.Rows.Single(r => r.MunicipalityCode == "1863")); // Hällefors in Windows-1252
    }

    [Fact]
    public void A_tab_separated_file_with_codes_in_Kommun_reads()
    {
        var parsed = _parser.Read(InputFile.FromText("t.tsv", "Kommun\tTal\tMottagna\tPeriod\n1880\t91\t10\t2022-3\n"), 2022, "2022-03");
        Assert.Equal("2022-03", parsed.Period);
        Assert.Equal(new FulfilmentRow("1880", 91, 10), parsed.Rows.Single());
    }

    [Fact]
    public void Bad_rows_are_all_named_by_file_line_and_field()
    {
        var text = "Län;Kommun;Tal;Mottagna\nÖrebro län;Örebo;10;2\nÖrebro län;Kumla;x;2\nStockholms län;Nora;6;1\nÖrebro län;Laxå;25;-3\nÖrebro län;Laxå;25;3\nÖrebro län;Totalt;99;1\n";
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Read(InputFile.FromText("bad.csv", text), 2022, null));
        Assert.All(ex.Problems, p => Assert.Equal("bad.csv", p.File));
        Assert.Contains(ex.Problems, p => p is { Line: 2, Field: "municipality_name", Code: "unknown-municipality" } && p.MessageSv.Contains("Örebro"));
        Assert.Contains(ex.Problems, p => p is { Line: 3, Field: "kommuntal", Code: "not-a-number" });
        Assert.Contains(ex.Problems, p => p is { Line: 4, Field: "county", Code: "municipality-outside-county" });
        Assert.Contains(ex.Problems, p => p is { Line: 5, Field: "received", Code: "negative-number" });
    }

    [Fact]
    public void A_total_row_that_does_not_add_up_is_refused()
    {
        var text = "Län;Kommun;Tal;Mottagna\nÖrebro län;Kumla;12;2\nÖrebro län;Nora;6;1\nÖrebro län;Totalt;18;4\n";
        var ex = Assert.Throws<ValidationFailedException>(() => _parser.Read(InputFile.FromText("sum.csv", text), 2022, null));
        var p = Assert.Single(ex.Problems);
        Assert.Equal((4, "received", "total-mismatch"), (p.Line, p.Field, p.Code));
    }

    [Fact]
    public void Missing_columns_and_conflicting_periods_and_years_are_refused()
    {
        var missing = Assert.Throws<ValidationFailedException>(() => _parser.Read(InputFile.FromText("m.csv", "Län;Kommun;Tal\n18;Kumla;12\n"), 2022, null));
        Assert.Contains(missing.Problems, p => p is { Field: "received", Code: "missing-column" });
        var period = Assert.Throws<ValidationFailedException>(() => _parser.Read(InputFile.FromText("p.csv", "Kommun;Tal;Mottagna;Månad\nKumla;12;2;2022-03\n"), 2022, "2022-04"));
        Assert.Contains(period.Problems, p => p is { Line: 2, Field: "period", Code: "period-conflict" });
        var year = Assert.Throws<ValidationFailedException>(() => _parser.Read(InputFile.FromText("y.csv", "Kommun;Tal;Mottagna;Månad\nKumla;12;2;2022-03\n"), 2023, null));
        Assert.Contains(year.Problems, p => p.Code == "year-conflict");
        var two = Assert.Throws<ValidationFailedException>(() => _parser.Read(InputFile.FromText("two.csv", "Kommun;Tal;Mottagna;Månad\nKumla;12;2;2022-03\nNora;6;1;2022-04\n"), 2022, null));
        Assert.Contains(two.Problems, p => p is { Line: 3, Code: "period-conflict" });
        var none = Assert.Throws<ValidationFailedException>(() => _parser.Read(InputFile.FromText("n.csv", "Kommun;Tal;Mottagna\nKumla;12;2\n"), null, null));
        Assert.Contains(none.Problems, p => p.Code == "year-missing");
    }
}
