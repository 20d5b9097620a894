using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Kommuntal.Infrastructure.Pdf;

/// <summary>The fonts and colours of the decision documents (Liberation Sans, embedded as subsets).</summary>
internal sealed class PdfFonts
{
    public XFont Body { get; }
    public XFont BodyBold { get; }
    public XFont Cell { get; }
    public XFont CellBold { get; }
    public XFont Small { get; }
    public XFont SmallBold { get; }
    public XFont Board { get; }
    public XFont Label { get; }
    public XFont H1 { get; }
    public XFont H2 { get; }
    public XFont H3 { get; }

    public static readonly XBrush Text = new XSolidBrush(XColor.FromArgb(20, 20, 20));
    public static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(85, 85, 85));
    public static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(232, 236, 240));
    public static readonly XPen Rule = new(XColor.FromArgb(120, 120, 120), 0.5);
    public static readonly XPen ThinRule = new(XColor.FromArgb(175, 175, 175), 0.35);
    public static readonly XPen StrongRule = new(XColor.FromArgb(60, 60, 60), 0.9);

    public PdfFonts()
    {
        EmbeddedFontResolver.EnsureInstalled();
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var family = EmbeddedFontResolver.FamilyName;
        XFont F(double size, bool bold) => new(family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, unicode);
        Body = F(10.5, false);
        BodyBold = F(10.5, true);
        Cell = F(9.5, false);
        CellBold = F(9.5, true);
        Small = F(8.5, false);
        SmallBold = F(8.5, true);
        Board = F(12, true);
        Label = F(13, true);
        H1 = F(15, true);
        H2 = F(12, true);
        H3 = F(10.5, true);
    }
}
