using Kommuntal.Core.Allocation;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Core.Documents;

/// <summary>The facts a decision (or proposal) document is written from.</summary>
public sealed record DecisionContent
{
    public required DocumentKind Kind { get; init; }
    public required County County { get; init; }
    public required int Year { get; init; }
    public required int Lanstal { get; init; }
    /// <summary>The national number of the year (förordning 2016:40, 2 §); 0 when not known.</summary>
    public required int NationalTotal { get; init; }
    /// <summary>The statute that fixed the länstal, e.g. "SFS 2021:870".</summary>
    public string? StatuteReference { get; init; }
    /// <summary>Version of this county-year's decision (1 for the first, 2 for the first revision...).</summary>
    public int Version { get; init; } = 1;
    /// <summary>The decision date, or for a proposal the date it is sent.</summary>
    public DateOnly? DecisionDate { get; init; }
    public string? Diarienummer { get; init; }
    /// <summary>Who decided, as it is to be printed ("landshövding Maria Larsson").</summary>
    public string? DecidedBy { get; init; }
    /// <summary>The presenting official, as printed ("integrationssamordnare Ingela Fredriksson").</summary>
    public string? PresentedBy { get; init; }
    public required AllocationResult Allocation { get; init; }

    /// <summary>For a revision (version &gt; 1): the decision this one replaces, with its numbers.</summary>
    public ReplacedDecision? Replaces { get; init; }

    /// <summary>The decision-maker's own background text, added after the standard background.</summary>
    public string? Background { get; init; }
    /// <summary>The decision-maker's own reasons, added to the standard reasons.</summary>
    public string? Reasons { get; init; }
    /// <summary>What the consultation with the municipalities was and gave; when null the document says nothing about one.</summary>
    public string? ConsultationSummary { get; init; }

    /// <summary>Heading and text of the appeal paragraph (configurable: appealability is not settled). Null: no appeal paragraph.</summary>
    public string? AppealHeading { get; init; }
    public string? AppealText { get; init; }
    /// <summary>A note under the signatures, e.g. "Beslutet har godkänts digitalt och saknar därför underskrift."</summary>
    public string? SignatureNote { get; init; }

    /// <summary>Proposal only: the last day for the municipalities' answers.</summary>
    public DateOnly? ConsultationDeadline { get; init; }

    /// <summary>The county's shares for unaccompanied children before and after its transfers; null: the document says nothing about them.</summary>
    public CountyShares? Shares { get; init; }
    /// <summary>In a revision: the shares of the decision it replaces (a column of the annex).</summary>
    public CountyShares? PreviousShares { get; init; }

    /// <summary>The board's contact details: where to answer a proposal, and the page footer.</summary>
    public BoardContact? Contact { get; init; }

    /// <summary>
    /// When the document's content was fixed (a decision's DecidedAt, a proposal's draft CreatedAt):
    /// the PDF's creation date, so the same content renders to the same bytes. Null: the time of rendering.
    /// </summary>
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>The decision a revision replaces: when, under which case number, from which länstal, and its numbers by municipality code.</summary>
public sealed record ReplacedDecision(int Version, DateOnly DecisionDate, string Diarienummer, int Lanstal, IReadOnlyDictionary<string, int> Numbers);
