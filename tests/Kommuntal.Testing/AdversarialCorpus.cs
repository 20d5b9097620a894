using System.Collections.Concurrent;
using System.Text;
using Kommuntal.Core.Ingestion;
using static Kommuntal.Testing.AdversarialFiles;

namespace Kommuntal.Testing;

/// <summary>
/// The adversarial corpus (issue 14, item 1): crafted files that try to make a parser unpack,
/// read, keep or report too much. Every one must be rejected quickly with a named problem and
/// nothing stored, through each door (HTTP upload, blob inbox, command line). The small ones are
/// committed under tests/data/adversarial/ (written by this generator; rewrite them with
/// KOMMUNTAL_WRITE_FIXTURES=1, test AdversarialCorpusFixtureTests); the large ones
/// (<see cref="Case.Generated"/>) are made here when a test needs them. tests/data/README.md lists them.
/// </summary>
public static class AdversarialCorpus
{
    /// <param name="File">Name under tests/data/adversarial/.</param>
    /// <param name="Kind">quota, indicators or wishes: which import it is sent to (year 2022; wishes for county 18).</param>
    /// <param name="Code">A problem code the rejection must contain.</param>
    /// <param name="What">The attack.</param>
    /// <param name="Generated">Made by the test (too large to commit), not read from disk.</param>
    public sealed record Case(string File, string Kind, string Code, string What, bool Generated = false)
    {
        public override string ToString() => File;
    }

    public const int Year = 2022;
    public const string County = "18";

    private const string Note = "test file (crafted attack, not data): ";

    public static IReadOnlyList<Case> All { get; } =
    [
        new("shared-string-10m.xlsx", "wishes", "zip-entry-too-large", "the issue's file: one shared string of 10 000 000 characters used by all four cells of 20 wish rows"),
        new("shared-string-refs.xlsx", "wishes", "text-too-large", "a 3 000-character shared string (under the cell limit) used by 400 cells: 1.2 million characters of values"),
        new("long-cell.xlsx", "wishes", "cell-too-long", "an inline string of 100 000 characters in one cell"),
        new("ratio-bomb.xlsx", "wishes", "zip-ratio-too-high", "a sheet padded with 7 MB of spaces (honest sizes; deflates about 1 000:1)"),
        new("lying-size.xlsx", "wishes", "invalid-xlsx", "a sheet whose headers declare 2 KB but which inflates to 100 MB"),
        new("declared-4gb.xlsx", "quota", "zip-entry-too-large", "a valid quota sheet whose headers declare 4 GB"),
        new("many-entries.xlsx", "indicators", "zip-too-many-entries", "a workbook with 2 000 extra one-byte entries"),
        new("overlapping-entries.xlsx", "quota", "zip-overlapping-entries", "a valid quota workbook plus 300 entries sharing one compressed kernel of 1 MB zeros"),
        new("nested-zip.xlsx", "quota", "invalid-xlsx", "a zip whose only entry is another workbook (a zip in a zip)"),
        new("many-sheets.xlsx", "indicators", "zip-too-many-entries", "a workbook with 1 200 sheets"),
        new("deep-xml.xlsx", "wishes", "xml-too-deep", "100 000 nested elements before the sheet data"),
        new("huge-element-name.xlsx", "wishes", "xml-name-too-long", "an element name of 100 000 characters (pseudo-random letters, so it does not compress like a bomb)"),
        new("huge-attribute-name.xlsx", "quota", "xml-name-too-long", "an attribute name of 100 000 characters on sheetData (pseudo-random letters)"),
        new("dtd-xxe.xlsx", "quota", "xml-dtd", "a DOCTYPE with an external entity (file:///etc/hostname) used in a cell"),
        new("billion-laughs.xlsx", "wishes", "xml-dtd", "the billion laughs entity expansion in the shared strings"),
        new("dtd-in-rels.xlsx", "quota", "xml-dtd", "a DOCTYPE with an external entity in _rels/.rels"),
        new("many-rows.xlsx", "indicators", "too-many-rows", "100 000 rows of one number", Generated: true),
        new("ods-repeated-rows.ods", "indicators", "too-many-rows", "an OpenDocument row repeated 1 000 000 times (number-rows-repeated)"),
        new("ods-repeated-cells.ods", "indicators", "too-many-cells", "an OpenDocument cell repeated 16 384 times in a row repeated 200 times"),
        new("ods-dtd.ods", "quota", "xml-dtd", "an OpenDocument content.xml with an external entity"),
        new("ods-ratio.ods", "quota", "zip-ratio-too-high", "an OpenDocument content.xml padded with 7 MB of spaces"),
        new("deep.json", "wishes", "json-too-deep", "100 000 nested arrays", Generated: true),
        new("long-string.json", "wishes", "cell-too-long", "a wish reason of 900 000 characters", Generated: true),
        new("many-tokens.json", "quota", "json-too-many-tokens", "a note array of 300 000 numbers", Generated: true),
        new("single-line-1mb.csv", "quota", "line-too-long", "one line of 1 000 000 characters", Generated: true),
        new("tiny-rows-100k.csv", "indicators", "too-many-rows", "100 000 rows of two characters", Generated: true),
        new("thousands-of-problems.csv", "indicators", "too-many-problems", "4 000 rows with misspelt municipality names (each a problem with a suggestion)", Generated: true),
        new("long-names.csv", "indicators", "too-many-problems", "900 rows whose municipality name has 1 000 characters", Generated: true),
        new("long-line-annex.txt", "quota", "line-too-long", "the statute's annex with a county line of 800 000 characters of digits and spaces (catastrophic regex backtracking)", Generated: true),
    ];

    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    public static string PathOf(Case c) => Samples.Path("tests", "data", "adversarial", c.File);

