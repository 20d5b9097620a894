using Kommuntal.Core.Documents;

namespace Kommuntal.Core.Notifications;

/// <summary>The board's contact details that sign every message (from configuration).</summary>
public sealed record BoardContact
{
    public string Name { get; init; } = "";
    public string Title { get; init; } = "Integrationssamordnare";
    public string Unit { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Email { get; init; } = "";
    public string PostalAddress { get; init; } = "";
    public string Switchboard { get; init; } = "";
    public string Web { get; init; } = "";
    /// <summary>
    /// Where the coordinator's summary of each publication's e-mails and the reports of failed
    /// messages go; when empty, <see cref="Email"/> (the signing contact) is used.
    /// </summary>
    public string CoordinatorEmail { get; init; } = "";

    /// <summary>The coordinator's address, or null when none is configured.</summary>
    public string? CoordinatorAddress => CoordinatorEmail.Trim() is { Length: > 0 } c ? c : Email.Trim() is { Length: > 0 } e ? e : null;
}

/// <summary>Facts one notification to one municipality is written from.</summary>
public sealed record NotificationContent
{
    public required DocumentKind Kind { get; init; }
    public required County County { get; init; }
    public required int Year { get; init; }
    public required int Lanstal { get; init; }
    public required Municipality Municipality { get; init; }
    public required int Kommuntal { get; init; }
    public required int DecisionVersion { get; init; }
    public DateOnly? DecisionDate { get; init; }
    public string? DecidedBy { get; init; }
    public DateOnly? ConsultationDeadline { get; init; }
    public required string DocumentUrl { get; init; }
    public required string PublicPageUrl { get; init; }
    public required string DocumentSha256 { get; init; }
    public bool DocumentAttached { get; init; }
    /// <summary>What was done with the municipalities' wishes (one or two sentences), if anything.</summary>
    public string? WishesSummary { get; init; }
    /// <summary>What was done with the unaccompanied children's shares (andelstal), if anything.</summary>
    public string? UnaccompaniedSummary { get; init; }
    public required BoardContact Contact { get; init; }
}

/// <summary>A message's text in both forms.</summary>
public sealed record EmailContent(string Subject, string PlainText, string Html);
