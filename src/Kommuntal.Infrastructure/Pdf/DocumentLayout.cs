using System.Text;
using PdfSharp.Drawing;
using static Kommuntal.Infrastructure.Pdf.PageGeometry;

namespace Kommuntal.Infrastructure.Pdf;

/// <summary>
/// The layout pass: breaks a <see cref="DecisionDocument"/> into A4 pages of positioned text,
/// rules and structure tags. Every line is measured and wrapped to the width it is drawn in (a
/// word longer than its column is broken between characters), so nothing overflows a cell or the
/// page. Tables break between rows, repeating the header row (as an artifact) on each new page.
/// </summary>
internal sealed partial class DocumentLayout
{
    private const double ParagraphGap = 6, HeaderRightShare = 0.52, HeaderLeftShare = 0.46;
    private const double CellPaddingV = 3.2, ListGutter = 14, FirstPageGap = 26, OtherPagesGap = 20;

    private readonly DecisionDocument _doc;
    private readonly PdfFonts _f;
    private readonly XGraphics _measure;
    private readonly Dictionary<XFont, Dictionary<string, double>> _widths = new(ReferenceEqualityComparer.Instance);
    private readonly List<LayoutPage> _pages = [];
    private readonly List<string> _footerLines;
    private readonly double _footerTop, _bodyBottom, _otherBodyTop;
    private LayoutPage _page = null!;
    private double _y;
    private bool _atPageTop;

    private DocumentLayout(DecisionDocument doc, PdfFonts fonts, XGraphics measure)
    {
        _doc = doc;
        _f = fonts;
        _measure = measure;
        _footerLines = doc.FooterLines.SelectMany(l => Wrap(l, _f.Small, ContentWidth)).ToList();
        _footerTop = PageHeight - Bottom - _footerLines.Count * LineHeight(_f.Small);
        _bodyBottom = _footerLines.Count > 0 ? _footerTop - 18 : PageHeight - Bottom - 6;
        // Where the body starts on pages after the first (their letterhead measured on a scratch page).
        _page = new LayoutPage();
        _otherBodyTop = Header(first: false) + OtherPagesGap;
    }

    public static List<LayoutPage> Run(DecisionDocument document, PdfFonts fonts)
    {
        using var measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        var layout = new DocumentLayout(document, fonts, measure);
        layout.NewPage();
        foreach (var block in document.Blocks) layout.Draw(block);
        return layout._pages;
    }

    private static double LineHeight(XFont font) => font.Size * 1.32;
    private static double Baseline(XFont font, double top) => top + font.Size * 1.05;

    // ---- emitting -------------------------------------------------------------------------

    private void Tag(string tag, string? scope = null) => _page.Ops.Add(new BeginTagOp(tag, scope));
    private void End() => _page.Ops.Add(EndTagOp.Instance);
    private void BeginArtifact() => _page.Ops.Add(BeginArtifactOp.Instance);

    private void Text(string text, XFont font, double x, double baseline, XBrush? brush = null)
    {
        if (text.Length > 0) _page.Ops.Add(new TextOp(text, font, x, baseline, brush ?? PdfFonts.Text));
    }

    private void Line(XPen pen, double x1, double y1, double x2, double y2) => _page.Ops.Add(new LineOp(pen, x1, y1, x2, y2));

    // ---- pages ----------------------------------------------------------------------------

    private void NewPage()
    {
        _page = new LayoutPage();
        _pages.Add(_page);
        var first = _pages.Count == 1;
        var headerBottom = Header(first);
        if (_footerLines.Count > 0)
        {
            BeginArtifact();
            Line(PdfFonts.ThinRule, Left, _footerTop - 8, Left + ContentWidth, _footerTop - 8);
            var top = _footerTop;
            foreach (var line in _footerLines)
            {
                Text(line, _f.Small, Left, Baseline(_f.Small, top), PdfFonts.Muted);
                top += LineHeight(_f.Small);
            }
            End();
        }
        _y = headerBottom + (first ? FirstPageGap : OtherPagesGap);
        _atPageTop = true;
    }

