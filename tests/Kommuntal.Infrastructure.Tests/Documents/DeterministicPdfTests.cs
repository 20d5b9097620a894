using Kommuntal.Core.Documents;
using Kommuntal.Infrastructure.Pdf;
using UglyToad.PdfPig;
using static Kommuntal.Infrastructure.Tests.Documents.DocumentFixtures;

namespace Kommuntal.Infrastructure.Tests.Documents;

/// <summary>
/// The same decision renders to the same bytes (creation date, document ids and font subset tags
/// fixed; see Pdf/PdfDeterminism), so a publication can compare a stored blob with a new rendering.
/// </summary>
public class DeterministicPdfTests
{
    private static readonly DateTimeOffset DecidedAt = new(2021, 11, 8, 9, 30, 0, TimeSpan.FromHours(1));

    private static byte[] Render(DecisionContent content) => new PdfDocumentRenderer().RenderPdf(DecisionDocumentBuilder.Build(content));

    [Fact]
    public void The_same_decision_renders_to_the_same_bytes_on_two_renderers_and_its_creation_date_is_when_it_was_decided()
    {
        var content = Decision("18", 202) with { CreatedAt = DecidedAt };
        var first = Render(content);
        var second = Render(content);
        Assert.True(first.AsSpan().SequenceEqual(second), "two renderings of the same decision differ");

        using var pdf = PdfDocument.Open(first);
        Assert.Equal(DecidedAt, pdf.Information.GetCreatedDateTimeOffset());
        // The trailer's id is derived, not random: two ids, the same for both renderings, 16 bytes each.
        var text = System.Text.Encoding.Latin1.GetString(first);
        Assert.Matches(@"/ID\[<[0-9A-F]{32}><[0-9A-F]{32}>\]", text);
    }

    [Fact]
    public void Other_content_or_another_decision_time_gives_other_bytes()
    {
        var content = Decision("18", 202) with { CreatedAt = DecidedAt };
        var original = Render(content);
        Assert.False(original.AsSpan().SequenceEqual(Render(content with { Diarienummer = "851-9999-2021" })));
        Assert.False(original.AsSpan().SequenceEqual(Render(content with { CreatedAt = DecidedAt.AddSeconds(1) })));
        Assert.False(original.AsSpan().SequenceEqual(Render(content with { Version = 2 })));
    }
}
