using System.Globalization;
using System.Security;
using System.Text;

namespace Kommuntal.Testing;

/// <summary>
/// Building blocks of the adversarial corpus (<see cref="AdversarialCorpus"/>): minimal .xlsx and
/// .ods packages written part by part with <see cref="ZipBuilder"/>, so each attack changes exactly
/// one thing of an otherwise valid file.
/// </summary>
public static class AdversarialFiles
{
    public const string SheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    public const string Xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

    public static string ContentTypes(int sheets = 1) =>
        Xml + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Default Extension=\"bin\" ContentType=\"application/octet-stream\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + string.Concat(Enumerable.Range(1, sheets).Select(i =>
                $"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))
            + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
            + "</Types>";

    public static string RootRels() =>
        Xml + $"<Relationships xmlns=\"{RelNs}\"><Relationship Id=\"rId1\" Type=\"{OfficeRel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

    public static string Workbook(int sheets = 1) =>
        Xml + $"<workbook xmlns=\"{SheetNs}\" xmlns:r=\"{OfficeRel}\"><sheets>"
            + string.Concat(Enumerable.Range(1, sheets).Select(i => $"<sheet name=\"Blad{i}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>"))
            + "</sheets></workbook>";

    public static string WorkbookRels(int sheets = 1) =>
        Xml + $"<Relationships xmlns=\"{RelNs}\">"
            + string.Concat(Enumerable.Range(1, sheets).Select(i => $"<Relationship Id=\"rId{i}\" Type=\"{OfficeRel}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"))
            + $"<Relationship Id=\"rId{sheets + 1}\" Type=\"{OfficeRel}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";

    /// <summary>A shared-string part; each item is written as one &lt;si&gt;&lt;t&gt;.</summary>
    public static string SharedStrings(IEnumerable<string> items)
    {
        var sb = new StringBuilder(Xml).Append($"<sst xmlns=\"{SheetNs}\">");
        foreach (var s in items) sb.Append("<si><t xml:space=\"preserve\">").Append(SecurityElement.Escape(s)).Append("</t></si>");
        return sb.Append("</sst>").ToString();
    }

    /// <summary>A worksheet with the given &lt;row&gt; elements (and anything to put before sheetData).</summary>
    public static string Sheet(IEnumerable<string> rows, string beforeSheetData = "", string sheetDataAttributes = "")
    {
        var sb = new StringBuilder(Xml).Append($"<worksheet xmlns=\"{SheetNs}\">").Append(beforeSheetData).Append("<sheetData").Append(sheetDataAttributes).Append('>');
        foreach (var r in rows) sb.Append(r);
        return sb.Append("</sheetData></worksheet>").ToString();
    }

    public static string Ref(int col, int row) => Kommuntal.Core.Ingestion.XlsxTable.ColumnLetters(col) + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>A row of cells: string → inline string, int → number, ("s", n) → shared string n.</summary>
    public static string Row(int r, params object[] cells)
    {
        var sb = new StringBuilder($"<row r=\"{r}\">");
        for (var i = 0; i < cells.Length; i++)
        {
            var reference = Ref(i + 1, r);
            switch (cells[i])
            {
                case int n: sb.Append($"<c r=\"{reference}\"><v>{n}</v></c>"); break;
                case Shared s: sb.Append($"<c r=\"{reference}\" t=\"s\"><v>{s.Index}</v></c>"); break;
                case string t: sb.Append($"<c r=\"{reference}\" t=\"inlineStr\"><is><t>").Append(SecurityElement.Escape(t)).Append("</t></is></c>"); break;
                default: throw new ArgumentException($"cell {cells[i]}");
            }
        }
        return sb.Append("</row>").ToString();
    }

    /// <summary>A reference to shared string <paramref name="Index"/> in <see cref="Row"/>.</summary>
    public sealed record Shared(int Index);

