using PdfSharp.Drawing;
using static Kommuntal.Infrastructure.Pdf.PageGeometry;

namespace Kommuntal.Infrastructure.Pdf;

/// <summary>The layout of tables: rows wrapped to their columns, broken between rows across pages with the header row repeated.</summary>
internal sealed partial class DocumentLayout
{
    private enum RowKind { Header, Body, Total }

    /// <summary>A table row wrapped to its columns: the lines of each cell.</summary>
    private sealed record WrappedRow(IReadOnlyList<List<string>> Cells, XFont Font, RowKind Kind)
    {
        public int LineCount => Math.Max(1, Cells.Max(c => c.Count));
        public double Height(int lines) => lines * CellLineHeight(Font) + 2 * CellPaddingV;
        public double Height() => Height(LineCount);
    }

    private WrappedRow WrapRow(IReadOnlyList<string> cells, double[] edges, RowKind kind)
    {
        var font = kind switch { RowKind.Header => _f.SmallBold, RowKind.Total => _f.CellBold, _ => _f.Cell };
        var wrapped = new List<List<string>>(edges.Length - 1);
        for (var i = 0; i < edges.Length - 1; i++)
            wrapped.Add(i < cells.Count ? Wrap(cells[i], font, edges[i + 1] - edges[i] - 2 * CellPadding) : [""]);
        return new WrappedRow(wrapped, font, kind);
    }

    private void DrawTable(Table t)
    {
        var edges = ColumnEdges(t);
        var captionFont = _f.CellBold;
        var header = WrapRow(t.Columns.Select(c => c.Header).ToList(), edges, RowKind.Header);
        var rows = t.Rows.Select(r => WrapRow(r, edges, RowKind.Body)).ToList();
        if (t.TotalRow is { } totalCells) rows.Add(WrapRow(totalCells, edges, RowKind.Total));
        var captionLines = Wrap(t.Caption, captionFont, ContentWidth);
        var captionHeight = captionLines.Count * LineHeight(captionFont) + 3;
        var continuedLines = t.ContinuedCaption is { Length: > 0 } continued ? Wrap(continued, captionFont, ContentWidth) : [];
        // What a row can be at most to fit on a new page under the repeated header.
        var freshCapacity = _bodyBottom - _otherBodyTop - continuedLines.Count * LineHeight(captionFont) - 3 - header.Height();
        // Keep the caption and header with the first two rows.
        Ensure(captionHeight + header.Height() + rows.Take(2).Sum(r => Math.Min(r.Height(), freshCapacity)));
        _atPageTop = false;

        Tag("Table");
        Tag("Caption");
        DrawLines(captionLines, captionFont, Left);
        End();
        _y += 3;
        Tag("THead");
        DrawRow(header, edges, t, 0, header.LineCount, tagged: true);
        End();

        void ContinueOnNewPage()
        {
            NewPage();
            _atPageTop = false;
            // The repeated header (and "Tabell n (forts.)") is pagination, not content: an artifact.
            BeginArtifact();
            foreach (var line in continuedLines)
            {
                Text(line, captionFont, Left, Baseline(captionFont, _y));
                _y += LineHeight(captionFont);
            }
            if (continuedLines.Count > 0) _y += 3;
            End();
            DrawRow(header, edges, t, 0, header.LineCount, tagged: false);
        }

        var inBody = false;
        foreach (var row in rows)
        {
            if (row.Kind == RowKind.Total && inBody)
            {
                End();
                inBody = false;
            }
            if (row.Kind == RowKind.Body && !inBody)
            {
                Tag("TBody");
                inBody = true;
            }
            if (row.Kind == RowKind.Total) Tag("TFoot");
            if (_y + row.Height() > _bodyBottom && row.Height() <= freshCapacity) ContinueOnNewPage();
            // A row taller than a whole page is split between lines (each part a row of its own).
            var from = 0;
            while (from < row.LineCount)
            {
                var fit = (int)Math.Floor((_bodyBottom - _y - 2 * CellPaddingV) / CellLineHeight(row.Font) + 1e-9);
                if (fit < 1)
                {
                    ContinueOnNewPage();
                    continue;
                }
                var take = Math.Min(fit, row.LineCount - from);
                DrawRow(row, edges, t, from, from + take, tagged: true);
                from += take;
                if (from < row.LineCount) ContinueOnNewPage();
            }
            if (row.Kind == RowKind.Total) End();
        }
        if (inBody) End();
        End();
        _y += 12;
    }

    private static double CellLineHeight(XFont font) => font.Size * 1.25;

    /// <summary>Draws lines [<paramref name="from"/>, <paramref name="to"/>) of a row at <see cref="_y"/>: rules and fill as an artifact, the cells as TR/TH/TD (or, for a repeated header, all as artifact).</summary>
    private void DrawRow(WrappedRow row, double[] edges, Table t, int from, int to, bool tagged)
    {
        var font = row.Font;
        var kind = row.Kind;
        var height = row.Height(to - from);
        var top = _y;
        var right = edges[^1];
        BeginArtifact();
        if (kind == RowKind.Header) _page.Ops.Add(new FillOp(PdfFonts.HeaderFill, new XRect(Left, top, right - Left, height)));
        if (kind == RowKind.Total) Line(PdfFonts.StrongRule, Left, top, right, top);
        Line(kind == RowKind.Body ? PdfFonts.ThinRule : PdfFonts.Rule, Left, top + height, right, top + height);
        if (!tagged) DrawCells();
        End();
        if (tagged)
        {
            Tag("TR");
            DrawCells();
            End();
        }
        _y = top + height;

        void DrawCells()
        {
            var lh = CellLineHeight(font);
            for (var i = 0; i < row.Cells.Count; i++)
            {
                if (tagged) Tag(kind == RowKind.Header || i == 0 ? "TH" : "TD", kind == RowKind.Header ? "Column" : i == 0 ? "Row" : null);
                var lines = row.Cells[i];
                for (var k = from; k < Math.Min(to, lines.Count); k++)
                {
                    var x = t.Columns[i].Alignment == ColumnAlignment.Right
                        ? edges[i + 1] - CellPadding - Width(lines[k].TrimEnd(' '), font)
                        : edges[i] + CellPadding;
                    Text(lines[k], font, x, top + CellPaddingV + (k - from) * lh + font.Size);
                }
                if (tagged) End();
            }
        }
    }
}