    /// <summary>The file: read from tests/data/adversarial/, or generated (and kept for the process).</summary>
    public static InputFile Load(Case c) =>
        new(c.File, c.Generated ? Cache.GetOrAdd(c.File, _ => Build(c.File)) : File.ReadAllBytes(PathOf(c)));

    /// <summary>Writes the committed files (KOMMUNTAL_WRITE_FIXTURES=1).</summary>
    public static void WriteCommitted()
    {
        Directory.CreateDirectory(Samples.Path("tests", "data", "adversarial"));
        foreach (var c in All.Where(c => !c.Generated)) File.WriteAllBytes(PathOf(c), Build(c.File));
    }

    public static byte[] Build(string file) => file switch
    {
        "shared-string-10m.xlsx" => Xlsx(
            Sheet([Row(1, "# " + Note + "one shared string of 10 000 000 characters"), Row(2, new Shared(1), new Shared(2), new Shared(3), new Shared(4)),
                .. Enumerable.Range(3, 20).Select(r => Row(r, new Shared(0), new Shared(0), new Shared(0), new Shared(0)))]),
            SharedStrings([new string('A', 10_000_000), "municipality_code", "kind", "number", "reason"])),
        "shared-string-refs.xlsx" => Xlsx(
            Sheet([Row(1, "# " + Note + "a 3 000-character reason used by 400 cells"), Row(2, "municipality_code", "kind", "number", "reason"),
                .. Enumerable.Range(3, 400).Select(r => Row(r, "1880", "agreement", 91, new Shared(0)))]),
            SharedStrings([Repeat("Skäl ", 600)])),
        "long-cell.xlsx" => Xlsx(Sheet([.. WishRows(Note + "an inline string of 100 000 characters in D4"),
            Row(4, "1860", "volunteer", 25, new string('x', 100_000))])),
        "ratio-bomb.xlsx" => Xlsx(Sheet(WishRows(Note + "7 MB of spaces before the sheet data"), beforeSheetData: new string(' ', 7 * 1024 * 1024))),
        "lying-size.xlsx" => LyingSize(),
        "declared-4gb.xlsx" => DeclaredHuge(),
        "many-entries.xlsx" => Xlsx(Sheet(IndicatorSheetRows(Note + "2 000 extra entries")),
            extra: z => { for (var i = 0; i < 2000; i++) z.Add($"xl/media/pad{i}.bin", [(byte)'x'], deflate: false); }),
        "overlapping-entries.xlsx" => Xlsx(Sheet(QuotaRows(Note + "300 entries share one compressed kernel")),
            extra: z =>
            {
                z.Add("xl/media/kernel.bin", new byte[1024 * 1024]);
                for (var i = 0; i < 300; i++) z.AddAlias($"xl/media/overlap{i}.bin", "xl/media/kernel.bin");
            }),
        "nested-zip.xlsx" => new ZipBuilder().Add("lanstal-2022.xlsx", Xlsx(Sheet(QuotaRows(Note + "the inner workbook"))), deflate: false).Build(),
        "many-sheets.xlsx" => Xlsx(Sheet(IndicatorSheetRows(Note + "1 200 sheets")), sheets: 1200),
        "deep-xml.xlsx" => Xlsx(Sheet(WishRows(Note + "100 000 nested elements"), beforeSheetData: Repeat("<x>", 100_000) + Repeat("</x>", 100_000))),
        "huge-element-name.xlsx" => Xlsx(Sheet(WishRows(Note + "an element name of 100 000 characters"), beforeSheetData: "<" + Letters(100_000) + "/>")),
        "huge-attribute-name.xlsx" => Xlsx(Sheet(QuotaRows(Note + "an attribute name of 100 000 characters"), sheetDataAttributes: " " + Letters(100_000) + "=\"1\"")),
        "dtd-xxe.xlsx" => Xlsx(Sheet(QuotaRows(Note + "an external entity")).Replace(Xml, Xml + "<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n")
            .Replace("Länstal</t>", "Länstal&xxe;</t>")),
        "billion-laughs.xlsx" => Xlsx(Sheet([.. WishRows(Note + "billion laughs"), Row(4, "1860", "volunteer", 25, new Shared(0))]),
            SharedStrings(["&lol9;"]).Replace("&amp;lol9;", "&lol9;").Replace(Xml, Xml + BillionLaughs("sst"))),
        "dtd-in-rels.xlsx" => Xlsx(Sheet(QuotaRows(Note + "a DOCTYPE in _rels/.rels")),
            replace: new Dictionary<string, string> { ["_rels/.rels"] = RootRels().Replace(Xml, Xml + "<!DOCTYPE Relationships [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n").Replace("Target=\"xl/workbook.xml\"", "Target=\"xl/workbook.xml&xxe;\"") }),
        "many-rows.xlsx" => Xlsx(Sheet([Row(1, "# " + Note + "100 000 rows"), Row(2, "municipality_code", "population"),
            .. Enumerable.Range(3, 100_000).Select(r => Row(r, 1880, 1))])),
        "ods-repeated-rows.ods" => Ods(OdsRow("# " + Note + "a row repeated 1 000 000 times") + OdsRow("municipality_code", "population")
            + OdsRow("1880", 1).Replace("<table:table-row>", "<table:table-row table:number-rows-repeated=\"1000000\">")),
        "ods-repeated-cells.ods" => Ods(OdsRow("# " + Note + "a cell repeated 16 384 times in a row repeated 200 times") + OdsRow("municipality_code", "population")
            + "<table:table-row table:number-rows-repeated=\"200\"><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row>"),
        "ods-dtd.ods" => Ods("", OdsContent(OdsQuotaRows(Note + "an external entity"), "<!DOCTYPE office:document-content [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n")
            .Replace("Länstal</text:p>", "Länstal&xxe;</text:p>")),
        "ods-ratio.ods" => Ods("", OdsContent(OdsQuotaRows(Note + "7 MB of spaces")).Replace("<office:body>", "<office:body>" + new string(' ', 7 * 1024 * 1024))),
        "deep.json" => Encoding.UTF8.GetBytes("{\"note\": \"" + Note + "100 000 nested arrays\", \"wishes\": " + Repeat("[", 100_000) + Repeat("]", 100_000) + "}"),
        "long-string.json" => Encoding.UTF8.GetBytes("{\"note\": \"" + Note + "a reason of 900 000 characters\", \"year\": 2022, \"county\": \"18\", \"wishes\": [{\"municipality\": \"1880\", \"kind\": \"agreement\", \"number\": 91, \"reason\": \""
            + new string('x', 900_000) + "\"}]}"),
        "many-tokens.json" => Encoding.UTF8.GetBytes("{\"note\": [\"" + Note + "300 000 numbers\", " + Repeat("1,", 300_000) + "1], \"year\": 2022, \"counties\": []}"),
        "single-line-1mb.csv" => Encoding.UTF8.GetBytes("# " + Note + "one line of 1 000 000 characters\ncounty_code,lanstal," + new string('1', 1_000_000) + "\n"),
        "tiny-rows-100k.csv" => Encoding.UTF8.GetBytes("# " + Note + "100 000 rows\nmunicipality_code,population\n" + Repeat("1,\n", 100_000)),
        "thousands-of-problems.csv" => ThousandsOfProblems(),
        "long-names.csv" => Encoding.UTF8.GetBytes("# " + Note + "900 names of 1 000 characters\nmunicipality,population\n"
            + string.Concat(Enumerable.Range(0, 900).Select(i => "Örebro" + new string('a', 994) + "," + i + "\n"))),
        "long-line-annex.txt" => Encoding.UTF8.GetBytes("# " + Note + "a county line of 800 000 characters\nFörteckning över länstal 2022\nStockholms län " + Repeat("1 ", 400_000) + "x\n"),
        _ => throw new ArgumentException($"No adversarial file {file}"),
    };

