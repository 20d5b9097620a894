namespace Kommuntal.Infrastructure.Email;

/// <summary>Which sender to use, bound from the "Email" configuration section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>"outbox" (default), "smtp" or "acs".</summary>
    public string Sender { get; set; } = "outbox";

    /// <summary>Directory of the local .eml outbox.</summary>
    public string OutboxDirectory { get; set; } = "out/outbox";
}
