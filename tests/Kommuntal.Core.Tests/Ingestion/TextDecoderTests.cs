using System.Text;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Ingestion;

public class TextDecoderTests
{
    private static (DecodedText? Text, ProblemList Problems) Decode(string name, byte[] content)
    {
        var problems = new ProblemList(name);
        return (TextDecoder.Decode(new InputFile(name, content), problems), problems);
    }

    [Fact]
    public void Plain_UTF8_is_read_as_UTF8()
    {
        var (text, problems) = Decode("a.csv", Samples.Quota2022Csv.Content);
        Assert.False(problems.Any);
        Assert.Equal(TextDecoder.Utf8, text!.Encoding);
        Assert.Contains("Örebro län", text.Text);
    }

    [Fact]
    public void A_byte_order_mark_is_recognised_and_dropped()
    {
        var (text, _) = Decode("b.csv", Samples.File("tests", "data", "quotas", "good", "lanstal-2022-utf8-bom.csv").Content);
        Assert.Equal(TextDecoder.Utf8Bom, text!.Encoding);
        Assert.StartsWith("# test variant", text.Text);
    }

    [Fact]
    public void An_Excel_CSV_in_Windows_1252_is_detected_and_read_with_its_Swedish_letters()
    {
        var (text, problems) = Decode("c.csv", Samples.File("tests", "data", "quotas", "good", "lanstal-2022-excel-1252.csv").Content);
        Assert.False(problems.Any);
        Assert.Equal(TextDecoder.Windows1252, text!.Encoding);
        Assert.Contains("Länskod;Län;Länstal", text.Text);
        Assert.Contains("Västra Götalands län", text.Text);
    }

    [Fact]
    public void UTF16_with_a_byte_order_mark_is_read()
    {
        var bytes = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("län;länstal\r\nÖrebro län;202\r\n")).ToArray();
        var (text, _) = Decode("u.csv", bytes);
        Assert.Equal(TextDecoder.Utf16, text!.Encoding);
        Assert.Contains("Örebro län;202", text.Text);
    }

    [Fact]
    public void A_DOS_code_page_file_is_neither_UTF8_nor_plausible_Windows_1252_and_names_the_line()
    {
        var (text, problems) = Decode("dos.csv", Samples.File("tests", "data", "quotas", "bad", "dos-cp850.csv").Content);
        Assert.Null(text);
        var p = Assert.Single(problems.Problems);
        Assert.Equal("wrong-encoding", p.Code);
        Assert.Equal(3, p.Line); // "Stockholms län": ä is 0x84 in code page 850, „ in Windows-1252
    }

    [Fact]
    public void Mixed_UTF8_and_Windows_1252_is_rejected()
    {
        var bytes = Encoding.UTF8.GetBytes("län,länstal\nÖrebro län,202\n").Concat(Encoding.Latin1.GetBytes("Västmanlands län,131\n")).ToArray();
        // "Ã¶" (UTF-8 read as Windows-1252) contains the pilcrow, which is not a letter.
        var (text, problems) = Decode("mixed.csv", bytes);
        Assert.Null(text);
        Assert.Equal("wrong-encoding", Assert.Single(problems.Problems).Code);
    }

    [Theory]
    [InlineData("gzip-renamed.csv")]
    [InlineData("utf16-no-bom.csv")]
    public void Binary_content_is_refused(string file)
    {
        var (text, problems) = Decode(file, Samples.File("tests", "data", "quotas", "bad", file).Content);
        Assert.Null(text);
        Assert.Equal("binary-content", Assert.Single(problems.Problems).Code);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var (_, problems) = Decode("e.csv", []);
        Assert.Equal("empty-file", Assert.Single(problems.Problems).Code);
    }
}
