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

internal abstract record LayoutOp;

/// <summary>One line of text at a baseline.</summary>
internal sealed record TextOp(string Text, XFont Font, double X, double Baseline, XBrush Brush) : LayoutOp;

internal sealed record LineOp(XPen Pen, double X1, double Y1, double X2, double Y2) : LayoutOp;

internal sealed record FillOp(XBrush Brush, XRect Rect) : LayoutOp;

/// <summary>Opens a structure element (P, H1, Table, TR, TH, ...); <see cref="Scope"/> is a TH's /Scope.</summary>
internal sealed record BeginTagOp(string Tag, string? Scope = null) : LayoutOp;

internal sealed record EndTagOp : LayoutOp
{
    public static readonly EndTagOp Instance = new();
}

/// <summary>Opens an artifact (page header and footer, rules, repeated table headers): not read aloud.</summary>
internal sealed record BeginArtifactOp : LayoutOp
{
    public static readonly BeginArtifactOp Instance = new();
}

/// <summary>"Sida x (n)", right-aligned at <see cref="Right"/>: written when the number of pages is known.</summary>
internal sealed record PageNumberOp(string Format, XFont Font, double Right, double Baseline) : LayoutOp;
