using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;
using static Kommuntal.Testing.AdversarialFiles;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>
/// OpenDocument spreadsheets (issue 14, item 11): the files LibreOffice saved (tests/data/*/good/*.ods,
/// made with soffice --convert-to ods, see tests/data/README.md) read exactly like their CSV and .xlsx
/// originals, found from the zip's mimetype entry whatever the name; the same rules (titles, notes,
/// formula cells refused on their cell) and repeated rows and cells handled.
/// </summary>
public class OdsFormatTests
{
    private readonly QuotaParser _quota = new(ReferenceData.Bundled);
    private readonly IndicatorFileParser _indicators = new(ReferenceData.Bundled);
    private readonly DeviationFileParser _wishes = new(ReferenceData.Bundled);

    private static InputFile Good(string kind, string name) => Samples.File("tests", "data", kind, "good", name);

    [Fact]
    public void The_quota_saved_by_LibreOffice_has_the_statutes_21_numbers_and_its_year_from_the_title_row()
    {
        var parsed = _quota.Read(Good("quotas", "lanstal-2022.ods"), year: null);
        Assert.Equal((InputFormat.Ods, "ods", 2022, 7500), (parsed.Format, parsed.Encoding, parsed.Quota.Year, parsed.Quota.Total));
        Assert.Equal(IngestionSamples.Expected2022, parsed.Quota.Counties.Select(c => (c.CountyCode, c.Lanstal)).ToList());
    }

    [Fact]
    public void The_indicators_saved_by_LibreOffice_are_those_of_the_csv()
    {
        var ods = _indicators.Read(Good("indicators", "indicators-2022.ods"), 2022);
        var csv = _indicators.Read(IngestionSamples.Indicators2022Csv, 2022);
        Assert.Equal(InputFormat.Ods, ods.Format);
        Assert.Equal(csv.Indicators.Rows, ods.Indicators.Rows);
        Assert.Equal(csv.IndicatorColumns, ods.IndicatorColumns);
    }

