using Kommuntal.Core.Allocation;
using Kommuntal.Core.Reference;

namespace Kommuntal.Core.Documents;

/// <summary>The facts a decision (or proposal) document is written from.</summary>
public sealed record DecisionContent
{
    public required DocumentKind Kind { get; init; }
    public required County County { get; init; }
    public required int Year { get; init; }
    public required int Lanstal { get; init; }
    public required int NationalTotal { get; init; }
    /// <summary>The statute that fixed the länstal, e.g. "SFS 2021:870".</summary>
    public string? StatuteReference { get; init; }
    /// <summary>Version of this county-year's decision (1 for the first, 2 for the first revision...).</summary>
    public int Version { get; init; } = 1;
    public DateOnly? DecisionDate { get; init; }
    public string? Diarienummer { get; init; }
    public string? DecidedBy { get; init; }
    public string? PresentedBy { get; init; }
    public required AllocationResult Allocation { get; init; }
}