    /// <summary>A package with the five parts of a one-sheet workbook; <paramref name="change"/> adds or replaces entries.</summary>
    public static byte[] Xlsx(string sheet, string? sharedStrings = null, Action<ZipBuilder>? extra = null,
        IReadOnlyDictionary<string, string>? replace = null, int sheets = 1)
    {
        var parts = new List<(string Name, string Text)>
        {
            ("[Content_Types].xml", ContentTypes(sheets)),
            ("_rels/.rels", RootRels()),
            ("xl/workbook.xml", Workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", WorkbookRels(sheets)),
            ("xl/sharedStrings.xml", sharedStrings ?? SharedStrings([])),
            ("xl/worksheets/sheet1.xml", sheet),
        };
        var zip = new ZipBuilder();
        foreach (var (name, text) in parts)
            zip.Add(name, replace is not null && replace.TryGetValue(name, out var r) ? r : text);
        for (var i = 2; i <= sheets; i++) zip.Add($"xl/worksheets/sheet{i}.xml", Sheet([Row(1, "tomt blad")]));
        extra?.Invoke(zip);
        return zip.Build();
    }

    /// <summary>The 2022 länstal (samples/2022/lanstal-2022.csv) as sheet rows: a note, the header, 21 counties.</summary>
    public static List<string> QuotaRows(string note)
    {
        var rows = new List<string> { Row(1, "# " + note), Row(2, "Länskod", "Län", "Länstal") };
        var r = 3;
        foreach (var line in File.ReadAllLines(Samples.Path("samples", "2022", "lanstal-2022.csv")).Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1))
        {
            var f = line.Split(',');
            rows.Add(Row(r++, f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    /// <summary>Örebro län's test wish (samples/2022/kommuntal-orebro-2022.csv: Örebro's agreed 91) as sheet rows.</summary>
    public static List<string> WishRows(string note) =>
        [Row(1, "# " + note), Row(2, "municipality_code", "kind", "number", "reason"), Row(3, "1880", "agreement", 91, "Överenskommelse i samrådet (testvariant)")];

    public const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    public const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    public const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

    /// <summary>An OpenDocument spreadsheet: the mimetype entry first and stored, a manifest, content.xml with the given rows.</summary>
    public static byte[] Ods(string rowsXml, string? content = null)
    {
        var xml = content ?? OdsContent(rowsXml);
        return new ZipBuilder()
            .Add("mimetype", "application/vnd.oasis.opendocument.spreadsheet", deflate: false)
            .Add("META-INF/manifest.xml", Xml + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>")
            .Add("content.xml", xml)
            .Build();
    }

    public static string OdsContent(string rowsXml, string beforeRoot = "") =>
        Xml + beforeRoot + $"<office:document-content xmlns:office=\"{OfficeNs}\" xmlns:table=\"{TableNs}\" xmlns:text=\"{TextNs}\" office:version=\"1.3\">"
            + "<office:body><office:spreadsheet><table:table table:name=\"Blad1\">" + rowsXml + "</table:table></office:spreadsheet></office:body></office:document-content>";

    /// <summary>An OpenDocument row of string (text) and float (int) cells.</summary>
    public static string OdsRow(params object[] cells) =>
        "<table:table-row>" + string.Concat(cells.Select(c => c switch
        {
            int n => $"<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>",
            string s => $"<table:table-cell office:value-type=\"string\"><text:p>{SecurityElement.Escape(s)}</text:p></table:table-cell>",
            _ => throw new ArgumentException($"cell {c}"),
        })) + "</table:table-row>";

    /// <summary>The 2022 länstal as OpenDocument rows.</summary>
    public static string OdsQuotaRows(string note)
    {
        var sb = new StringBuilder(OdsRow("# " + note)).Append(OdsRow("Länskod", "Län", "Länstal"));
        foreach (var line in File.ReadAllLines(Samples.Path("samples", "2022", "lanstal-2022.csv")).Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1))
        {
            var f = line.Split(',');
            sb.Append(OdsRow(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture)));
        }
        return sb.ToString();
    }

    /// <summary>The 290 municipalities' indicator header and first rows (tests/data/indicators/good/indicators-2022.csv).</summary>
    public static IReadOnlyList<string[]> IndicatorLines(int count) =>
        File.ReadAllLines(Samples.Path("tests", "data", "indicators", "good", "indicators-2022.csv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1).Take(count).Select(l => l.Split(',')).ToList();

    public static string Repeat(string s, int times) => new StringBuilder(s.Length * times).Insert(0, s, times).ToString();
}
