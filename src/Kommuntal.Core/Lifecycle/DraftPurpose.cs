namespace Kommuntal.Core.Lifecycle;

/// <summary>
/// Why a draft was computed. Stored and shown as its text (<see cref="DraftPurposes.Text"/>:
/// "proposal", "what-if"), which is also what <see cref="Kommuntal.Core.Text.KommuntalJson"/> writes for it.
/// </summary>
public enum DraftPurpose
{
    /// <summary>The board's proposal (förslag): can be sent for consultation and decided.</summary>
    Proposal,
    /// <summary>A coordinator's parameter experiment: never consulted on, never decided.</summary>
    WhatIf,
}

/// <summary>The text of a <see cref="DraftPurpose"/>, and reading it back.</summary>
public static class DraftPurposes
{
    public const string ProposalText = "proposal";
    public const string WhatIfText = "what-if";

    /// <summary>"proposal" or "what-if": the stored value and the API's.</summary>
    public static string Text(this DraftPurpose purpose) => purpose switch
    {
        DraftPurpose.Proposal => ProposalText,
        DraftPurpose.WhatIf => WhatIfText,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown draft purpose."),
    };

    public static bool TryParse(string? text, out DraftPurpose purpose)
    {
        switch (text)
        {
            case ProposalText: purpose = DraftPurpose.Proposal; return true;
            case WhatIfText: purpose = DraftPurpose.WhatIf; return true;
            default: purpose = default; return false;
        }
    }

    /// <summary>A purpose asked for by a caller: missing means a proposal; anything but the two texts is refused (HTTP 400, exit 2).</summary>
    public static DraftPurpose Parse(string? text) =>
        text is null ? DraftPurpose.Proposal
        : TryParse(text, out var purpose) ? purpose
        : throw new ValidationFailedException([new ValidationProblem("request", null, "purpose", "unknown-purpose",
            "Okänt syfte (proposal eller what-if).", "Unknown purpose (proposal or what-if).")]);

    /// <summary>A stored purpose: only the two texts were ever written.</summary>
    public static DraftPurpose FromStored(string text) =>
        TryParse(text, out var purpose) ? purpose : throw new FormatException($"Stored draft purpose '{text}' is neither '{ProposalText}' nor '{WhatIfText}'.");
}
