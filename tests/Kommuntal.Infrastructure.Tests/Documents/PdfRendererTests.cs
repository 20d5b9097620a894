using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;
using Kommuntal.Infrastructure.Pdf;
using UglyToad.PdfPig;

namespace Kommuntal.Infrastructure.Tests;

public class PdfRendererTests
{
    private static (byte[] Pdf, AllocationResult Result) Render(string county, int lanstal)
    {
        var c = ReferenceData.Bundled.County(county);
        var result = new KommuntalModel().Allocate(new AllocationRequest(2022, c, lanstal, ReferenceData.Bundled.MunicipalitiesIn(county),
            ReferenceData.BundledIndicators(2022), [], ModelParameters.Default));
        var doc = DecisionDocumentBuilder.Build(new DecisionContent
        {
            Kind = DocumentKind.Decision, County = c, Year = 2022, Lanstal = lanstal, NationalTotal = 7500, Allocation = result,
            DecisionDate = new DateOnly(2021, 11, 8), Diarienummer = "851-1234-2021", DecidedBy = "landshövding Maria Larsson", PresentedBy = "Ingela Fredriksson",
        });
        return (new PdfDocumentRenderer().RenderPdf(doc), result);
    }

    private static string Text(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Join("\n", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public void The_Orebro_decision_names_every_municipality_with_its_number_and_the_total()
    {
        var (pdf, result) = Render("18", 202);
        var text = Text(pdf);
        Assert.Contains("Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län", text.Replace("\n", " "));
        using var doc = PdfDocument.Open(pdf);
        foreach (var m in result.Municipalities)
        {
            // The municipality's name and its number on the same table row.
            var row = doc.GetPages().SelectMany(p => p.GetWords().GroupBy(w => Math.Round(w.BoundingBox.Bottom)))
                .Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)))
                .FirstOrDefault(l => l.StartsWith(m.Name + " ", StringComparison.Ordinal) && l.EndsWith(" " + m.Kommuntal, StringComparison.Ordinal));
            Assert.True(row is not null, $"no table row '{m.Name} … {m.Kommuntal}'");
        }
        Assert.Contains("Totalt (länstal) 202", text);
        Assert.Contains("Sida 1 (1)", text);
        Assert.Contains("Hällefors", text);
        Assert.Contains("Laxå", text);
    }

    [Fact]
    public void Vastra_Gotaland_breaks_over_pages_with_the_header_repeated_and_a_thousands_separator_in_the_total()
    {
        var (pdf, result) = Render("14", 1301);
        using var doc = PdfDocument.Open(pdf);
        Assert.True(doc.NumberOfPages >= 2);
        foreach (var page in doc.GetPages())
            Assert.Contains("Kommun", page.GetWords().Select(w => w.Text));
        var text = Text(pdf);
        Assert.Equal(49, result.Municipalities.Count);
        Assert.All(result.Municipalities, m => Assert.Contains(m.Name, text));
        Assert.Contains("Totalt (länstal) 1\u00A0301", text.Replace("1 301", "1\u00A0301"));
        Assert.Contains($"Sida {doc.NumberOfPages} ({doc.NumberOfPages})", text);
        Assert.Equal("1\u00A0301", SwedishFormat.Number(1301));
    }
}
