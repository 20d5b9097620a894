using Kommuntal.Application.Ports;
using Kommuntal.Core.Documents;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Kommuntal.Infrastructure.Pdf;

/// <summary>
/// Lays out a <see cref="DecisionDocument"/> on A4 pages with PDFsharp: a header on every page
/// (board, document label, date, diarienummer, "Sida x (n)"), wrapped paragraphs, and tables that
/// break across pages with the header row repeated. The content is decided in the core; nothing
/// here writes Swedish sentences.
/// </summary>
public sealed class PdfDocumentRenderer : IDocumentRenderer
{
    private const double PageWidth = 595.28, PageHeight = 841.89;
    private const double Left = 70, Right = 60, Top = 56, Bottom = 60;
    private const double ContentWidth = PageWidth - Left - Right;
    private const double BodyTopFirst = 150, BodyTopOther = 120;

    private readonly XFont _body, _bold, _small, _smallBold, _label, _h1, _h2, _h3;

    public PdfDocumentRenderer()
    {
        EmbeddedFontResolver.EnsureInstalled();
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var family = EmbeddedFontResolver.FamilyName;
        _body = new XFont(family, 10.5, XFontStyleEx.Regular, unicode);
        _bold = new XFont(family, 10.5, XFontStyleEx.Bold, unicode);
        _small = new XFont(family, 9, XFontStyleEx.Regular, unicode);
        _smallBold = new XFont(family, 9, XFontStyleEx.Bold, unicode);
        _label = new XFont(family, 13, XFontStyleEx.Bold, unicode);
        _h1 = new XFont(family, 15, XFontStyleEx.Bold, unicode);
        _h2 = new XFont(family, 12.5, XFontStyleEx.Bold, unicode);
        _h3 = new XFont(family, 11, XFontStyleEx.Bold, unicode);
    }

    public byte[] RenderPdf(DecisionDocument document)
    {
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        pdf.Info.Author = document.BoardName;
        pdf.Info.Subject = document.Subject;
        pdf.Info.Keywords = string.Join(", ", document.Keywords);
        pdf.Info.Creator = "Kommuntal";
        pdf.PageLayout = PdfPageLayout.SinglePage;

        var layout = new Layout(this, pdf, document);
        foreach (var block in document.Blocks) layout.Draw(block);
        layout.Finish();

        using var ms = new MemoryStream();
        pdf.Save(ms, closeStream: false);
        return ms.ToArray();
    }

    /// <summary>The page-by-page cursor.</summary>
    private sealed class Layout
    {
        private readonly PdfDocumentRenderer _r;
        private readonly PdfDocument _pdf;
        private readonly DecisionDocument _doc;
        private XGraphics _g = null!;
        private double _y;

        public Layout(PdfDocumentRenderer r, PdfDocument pdf, DecisionDocument doc)
        {
            _r = r; _pdf = pdf; _doc = doc;
            NewPage();
        }

        private void NewPage()
        {
            _g?.Dispose();
            var page = _pdf.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            _g = XGraphics.FromPdfPage(page);
            var first = _pdf.PageCount == 1;
            _g.DrawString(_doc.BoardName, _r._bold, XBrushes.Black, new XPoint(Left, Top + 10));
            var x = Left + ContentWidth * 0.55;
            _g.DrawString(_doc.DocumentLabel, _r._label, XBrushes.Black, new XPoint(x, Top + 10));
            var y = Top + 26;
            if (_doc.DateText is not null) { _g.DrawString(_doc.DateText, _r._small, XBrushes.Black, new XPoint(x, y)); y += 12; }
            if (_doc.Diarienummer is not null) { _g.DrawString("Dnr " + _doc.Diarienummer, _r._small, XBrushes.Black, new XPoint(x, y)); }
            _y = first ? BodyTopFirst : BodyTopOther;
        }

        private void Ensure(double height)
        {
            if (_y + height > PageHeight - Bottom) NewPage();
        }

        public void Draw(DocumentBlock block)
        {
            switch (block)
            {
                case Heading h:
                    var font = h.Level switch { 1 => _r._h1, 2 => _r._h2, _ => _r._h3 };
                    var lines = Wrap(h.Text, font, ContentWidth);
                    Ensure(lines.Count * font.Height * 1.2 + 40); // keep a heading with what follows
                    _y += h.Level == 1 ? 4 : 10;
                    foreach (var l in lines) { _y += font.Height * 1.15; _g.DrawString(l, font, XBrushes.Black, new XPoint(Left, _y)); }
                    _y += 8;
                    break;
                case Paragraph p:
                    DrawText(p.Text, p.Bold ? _r._bold : _r._body, Left, ContentWidth);
                    _y += 6;
                    break;
                case LineList list:
                    foreach (var l in list.Lines) DrawText(l, _r._body, Left, ContentWidth);
                    _y += 6;
                    break;
                case SignatureBlock s:
                    Ensure(s.Lines.Count * 16 + 24);
                    _y += 12;
                    foreach (var l in s.Lines) DrawText(l, _r._body, Left, ContentWidth);
                    _y += 6;
                    break;
                case Table t:
                    DrawTable(t);
                    break;
                case PageBreak:
                    NewPage();
                    break;
            }
        }

