using static Kommuntal.Infrastructure.Pdf.PageGeometry;

namespace Kommuntal.Infrastructure.Pdf;

/// <summary>The layout of lists (bulleted, in columns) and of the signature block.</summary>
internal sealed partial class DocumentLayout
{
    private void DrawList(LineList list)
    {
        var font = _f.Body;
        var lh = LineHeight(font);
        var columns = Math.Max(1, list.Columns);
        var columnWidth = (ContentWidth - ListGutter * (columns - 1)) / columns;
        var bulletWidth = list.Bullet is null ? 0 : Width(list.Bullet, font) + 6;
        var items = list.Lines.Select(l => Wrap(l, font, columnWidth - bulletWidth)).ToList();
        Tag("L");
        if (columns == 1)
        {
            foreach (var item in items)
            {
                Ensure(lh);
                Tag("LI");
                if (list.Bullet is not null)
                {
                    Tag("Lbl");
                    Text(list.Bullet, font, Left, Baseline(font, _y));
                    End();
                }
                Tag("LBody");
                DrawLines(item, font, Left + bulletWidth);
                End();
                End();
                _y += 2;
            }
        }
        else
        {
            var rows = (items.Count + columns - 1) / columns;
            // Column by column (the usual order of a distribution list) when the list fits on one page; otherwise row by row.
            var byColumn = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, columns).Select(c => c * rows + r).Where(i => i < items.Count).Max(i => items[i].Count)).ToList();
            var height = byColumn.Sum() * lh;
            if (_y + height > _bodyBottom) Ensure(height);
            var fits = _y + height <= _bodyBottom;
            if (fits)
            {
                var rowTop = new double[rows];
                for (var r = 0; r < rows; r++) rowTop[r] = r == 0 ? _y : rowTop[r - 1] + byColumn[r - 1] * lh;
                for (var i = 0; i < items.Count; i++)
                {
                    var (c, r) = (i / rows, i % rows);
                    DrawListItem(items[i], list.Bullet, Left + c * (columnWidth + ListGutter), rowTop[r], bulletWidth);
                }
                _y += height;
            }
            else
            {
                for (var start = 0; start < items.Count; start += columns)
                {
                    var row = items.Skip(start).Take(columns).ToList();
                    var rowHeight = row.Max(i => i.Count) * lh;
                    Ensure(rowHeight);
                    for (var c = 0; c < row.Count; c++) DrawListItem(row[c], list.Bullet, Left + c * (columnWidth + ListGutter), _y, bulletWidth);
                    _y += rowHeight;
                }
            }
            _atPageTop = false;
        }
        End();
        _y += ParagraphGap;
    }

    private void DrawListItem(IReadOnlyList<string> lines, string? bullet, double x, double top, double bulletWidth)
    {
        var font = _f.Body;
        Tag("LI");
        if (bullet is not null)
        {
            Tag("Lbl");
            Text(bullet, font, x, Baseline(font, top));
            End();
        }
        Tag("LBody");
        for (var k = 0; k < lines.Count; k++) Text(lines[k], font, x + bulletWidth, Baseline(font, top + k * LineHeight(font)));
        End();
        End();
    }

    private void DrawSignature(SignatureBlock s)
    {
        var font = _f.Body;
        var lh = LineHeight(font);
        const double signingRoom = 42, gutter = 28;
        var columnWidth = (ContentWidth - gutter) / 2;
        var sentences = s.Lines.Select(l => Wrap(l, font, ContentWidth)).ToList();
        var names = s.Signatories.Select(n => Wrap(n, font, columnWidth)).ToList();
        var nameRows = names.Chunk(2).Sum(r => r.Max(n => n.Count) * lh + signingRoom + 4);
        var note = s.Note is { Length: > 0 } ? Wrap(s.Note, _f.Small, ContentWidth) : [];
        Ensure(12 + sentences.Sum(x => x.Count) * lh + nameRows + note.Count * LineHeight(_f.Small) + 8);
        if (!_atPageTop) _y += 12;
        foreach (var sentence in sentences)
        {
            Tag("P");
            DrawLines(sentence, font, Left);
            End();
        }
        for (var start = 0; start < names.Count; start += 2)
        {
            _y += signingRoom;
            var rowHeight = 0.0;
            for (var j = start; j < Math.Min(start + 2, names.Count); j++)
            {
                var x = Left + (j - start) * (columnWidth + gutter);
                BeginArtifact();
                Line(PdfFonts.Rule, x, _y, x + columnWidth * 0.85, _y);
                End();
                Tag("P");
                for (var k = 0; k < names[j].Count; k++) Text(names[j][k], font, x, Baseline(font, _y + 3 + k * lh));
                End();
                rowHeight = Math.Max(rowHeight, names[j].Count * lh + 4);
            }
            _y += rowHeight;
        }
        if (note.Count > 0)
        {
            _y += 8;
            Tag("P");
            DrawLines(note, _f.Small, Left, PdfFonts.Muted);
            End();
        }
        _y += ParagraphGap;
        _atPageTop = false;
    }
}
