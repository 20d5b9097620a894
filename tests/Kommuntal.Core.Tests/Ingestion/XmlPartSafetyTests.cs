using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using static Kommuntal.Testing.AdversarialFiles;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>
/// Every XML part the readers open refuses a document type declaration: no external entity is
/// resolved (XXE) and no internal one expanded (billion laughs); the problem names the part.
/// </summary>
public class XmlPartSafetyTests
{
    private const string ExternalEntity = "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n";
    private const string Laughs = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n";

    private static readonly DeviationFileParser Wishes = new(ReferenceData.Bundled);

    public static TheoryData<string, string> XlsxParts => new()
    {
        { "_rels/.rels", ExternalEntity }, { "xl/workbook.xml", ExternalEntity }, { "xl/_rels/workbook.xml.rels", ExternalEntity },
        { "xl/sharedStrings.xml", ExternalEntity }, { "xl/worksheets/sheet1.xml", ExternalEntity },
        { "xl/sharedStrings.xml", Laughs }, { "xl/worksheets/sheet1.xml", Laughs },
    };

    private static Dictionary<string, string> Parts() => new()
    {
        ["_rels/.rels"] = RootRels(),
        ["xl/workbook.xml"] = Workbook(),
        ["xl/_rels/workbook.xml.rels"] = WorkbookRels(),
        ["xl/sharedStrings.xml"] = SharedStrings(["reason"]),
        ["xl/worksheets/sheet1.xml"] = Sheet([Row(1, "municipality_code", "kind", "number", new Shared(0)), Row(2, "1880", "agreement", 91, "Överenskommelse")]),
    };

    [Fact]
    public void The_workbook_without_a_doctype_is_read()
    {
        var parts = Parts();
        var xlsx = Xlsx(parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"]);
        Assert.Single(Wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18").Deviations);
    }

    [Theory]
    [MemberData(nameof(XlsxParts))]
    public void A_doctype_in_any_part_of_a_workbook_is_refused_and_names_the_part(string part, string doctype)
    {
        var parts = Parts();
        parts[part] = parts[part].Replace(Xml, Xml + doctype, StringComparison.Ordinal);
        var xlsx = Xlsx(parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"], replace: parts);
        var p = Assert.Throws<ValidationFailedException>(() => Wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18")).Problems.Single();
        Assert.Equal(("w.xlsx", "xml-dtd"), (p.File, p.Code));
        Assert.Contains(part, p.MessageEn, StringComparison.Ordinal);
        Assert.Contains(part, p.MessageSv, StringComparison.Ordinal);
    }

    /// <summary>
    /// For the record: the OpenXml SDK (3.3) that read .xlsx before issue 14 also refused a DTD by
    /// default (an XmlException, which the old reader reported as an anonymous invalid-xlsx); the
    /// product now reads parts with its own XmlReader settings and names the problem (above).
    /// </summary>
    [Fact]
    public void The_OpenXml_SDK_refuses_a_doctype_by_default_too()
    {
        var parts = Parts();
        parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].Replace(Xml, Xml + ExternalEntity, StringComparison.Ordinal);
        var xlsx = Xlsx(parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"]);
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single();
        var ex = Record.Exception(() => sheet.Worksheet);
        Assert.NotNull(ex);
        Assert.Contains("DTD", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExternalEntity)]
    [InlineData(Laughs)]
    public void A_doctype_in_the_content_of_an_opendocument_spreadsheet_is_refused(string doctype)
    {
        var ods = Ods("", OdsContent(OdsRow("municipality_code", "kind", "number", "reason") + OdsRow("1880", "agreement", 91, "Överenskommelse"), doctype));
        var p = Assert.Throws<ValidationFailedException>(() => Wishes.Read(new InputFile("w.ods", ods), 2022, "18")).Problems.Single();
        Assert.Equal(("w.ods", "xml-dtd"), (p.File, p.Code));
        Assert.Contains("content.xml", p.MessageEn, StringComparison.Ordinal);
    }
}
