namespace Kommuntal.Core.Documents;

/// <summary>What kind of document: the decision itself, or the proposal sent for consultation.</summary>
public enum DocumentKind { Decision, Proposal }

/// <summary>
/// A decision document's complete content, independent of any PDF library: every Swedish sentence
/// and table is decided here; a renderer only lays it out.
/// </summary>
public sealed record DecisionDocument
{
    public required DocumentKind Kind { get; init; }
    /// <summary>E.g. "Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län".</summary>
    public required string Title { get; init; }
    public required string BoardName { get; init; }
    /// <summary>"BESLUT" or "FÖRSLAG", printed in the page header.</summary>
    public required string DocumentLabel { get; init; }
    /// <summary>Date as printed ("8 november 2021"), or null for an undated draft.</summary>
    public string? DateText { get; init; }
    public string? Diarienummer { get; init; }
    public string Language { get; init; } = "sv-SE";
    public required string Subject { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public required IReadOnlyList<DocumentBlock> Blocks { get; init; }
}

/// <summary>A block of the document body, laid out top to bottom.</summary>
public abstract record DocumentBlock;

/// <summary>A heading; level 1 is the document title.</summary>
public sealed record Heading(int Level, string Text) : DocumentBlock;

public sealed record Paragraph(string Text, bool Bold = false) : DocumentBlock;

/// <summary>A list of short lines (recipients, provisions).</summary>
public sealed record LineList(IReadOnlyList<string> Lines) : DocumentBlock;

public enum ColumnAlignment { Left, Right }

public sealed record TableColumn(string Header, double RelativeWidth, ColumnAlignment Alignment);

/// <summary>A table that may break across pages; the header row is repeated on every page.</summary>
public sealed record Table(string Caption, IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<string>? TotalRow) : DocumentBlock;

/// <summary>The signature block: who decided, who presented.</summary>
public sealed record SignatureBlock(IReadOnlyList<string> Lines) : DocumentBlock;

/// <summary>Starts a new page (e.g. before an annex).</summary>
public sealed record PageBreak : DocumentBlock;
