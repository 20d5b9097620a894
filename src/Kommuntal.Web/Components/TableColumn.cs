using Microsoft.AspNetCore.Components;

namespace Kommuntal.Web.Components;

/// <summary>
/// A column of a <see cref="DataTable{TRow}"/>: its header and either a text (encoded) or a template
/// (for links). <see cref="Numeric"/> right-aligns with tabular figures; <see cref="RowHeader"/> makes
/// the cells <c>&lt;th scope="row"&gt;</c> (the municipality's name, say).
/// </summary>
public sealed record TableColumn<TRow>(string Header)
{
    public Func<TRow, string?>? Text { get; init; }
    public RenderFragment<TRow>? Template { get; init; }
    public bool Numeric { get; init; }
    public bool RowHeader { get; init; }

    public static TableColumn<TRow> Of(string header, Func<TRow, string?> text, bool numeric = false, bool rowHeader = false) =>
        new(header) { Text = text, Numeric = numeric, RowHeader = rowHeader };

    /// <summary>A number column: "1 301" with a no-break space, right-aligned.</summary>
    public static TableColumn<TRow> Number(string header, Func<TRow, long?> value) =>
        new(header) { Text = r => Format.Number(value(r)), Numeric = true };

    internal string? CssClass => Numeric ? "num" : null;
}

/// <summary>A term and its description in a <see cref="DefinitionList"/>; <see cref="Content"/> (markup) wins over <see cref="Text"/>.</summary>
public sealed record Definition(string Term, string? Text = null)
{
    public RenderFragment? Content { get; init; }
}

/// <summary>The kind of a <see cref="StatusTag"/> or <see cref="Notice"/>; the words always say it, the colour only repeats it.</summary>
public enum StatusKind { Neutral, Information, Success, Warning, Error }

/// <summary>A bar of a <see cref="BarChart"/>: its label, its value (null: <see cref="MissingText"/> instead of a number).</summary>
public sealed record ChartBar(string Label, long? Value, string MissingText = "inget beslut");