        private void DrawText(string text, XFont font, double x, double width)
        {
            foreach (var line in Wrap(text, font, width))
            {
                Ensure(font.Height * 1.3);
                _y += font.Height * 1.3;
                _g.DrawString(line, font, XBrushes.Black, new XPoint(x, _y));
            }
        }

        private void DrawTable(Table t)
        {
            var totalRel = t.Columns.Sum(c => c.RelativeWidth);
            var widths = t.Columns.Select(c => ContentWidth * c.RelativeWidth / totalRel).ToArray();
            const double pad = 4;
            var lineHeight = _r._body.Height * 1.25;

            double RowHeight(IReadOnlyList<string> cells, XFont font) =>
                cells.Select((c, i) => Wrap(c, font, widths[i] - 2 * pad).Count).Max() * lineHeight + 2 * pad;

            void DrawRow(IReadOnlyList<string> cells, XFont font, bool header, bool total)
            {
                var h = RowHeight(cells, font);
                if (header) _g.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 235, 235)), Left, _y, ContentWidth, h);
                var x = Left;
                for (var i = 0; i < cells.Count; i++)
                {
                    var ly = _y + pad;
                    foreach (var line in Wrap(cells[i], font, widths[i] - 2 * pad))
                    {
                        ly += lineHeight;
                        var w = _g.MeasureString(line, font).Width;
                        var lx = t.Columns[i].Alignment == ColumnAlignment.Right && !header ? x + widths[i] - pad - w : x + pad;
                        _g.DrawString(line, font, XBrushes.Black, new XPoint(lx, ly - lineHeight * 0.25));
                    }
                    x += widths[i];
                }
                var pen = new XPen(XColors.Gray, total || header ? 0.9 : 0.3);
                if (total) _g.DrawLine(pen, Left, _y, Left + ContentWidth, _y);
                _y += h;
                _g.DrawLine(pen, Left, _y, Left + ContentWidth, _y);
            }

            var headers = t.Columns.Select(c => c.Header).ToList();
            var headerHeight = RowHeight(headers, _r._smallBold);
            Ensure(headerHeight + lineHeight * 3);
            DrawRow(headers, _r._smallBold, header: true, total: false);
            foreach (var row in t.Rows)
            {
                if (_y + RowHeight(row, _r._body) > PageHeight - Bottom)
                {
                    NewPage();
                    DrawRow(headers, _r._smallBold, header: true, total: false);
                }
                DrawRow(row, _r._body, header: false, total: false);
            }
            if (t.TotalRow is { } totalRow)
            {
                if (_y + RowHeight(totalRow, _r._bold) > PageHeight - Bottom)
                {
                    NewPage();
                    DrawRow(headers, _r._smallBold, header: true, total: false);
                }
                DrawRow(totalRow, _r._bold, header: false, total: true);
            }
            _y += 12;
        }

        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Split('\n'))
            {
                var current = "";
                foreach (var word in paragraph.Split(' '))
                {
                    var candidate = current.Length == 0 ? word : current + " " + word;
                    if (_g.MeasureString(candidate, font).Width <= width || current.Length == 0)
                    {
                        current = candidate;
                        // A single word longer than the line is broken by characters.
                        while (_g.MeasureString(current, font).Width > width && current.Length > 1)
                        {
                            var cut = current.Length - 1;
                            while (cut > 1 && _g.MeasureString(current[..cut], font).Width > width) cut--;
                            lines.Add(current[..cut]);
                            current = current[cut..];
                        }
                    }
                    else
                    {
                        lines.Add(current);
                        current = word;
                    }
                }
                lines.Add(current);
            }
            return lines;
        }

        public void Finish()
        {
            _g.Dispose();
            var n = _pdf.PageCount;
            for (var i = 0; i < n; i++)
            {
                using var g = XGraphics.FromPdfPage(_pdf.Pages[i], XGraphicsPdfPageOptions.Append);
                var text = $"Sida {i + 1} ({n})";
                var w = g.MeasureString(text, _r._small).Width;
                g.DrawString(text, _r._small, XBrushes.Black, new XPoint(PageWidth - Right - w, Top + 10));
            }
        }
    }
}