    /// <summary>
    /// The letterhead: board name on the left; document label, page number and the header fields on
    /// the right; on the first page also the recipients. Content on page 1, an artifact on the rest.
    /// Returns the y below it.
    /// </summary>
    private double Header(bool first)
    {
        var leftWidth = ContentWidth * HeaderLeftShare;
        var rightX = Left + ContentWidth * HeaderRightShare;
        var rightWidth = Left + ContentWidth - rightX;
        void Open(string tag)
        {
            if (first) Tag(tag);
            else BeginArtifact();
        }

        // The board's name shares its first baseline with the document label.
        var y = Top + (_f.Label.Size - _f.Board.Size) * 1.05;
        Open("P");
        foreach (var line in Wrap(_doc.BoardName, _f.Board, leftWidth))
        {
            Text(line, _f.Board, Left, Baseline(_f.Board, y));
            y += LineHeight(_f.Board);
        }
        End();
        var leftBottom = y;

        var number = _f.Small;
        var numberWidth = Width(string.Format(System.Globalization.CultureInfo.InvariantCulture, _doc.PageNumberFormat, 999, 999), number);
        y = Top;
        Open("P");
        foreach (var line in Wrap(_doc.DocumentLabel, _f.Label, rightWidth - numberWidth - 8))
        {
            Text(line, _f.Label, rightX, Baseline(_f.Label, y));
            y += LineHeight(_f.Label);
        }
        End();
        BeginArtifact();
        _page.Ops.Add(new PageNumberOp(_doc.PageNumberFormat, number, Left + ContentWidth, Baseline(_f.Label, Top)));
        End();
        y += 3;

        const double labelWidth = 72;
        foreach (var field in _doc.HeaderFields)
        {
            Open("P");
            var labelLines = Wrap(field.Label, _f.Small, labelWidth - 4);
            var valueLines = Wrap(field.Value, _f.Cell, rightWidth - labelWidth);
            for (var i = 0; i < labelLines.Count; i++)
                Text(i == labelLines.Count - 1 ? labelLines[i] + " " : labelLines[i], _f.Small, rightX, Baseline(_f.Cell, y + i * LineHeight(_f.Cell)), PdfFonts.Muted);
            for (var i = 0; i < valueLines.Count; i++)
                Text(valueLines[i], _f.Cell, rightX + labelWidth, Baseline(_f.Cell, y + i * LineHeight(_f.Cell)));
            End();
            y += Math.Max(labelLines.Count, valueLines.Count) * LineHeight(_f.Cell);
        }

        if (first && _doc.Recipients is { } recipients)
        {
            y += 10;
            Tag("P");
            foreach (var line in Wrap(recipients.Label, _f.Small, rightWidth))
            {
                Text(line, _f.Small, rightX, Baseline(_f.Small, y), PdfFonts.Muted);
                y += LineHeight(_f.Small);
            }
            End();
            foreach (var recipient in recipients.Lines)
            {
                Tag("P");
                foreach (var line in Wrap(recipient, _f.Cell, rightWidth))
                {
                    Text(line, _f.Cell, rightX, Baseline(_f.Cell, y));
                    y += LineHeight(_f.Cell);
                }
                End();
            }
        }
        var bottom = Math.Max(leftBottom, y) + 8;
        BeginArtifact();
        Line(PdfFonts.ThinRule, Left, bottom, Left + ContentWidth, bottom);
        End();
        return bottom;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
    private bool Ensure(double height)
    {
        if (_y + height <= _bodyBottom || _atPageTop) return false;
        NewPage();
        return true;
    }

    // ---- blocks ---------------------------------------------------------------------------

    private void Draw(DocumentBlock block)
    {
        switch (block)
        {
            case Heading h: DrawHeading(h); break;
            case Paragraph p:
                Tag("P");
                DrawLines(Wrap(p.Text, p.Bold ? _f.BodyBold : _f.Body, ContentWidth), p.Bold ? _f.BodyBold : _f.Body, Left);
                End();
                _y += ParagraphGap;
                break;
            case LineList list: DrawList(list); break;
            case Table t: DrawTable(t); break;
            case SignatureBlock s: DrawSignature(s); break;
            case PageBreak:
                if (!_atPageTop) NewPage();
                break;
            default: throw new NotSupportedException($"Block {block.GetType().Name} has no layout.");
        }
    }

    private void DrawHeading(Heading h)
    {
        var font = h.Level switch { 1 => _f.H1, 2 => _f.H2, _ => _f.H3 };
        var lines = Wrap(h.Text, font, ContentWidth);
        var before = h.Level switch { 1 => 4.0, 2 => 12.0, _ => 8.0 };
        // Keep the heading with at least three lines of what follows.
        Ensure(before + lines.Count * LineHeight(font) + 3 * LineHeight(_f.Body) + 4);
        if (!_atPageTop) _y += before;
        Tag("H" + Math.Clamp(h.Level, 1, 6).ToString(System.Globalization.CultureInfo.InvariantCulture));
        DrawLines(lines, font, Left);
        End();
        _y += h.Level == 1 ? 8 : 3;
    }

    /// <summary>Draws wrapped lines top to bottom from <see cref="_y"/>, breaking the page between lines.</summary>
    private void DrawLines(IReadOnlyList<string> lines, XFont font, double x, XBrush? brush = null)
    {
        var lh = LineHeight(font);
        foreach (var line in lines)
        {
            Ensure(lh);
            Text(line, font, x, Baseline(font, _y), brush);
            _y += lh;
            _atPageTop = false;
        }
    }

    // ---- measuring and wrapping -----------------------------------------------------------

    private double Width(string text, XFont font)
    {
        if (!_widths.TryGetValue(font, out var cache)) _widths[font] = cache = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!cache.TryGetValue(text, out var width)) cache[text] = width = _measure.MeasureString(text, font).Width;
        return width;
    }

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="width"/>: at spaces (never at the
    /// no-break space of "1 301"), at a line break (LF, CRLF, CR), and inside a word only when the word alone is too wide.
    /// </summary>
    internal List<string> Wrap(string text, XFont font, double width)
    {
        var result = new List<string>();
        var limit = width - 0.01;
        var space = Width(" ", font);
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = new StringBuilder();
            var current = 0.0;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var w = Width(word, font);
                if (line.Length > 0 && current + space + w <= limit)
                {
                    line.Append(' ').Append(word);
                    current += space + w;
                    continue;
                }
                // A line broken at a space keeps it, so that extracted and read-aloud text keeps its word breaks.
                if (line.Length > 0) result.Add(line.Append(' ').ToString());
                line.Clear();
                current = 0;
                if (w <= limit)
                {
                    line.Append(word);
                    current = w;
                    continue;
                }
                // A word wider than the line: break it between characters.
                foreach (var element in EnumerateTextElements(word))
                {
                    var ew = Width(element, font);
                    if (line.Length > 0 && current + ew > limit)
                    {
                        result.Add(line.ToString());
                        line.Clear();
                        current = 0;
                    }
                    line.Append(element);
                    current += ew;
                }
            }
            result.Add(line.ToString());
        }
        return result;
    }

    private static IEnumerable<string> EnumerateTextElements(string s)
    {
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext()) yield return e.GetTextElement();
    }
}