    [Fact]
    public void The_wishes_saved_by_LibreOffice_are_those_of_the_csv_with_the_note()
    {
        var ods = _wishes.Read(Good("wishes", "wishes-2022-18.ods"), 2022, "18");
        var csv = _wishes.Read(IngestionSamples.Wishes2022OrebroCsv, 2022, "18");
        Assert.Equal(csv.Deviations, ods.Deviations);
        Assert.StartsWith("test variant (not real wishes)", Assert.Single(ods.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_formula_cell_is_refused_on_its_cell()
    {
        var file = Samples.File("tests", "data", "quotas", "bad", "formula-total.ods");
        var p = Assert.Throws<ValidationFailedException>(() => _quota.Read(file, 2022)).Problems.Single();
        Assert.Equal(("formula-cell", 26, "C26", "lanstal"), (p.Code, p.Line, p.Cell, p.Field));
        Assert.Equal("The cell C26 holds a formula; paste the values instead.", p.MessageEn);
    }

    [Theory]
    [InlineData("lanstal-2022.xlsx")]
    [InlineData("lanstal-2022.csv")]
    [InlineData("lanstal-2022")]
    public void The_format_is_found_from_the_mimetype_not_the_name(string name)
    {
        var parsed = _quota.Read(new InputFile(name, Good("quotas", "lanstal-2022.ods").Content), 2022);
        Assert.Equal((InputFormat.Ods, 7500), (parsed.Format, parsed.Quota.Total));
    }

    [Fact]
    public void A_workbook_named_ods_is_read_as_the_workbook_it_is()
    {
        var parsed = _quota.Read(new InputFile("lanstal.ods", Good("quotas", "lanstal-2022.xlsx").Content), 2022);
        Assert.Equal(InputFormat.Xlsx, parsed.Format);
    }

    [Fact]
    public void Another_OpenDocument_type_is_named_and_refused()
    {
        var odt = new ZipBuilder().Add("mimetype", "application/vnd.oasis.opendocument.text", deflate: false).Add("content.xml", Xml + "<x/>").Build();
        var p = Assert.Throws<ValidationFailedException>(() => _quota.Read(new InputFile("brev.odt", odt), 2022)).Problems.Single();
        Assert.Equal("unsupported-format", p.Code);
        Assert.Equal("The file is an OpenDocument document of the type text, not a spreadsheet. Save the table as .ods, .xlsx or CSV.", p.MessageEn);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'n', (byte)'o', (byte)'t' })]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0 })]
    public void A_file_named_ods_that_is_no_spreadsheet_is_invalid_ods(byte[] content)
    {
        var p = Assert.Throws<ValidationFailedException>(() => _quota.Read(new InputFile("lanstal.ods", content), 2022)).Problems.Single();
        Assert.Equal(("lanstal.ods", "invalid-ods"), (p.File, p.Code));
    }

    [Fact]
    public void Damaged_content_is_invalid_ods()
    {
        var ods = Ods("", Xml + "<office:document-content xmlns:office=\"" + OfficeNs + "\"><office:body>");
        Assert.Equal("invalid-ods", Assert.Throws<ValidationFailedException>(() => _quota.Read(new InputFile("q.ods", ods), 2022)).Problems.Single().Code);
    }

    [Fact]
    public void Repeated_cells_and_rows_give_the_right_cell_references()
    {
        // Row 1: header. Row 2: Laxå's wish after 2 repeated empty rows (so it is row 4) and with its number after
        // two repeated empty cells (so D4 is the number column only when the repeats are counted).
        var rows = "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>municipality_code</text:p></table:table-cell>"
                   + "<table:table-cell office:value-type=\"string\"><text:p>kind</text:p></table:table-cell>"
                   + "<table:table-cell table:number-columns-repeated=\"1\"/>"
                   + "<table:table-cell office:value-type=\"string\"><text:p>number</text:p></table:table-cell>"
                   + "<table:table-cell office:value-type=\"string\"><text:p>reason</text:p></table:table-cell>"
                   + "<table:table-cell table:number-columns-repeated=\"16379\"/></table:table-row>"
                   + "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
                   + "<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1860\"><text:p>1 860</text:p></table:table-cell>"
                   + "<table:table-cell office:value-type=\"string\"><text:p>volunteer</text:p></table:table-cell>"
                   + "<table:table-cell table:number-columns-repeated=\"1\"/>"
                   + "<table:table-cell office:value-type=\"float\" office:value=\"-25\"><text:p>-25</text:p></table:table-cell>"
                   + "<table:table-cell office:value-type=\"string\"><text:p>Utökat<text:s text:c=\"2\"/>ansvar</text:p>"
                   + "<office:annotation><text:p>a comment that is not part of the value</text:p></office:annotation></table:table-cell></table:table-row>"
                   + "<table:table-row table:number-rows-repeated=\"1048571\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>";
        var p = Assert.Throws<ValidationFailedException>(() => _wishes.Read(new InputFile("w.ods", Ods(rows)), 2022, "18")).Problems.Single();
        Assert.Equal(("negative-number", 4, "D4", "number"), (p.Code, p.Line, p.Cell, p.Field));
    }

    [Fact]
    public void Paragraphs_spaces_and_comments_in_a_cell_read_as_the_text_shown()
    {
        var rows = OdsRow("municipality_code", "kind", "number", "reason")
                   + "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>1860</text:p></table:table-cell>"
                   + "<table:table-cell office:value-type=\"string\"><text:p>volunteer</text:p></table:table-cell>"
                   + "<table:table-cell office:value-type=\"float\" office:value=\"25\"><text:p>25,0</text:p></table:table-cell>"
                   + "<table:table-cell office:value-type=\"string\"><text:p>Utökat<text:s text:c=\"2\"/><text:span>ansvar</text:span></text:p><text:p>enligt besked</text:p>"
                   + "<office:annotation><text:p>not part of the value</text:p></office:annotation></table:table-cell></table:table-row>"
                   + "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell office:value-type=\"float\" office:value=\"1862\"><text:p>1862</text:p></table:table-cell>"
                   + "<table:table-cell office:value-type=\"string\"><text:p>housing</text:p></table:table-cell><table:covered-table-cell/>"
                   + "<table:table-cell office:value-type=\"float\" office:value=\"0\"><text:p>0</text:p></table:table-cell></table:table-row>";
        var ex = Assert.Throws<ValidationFailedException>(() => _wishes.Read(new InputFile("w.ods", Ods(rows)), 2022, "18"));
        // The repeated row is three rows (3, 4, 5); the covered cell takes column C (number), so each misses its number.
        Assert.Equal([("missing-value", "C3"), ("missing-value", "C4"), ("missing-value", "C5")], ex.Problems.Select(p => (p.Code, p.Cell)).ToList());
        var ok = OdsRow("municipality_code", "kind", "number", "reason")
                 + "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>1860</text:p></table:table-cell>"
                 + "<table:table-cell office:value-type=\"string\"><text:p>volunteer</text:p></table:table-cell>"
                 + "<table:table-cell office:value-type=\"float\" office:value=\"25\"><text:p>25,0</text:p></table:table-cell>"
                 + "<table:table-cell office:value-type=\"string\"><text:p>Utökat<text:s text:c=\"2\"/><text:span>ansvar</text:span></text:p><text:p>enligt besked</text:p>"
                 + "<office:annotation><text:p>not part of the value</text:p></office:annotation></table:table-cell></table:table-row>";
        var wish = Assert.Single(_wishes.Read(new InputFile("w.ods", Ods(ok)), 2022, "18").Deviations);
        Assert.Equal(("1860", 25, "Utökat  ansvar\nenligt besked"), (wish.MunicipalityCode, wish.Number, wish.Reason));
    }
}
