using PdfSharp.Drawing;

namespace Kommuntal.Infrastructure.Pdf;

/// <summary>
/// What the layout pass produces: per page, a list of drawing and tagging operations in reading
/// order. The writer replays them into a tagged PDF once the number of pages is known.
/// </summary>
internal sealed class LayoutPage
{
    public List<LayoutOp> Ops { get; } = new(256);
}

internal abstract class LayoutOp;

/// <summary>One line of text at a baseline.</summary>
internal sealed class TextOp(string text, XFont font, double x, double baseline, XBrush brush) : LayoutOp
{
    public string Text { get; } = text;
    public XFont Font { get; } = font;
    public double X { get; } = x;
    public double Baseline { get; } = baseline;
    public XBrush Brush { get; } = brush;
}

internal sealed class LineOp(XPen pen, double x1, double y1, double x2, double y2) : LayoutOp
{
    public XPen Pen { get; } = pen;
    public double X1 { get; } = x1;
    public double Y1 { get; } = y1;
    public double X2 { get; } = x2;
    public double Y2 { get; } = y2;
}

internal sealed class FillOp(XBrush brush, XRect rect) : LayoutOp
{
    public XBrush Brush { get; } = brush;
    public XRect Rect { get; } = rect;
}

/// <summary>Opens a structure element (P, H1, Table, TR, TH, ...); <see cref="Scope"/> is a TH's /Scope.</summary>
internal sealed class BeginTagOp(string tag, string? scope = null) : LayoutOp
{
    public string Tag { get; } = tag;
    public string? Scope { get; } = scope;
}

internal sealed class EndTagOp : LayoutOp
{
    public static readonly EndTagOp Instance = new();
}

/// <summary>Opens an artifact (page header and footer, rules, repeated table headers): not read aloud.</summary>
internal sealed class BeginArtifactOp : LayoutOp
{
    public static readonly BeginArtifactOp Instance = new();
}

/// <summary>"Sida x (n)", right-aligned at <see cref="Right"/>: written when the number of pages is known.</summary>
internal sealed class PageNumberOp(string format, XFont font, double right, double baseline) : LayoutOp
{
    public string Format { get; } = format;
    public XFont Font { get; } = font;
    public double Right { get; } = right;
    public double Baseline { get; } = baseline;
}