    private static List<string> IndicatorSheetRows(string note) =>
        [Row(1, "# " + note), Row(2, "municipality_code", "municipality_name", "population", "reception"),
            .. IndicatorLines(290).Select((f, i) => Row(i + 3, f[0], f[1], int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>Pseudo-random lower-case letters (a fixed linear congruential sequence): a long name that does not compress much.</summary>
    private static string Letters(int count)
    {
        var sb = new StringBuilder(count);
        var x = 12345u;
        for (var i = 0; i < count; i++)
        {
            x = x * 1103515245u + 12345u;
            sb.Append((char)('a' + (x >> 16) % 26));
        }
        return sb.ToString();
    }

    private static string BillionLaughs(string root)
    {
        var sb = new StringBuilder($"<!DOCTYPE {root} [<!ENTITY lol \"lol\">");
        sb.Append("<!ENTITY lol1 \"").Append(Repeat("&lol;", 10)).Append("\">");
        for (var i = 2; i <= 9; i++) sb.Append($"<!ENTITY lol{i} \"").Append(Repeat($"&lol{i - 1};", 10)).Append("\">");
        return sb.Append("]>\n").ToString();
    }

    /// <summary>A wish sheet that inflates to 100 MB (spaces before the sheet data) while both headers declare 2 KB.</summary>
    private static byte[] LyingSize()
    {
        var sheet = Sheet(WishRows(Note + "declares 2 KB, inflates to 100 MB"), beforeSheetData: new string(' ', 100 * 1024 * 1024));
        return Replace("xl/worksheets/sheet1.xml", sheet, declaredSize: 2048);
    }

    /// <summary>The valid 2022 quota workbook whose sheet declares 4 GB in both headers.</summary>
    private static byte[] DeclaredHuge() => Replace("xl/worksheets/sheet1.xml", Sheet(QuotaRows(Note + "the sheet declares 4 GB")), declaredSize: 0xFFFFFFF0L);

    /// <summary>A one-sheet workbook whose <paramref name="part"/> is <paramref name="text"/> with the given declared size.</summary>
    private static byte[] Replace(string part, string text, long declaredSize)
    {
        var zip = new ZipBuilder()
            .Add("[Content_Types].xml", ContentTypes())
            .Add("_rels/.rels", RootRels())
            .Add("xl/workbook.xml", Workbook())
            .Add("xl/_rels/workbook.xml.rels", WorkbookRels())
            .Add("xl/sharedStrings.xml", SharedStrings([]));
        zip.Add(part, text, declaredSize: declaredSize);
        return zip.Build();
    }

    /// <summary>4 000 indicator rows whose municipality names are misspelt (each a problem, each with a close real name).</summary>
    private static byte[] ThousandsOfProblems()
    {
        var sb = new StringBuilder("# " + Note + "4 000 misspelt municipality names\nmunicipality,population\n");
        var lines = IndicatorLines(290);
        for (var i = 0; i < 4000; i++)
        {
            var name = lines[i % lines.Count][1];
            sb.Append(name[..^1]).Append('x').Append(',').Append(i).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
