using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>
/// The crashes the parser fuzzing (<see cref="FuzzParserTests"/>) found, each shrunk to a small input:
/// every one must now be a validation error naming the problem.
/// </summary>
public class FuzzRegressionTests
{
    private readonly QuotaParser _quota = new(ReferenceData.Bundled);
    private readonly DeviationFileParser _wishes = new(ReferenceData.Bundled);

    private static byte[] Wishes() => XlsxWriter.Write("Önskemål",
    [
        ["municipality_code", "kind", "number", "reason"],
        ["1880", "agreement", 91, "Överenskommelse"],
    ]);

    /// <summary>The workbook with one part's XML rewritten.</summary>
    private static byte[] Rewrite(byte[] xlsx, string part, Func<string, string> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in source.Entries)
            {
                using var reader = new StreamReader(e.Open(), Encoding.UTF8);
                var text = reader.ReadToEnd();
                if (e.FullName == part) text = change(text);
                using var w = new StreamWriter(zip.CreateEntry(e.FullName).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
        return output.ToArray();
    }

    private static string PartName(byte[] xlsx, string contains)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return zip.Entries.Select(e => e.FullName).Single(n => n.Contains(contains, StringComparison.Ordinal) && n.EndsWith(".xml", StringComparison.Ordinal));
    }

    private ValidationFailedException RejectWishes(InputFile file) =>
        Assert.Throws<ValidationFailedException>(() => _wishes.Read(file, 2022, "18"));

    [Fact]
    public void The_rewritten_workbook_is_still_read_when_nothing_is_changed()
    {
        var same = Rewrite(Wishes(), "xl/workbook.xml", x => x);
        Assert.Single(_wishes.Read(new InputFile("w.xlsx", same), 2022, "18").Deviations);
    }

    // Bug 1: a <sheet> without r:id threw NullReferenceException (sheet.Id!.Value!).
    [Fact]
    public void A_sheet_without_a_relationship_id_is_an_invalid_workbook()
    {
        var xlsx = Rewrite(Wishes(), "xl/workbook.xml", x => Regex.Replace(x, @"\sr:id=""[^""]*""", ""));
        var ex = RejectWishes(new InputFile("w.xlsx", xlsx));
        Assert.Equal(("w.xlsx", "invalid-xlsx"), (ex.Problems.Single().File, ex.Problems.Single().Code));
    }

    // Bug 1 (same line): a sheet whose r:id points at a part that is not a worksheet was an InvalidCastException.
    [Fact]
    public void A_sheet_pointing_at_the_shared_strings_is_an_invalid_workbook()
    {
        var original = Wishes();
        var rels = Rewrite(original, "xl/_rels/workbook.xml.rels", x => x); // the relationship ids as written
        using var zip = new ZipArchive(new MemoryStream(rels), ZipArchiveMode.Read);
        var relsXml = new StreamReader(zip.GetEntry("xl/_rels/workbook.xml.rels")!.Open()).ReadToEnd();
        var sharedId = Regex.Match(relsXml, @"<Relationship[^>]*?(Id=""(?<id>[^""]+)""[^>]*sharedStrings|sharedStrings[^>]*Id=""(?<id>[^""]+)"")").Groups["id"].Value;
        Assert.NotEmpty(sharedId);
        var xlsx = Rewrite(original, "xl/workbook.xml", x => Regex.Replace(x, @"r:id=""[^""]*""", $"r:id=\"{sharedId}\""));
        Assert.Equal("invalid-xlsx", RejectWishes(new InputFile("w.xlsx", xlsx)).Problems.Single().Code);
    }

