namespace Kommuntal.Core.Documents;

/// <summary>What kind of document: the decision itself, or the proposal sent for consultation.</summary>
public enum DocumentKind { Decision, Proposal }

/// <summary>
/// A decision document's complete content, independent of any PDF library: every Swedish sentence,
/// label and table is decided here; a renderer only lays it out (and tags it for screen readers).
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
    /// <summary>Label/value pairs under the document label on every page ("Datum", "8 november 2021").</summary>
    public IReadOnlyList<HeaderField> HeaderFields { get; init; } = [];
    /// <summary>Page number text; {0} is the page, {1} the number of pages ("Sida 2 (5)").</summary>
    public string PageNumberFormat { get; init; } = "Sida {0} ({1})";
    /// <summary>The addressees on the first page (label and lines), e.g. "Mottagare": the municipalities and Migrationsverket.</summary>
    public AddressBlock? Recipients { get; init; }
    /// <summary>Small lines at the foot of every page (the board's address and switchboard), or none.</summary>
    public IReadOnlyList<string> FooterLines { get; init; } = [];
    public string Language { get; init; } = "sv-SE";
    public required string Subject { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public required IReadOnlyList<DocumentBlock> Blocks { get; init; }
    /// <summary>
    /// What the document is ("Decision/2022/18/v1"): the seed of the PDF's document id, so that
    /// rendering the same content twice gives the same bytes (see docs/storage.md, "Published documents").
    /// </summary>
    public string? Identity { get; init; }
    /// <summary>The PDF's creation date (<see cref="DecisionContent.CreatedAt"/>); null: the time of rendering.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>One label/value pair of the page header.</summary>
public sealed record HeaderField(string Label, string Value);

/// <summary>An address block: a small label and the addressees, one a line.</summary>
public sealed record AddressBlock(string Label, IReadOnlyList<string> Lines);

/// <summary>A block of the document body, laid out top to bottom.</summary>
public abstract record DocumentBlock;

/// <summary>A heading; level 1 is the document title (and the annex title), 2 a section, 3 a subsection.</summary>
public sealed record Heading(int Level, string Text) : DocumentBlock;

public sealed record Paragraph(string Text, bool Bold = false) : DocumentBlock;

/// <summary>A list of short items (provisions, recipients), optionally in columns, optionally with a bullet label.</summary>
public sealed record LineList(IReadOnlyList<string> Lines, int Columns = 1, string? Bullet = null) : DocumentBlock;

public enum ColumnAlignment { Left, Right }

public sealed record TableColumn(string Header, double RelativeWidth, ColumnAlignment Alignment);

/// <summary>
/// A table that may break across pages; the header row is repeated on every page, with
/// <see cref="ContinuedCaption"/> above it. The first cell of each row names the row
/// (a row header for screen readers).
/// </summary>
public sealed record Table(string Caption, IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<string>? TotalRow) : DocumentBlock
{
    /// <summary>Printed above the repeated header on a continuation page, e.g. "Tabell 1 (forts.)".</summary>
    public string? ContinuedCaption { get; init; }

    /// <summary>The table's width as a share of the text width (0.3–1), left-aligned.</summary>
    public double Width { get; init; } = 1;
}

/// <summary>The signature block: the sentences naming who decided and who presented, then room to sign above each signatory.</summary>
public sealed record SignatureBlock(IReadOnlyList<string> Lines, IReadOnlyList<string> Signatories) : DocumentBlock
{
    /// <summary>An optional note under the signatures (e.g. that the decision was approved electronically).</summary>
    public string? Note { get; init; }
}

/// <summary>Starts a new page (e.g. before an annex).</summary>
public sealed record PageBreak : DocumentBlock;
