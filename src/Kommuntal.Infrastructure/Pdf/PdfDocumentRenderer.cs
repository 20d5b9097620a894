namespace Kommuntal.Infrastructure.Pdf;

/// <summary>
/// Lays out a <see cref="DecisionDocument"/> on A4 pages with PDFsharp and writes it as a tagged
/// PDF (language, headings, paragraphs, lists, tables; page header and footer as artifacts). Two
/// passes: <see cref="DocumentLayout"/> paginates (so "Sida x (n)" is known on every page), then
/// <see cref="TaggedPdfWriter"/> draws. The content is decided in the core; nothing here writes
/// Swedish sentences.
/// </summary>
public sealed class PdfDocumentRenderer : IDocumentRenderer
{
    private readonly PdfFonts _fonts = new();

    public byte[] RenderPdf(DecisionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var pages = DocumentLayout.Run(document, _fonts);
        return TaggedPdfWriter.Write(document, pages);
    }
}
