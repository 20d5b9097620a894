using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Structure;
using PdfSharp.UniversalAccessibility;
using static Kommuntal.Infrastructure.Pdf.PageGeometry;

namespace Kommuntal.Infrastructure.Pdf;

/// <summary>
/// The writing pass: replays the laid-out pages into a tagged PDF with PDFsharp's
/// <see cref="UAManager"/> (document language, structure tree with headings, paragraphs, lists and
/// tables; page furniture as artifacts) and the document information. Every draw happens inside a
/// structure element or an artifact, as the UA manager requires.
/// </summary>
internal static class TaggedPdfWriter
{
    public static byte[] Write(DecisionDocument document, IReadOnlyList<LayoutPage> pages)
    {
        using var pdf = new PdfDocument();
        var ua = UAManager.ForDocument(pdf);
        ua.SetDocumentLanguage(document.Language);
        pdf.Info.Title = PdfMetadataText.Safe(document.Title);
        pdf.Info.Author = PdfMetadataText.Safe(document.BoardName);
        pdf.Info.Subject = PdfMetadataText.Safe(document.Subject);
        pdf.Info.Keywords = PdfMetadataText.Safe(string.Join(", ", document.Keywords));
        pdf.Info.Creator = "Kommuntal";
        pdf.PageLayout = PdfPageLayout.SinglePage;
        pdf.ViewerPreferences.DisplayDocTitle = true;

        var sb = ua.StructureBuilder;
        var count = pages.Count;
        XGraphics? g = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (g is not null)
                {
                    sb.EndMarkedContentsWithId();
                    g.Dispose();
                }
                var page = pdf.AddPage();
                page.Width = XUnit.FromPoint(PageWidth);
                page.Height = XUnit.FromPoint(PageHeight);
                g = XGraphics.FromPdfPage(page);
                foreach (var op in pages[i].Ops)
                {
                    switch (op)
                    {
                        case TextOp t:
                            g.DrawString(t.Text, t.Font, t.Brush, t.X, t.Baseline);
                            break;
                        case LineOp l:
                            g.DrawLine(l.Pen, l.X1, l.Y1, l.X2, l.Y2);
                            break;
                        case FillOp f:
                            g.DrawRectangle(f.Brush, f.Rect);
                            break;
                        case BeginTagOp b:
                            sb.BeginBlockLevelElement(b.Tag);
                            if (b.Scope is not null)
                                sb.CurrentStructureElement.TableAttributes.Elements.SetName("/Scope", "/" + b.Scope);
                            break;
                        case EndTagOp:
                            sb.End();
                            break;
                        case BeginArtifactOp:
                            sb.BeginArtifact();
                            break;
                        case PageNumberOp n:
                            var text = string.Format(CultureInfo.InvariantCulture, n.Format, i + 1, count);
                            g.DrawString(text, n.Font, PdfFonts.Text, n.Right - g.MeasureString(text, n.Font).Width, n.Baseline);
                            break;
                    }
                }
            }
            sb.EndMarkedContentsWithId();
        }
        finally
        {
            g?.Dispose();
        }

        // /Type is optional in a structure element (ISO 32000-1, table 323); a decision has some 800
        // of them, and leaving the key out keeps the file well under its 150 KB budget.
        foreach (var element in pdf.Internals.GetAllObjects().OfType<PdfStructureElement>())
            element.Elements.Remove("/Type");

        // Fixed creation date, ids and subset tags (PdfDeterminism); then the zlib checksum PDFsharp
        // leaves off every Flate stream (FlateStreamRepair), deterministic too.
        return FlateStreamRepair.Complete(PdfDeterminism.Save(pdf, document));
    }
}
