namespace Kommuntal.Infrastructure.Pdf;

/// <summary>
/// The page grid of the decision documents (A4, points). Public so that tests can check that no
/// text leaves the printable area or its table column.
/// </summary>
public static class PageGeometry
{
    public const double PageWidth = 595.28, PageHeight = 841.89;
    /// <summary>Margins: everything drawn (header and footer included) stays inside them.</summary>
    public const double Left = 70, Right = 56, Top = 40, Bottom = 36;
    public const double ContentWidth = PageWidth - Left - Right;
    /// <summary>Horizontal padding inside a table cell.</summary>
    public const double CellPadding = 4;

    /// <summary>
    /// The x positions of a table's column edges: <c>Columns.Count + 1</c> values from
    /// <see cref="Left"/> to the table's right edge (<see cref="Table.Width"/> of the text width).
    /// </summary>
    public static double[] ColumnEdges(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var width = ContentWidth * Math.Clamp(table.Width, 0.3, 1);
        var columns = table.Columns;
        var total = columns.Sum(c => c.RelativeWidth);
        var edges = new double[columns.Count + 1];
        edges[0] = Left;
        for (var i = 0; i < columns.Count; i++) edges[i + 1] = edges[i] + width * columns[i].RelativeWidth / total;
        edges[^1] = Left + width;
        return edges;
    }
}