    // Bug 2: an empty part (workbook, sheet, shared strings) gave a null root element
    // (Workbook, Worksheet, SharedStringTable) and a NullReferenceException.
    [Theory]
    [InlineData("workbook.xml", "")]
    [InlineData("sharedStrings", "")]
    [InlineData("worksheets/", "")]
    [InlineData("workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x xmlns=\"urn:other\"/>")]
    [InlineData("sharedStrings", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x xmlns=\"urn:other\"/>")]
    [InlineData("worksheets/", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x xmlns=\"urn:other\"/>")]
    public void An_empty_part_or_one_with_a_foreign_root_is_an_invalid_workbook_or_an_empty_sheet(string part, string xml)
    {
        var original = Wishes();
        var xlsx = Rewrite(original, PartName(original, part), _ => xml);
        var ex = RejectWishes(new InputFile("w.xlsx", xlsx));
        Assert.All(ex.Problems, p => Assert.Equal("w.xlsx", p.File));
        Assert.Contains(ex.Problems, p => p.Code is "invalid-xlsx" or "empty-file");
    }

    // Bug 3: a JSON string with an unpaired surrogate escape threw InvalidOperationException from GetString.
    [Theory]
    [InlineData("{\"year\": 2022,\n \"wishes\": [{\"municipality_code\": \"\\udc00\", \"kind\": \"agreement\", \"number\": 1, \"reason\": \"x\"}]}", 2)]
    [InlineData("{\"year\": 2022,\n \"note\": \"\\ud800\",\n \"wishes\": []}", 2)]
    [InlineData("[{\n\"\\ud800x\": 1}]", 2)]
    public void A_lone_surrogate_in_json_is_invalid_json_on_its_line(string json, int line)
    {
        var ex = RejectWishes(InputFile.FromText("w.json", json));
        var p = ex.Problems.Single();
        Assert.Equal(("w.json", "invalid-json", (int?)line), (p.File, p.Code, p.Line));
    }

    // Bug 5: UTF-16 with a BOM but an odd last byte or a lone surrogate was rejected without a line.
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'a', 0, (byte)'\n', 0, (byte)'b' }, 2)]
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'a', 0, (byte)'\n', 0, (byte)'\n', 0xDC, 0x00 }, 3)]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0xD8, (byte)'a', 0 }, 1)]
    public void Invalid_utf16_is_reported_on_its_line(byte[] content, int line)
    {
        var p = RejectWishes(new InputFile("w.csv", content)).Problems.Single();
        Assert.Equal(("w.csv", "wrong-encoding", (int?)line), (p.File, p.Code, p.Line));
    }

    // Bug 6: a row number past uint ("99999999999999999999") threw OverflowException; past int it gave negative lines;
    // a cell reference with many letters overflowed the column index.
    [Theory]
    [InlineData(@"<x:row r=""2""", @"<x:row r=""99999999999999999999""")]
    [InlineData(@"<x:row r=""2""", @"<x:row r=""2147483648""")]
    [InlineData(@"<x:row r=""2""", @"<x:row r=""0""")]
    [InlineData(@"r=""A2""", @"r=""AAAAAAAAAAAAAAAAA2""")]
    [InlineData(@"r=""A2""", @"r=""XFE2""")]
    public void Row_and_column_numbers_outside_a_sheet_are_an_invalid_workbook(string from, string to)
    {
        var original = Wishes();
        var xlsx = Rewrite(original, PartName(original, "worksheets/"), x => x.Contains(from, StringComparison.Ordinal) ? x.Replace(from, to) : throw new InvalidOperationException(x));
        Assert.Equal("invalid-xlsx", RejectWishes(new InputFile("w.xlsx", xlsx)).Problems.Single().Code);
    }

    // Bug 4: county numbers summing past int.MaxValue were accepted with the total wrapped to a negative number.
    [Fact]
    public void County_numbers_whose_sum_overflows_are_rejected_not_wrapped()
    {
        var csv = new StringBuilder("county_code,lanstal\n");
        foreach (var c in ReferenceData.Bundled.Counties)
            csv.Append(c.Code).Append(',').Append(c.Code == "01" ? "2147483647" : "1").Append('\n');
        var ex = Assert.Throws<ValidationFailedException>(() => _quota.Read(InputFile.FromText("q.csv", csv.ToString()), 2022));
        var p = ex.Problems.Single();
        Assert.Equal(("q.csv", "number-out-of-range", "lanstal"), (p.File, p.Code, p.Field));
    }
}
