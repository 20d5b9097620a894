using Kommuntal.Core.Notifications;

namespace Kommuntal.Application.Options;

/// <summary>Application settings, bound from the "Kommuntal" configuration section.</summary>
public sealed class KommuntalOptions
{
    public const string Section = "Kommuntal";

    /// <summary>
    /// Base URL under which published documents and the public page are reachable (e.g. the Function
    /// App's public download route). Empty: the blob endpoint's own URLs are used.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Who decides and presents in the unattended demo run (<c>kommuntal run</c>).</summary>
    public DemoDecisionOptions Demo { get; set; } = new();

    public NotificationOptions Notifications { get; set; } = new();

    /// <summary>Contact details per county code ("18"); <see cref="DefaultContact"/> for the rest.</summary>
    public Dictionary<string, BoardContact> Contacts { get; set; } = new();

    public BoardContact DefaultContact { get; set; } = new() { Title = "Integrationssamordnare", Switchboard = "010-224 00 00", Web = "https://www.lansstyrelsen.se" };

    public BoardContact ContactFor(string countyCode) => Contacts.TryGetValue(countyCode, out var c) ? c : DefaultContact;
}

public sealed class DemoDecisionOptions
{
    public string DecidedBy { get; set; } = "landshövdingen";
    public string PresentedBy { get; set; } = "integrationssamordnaren";
    /// <summary>Diarienummer pattern; {year} and {county} are replaced.</summary>
    public string DiarienummerPattern { get; set; } = "DEMO-{year}-{county}";
}

public sealed class NotificationOptions
{
    public string SenderAddress { get; set; } = "kommuntal@lansstyrelsen.example";
    public string SenderName { get; set; } = "Länsstyrelsen";
    /// <summary>Attach the PDF when the whole message stays under this size after base64 (ACS limit 10 MB).</summary>
    public int MaxAttachmentBytes { get; set; } = 7 * 1024 * 1024;
    /// <summary>After this many failed attempts a message is marked failed and reported.</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>Least time between two delivery-status questions about one message (the provider's Retry-After wins when longer).</summary>
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>After this long without a final delivery status the poller stops asking (the message stays Sent; audited).</summary>
    public TimeSpan StatusPollTimeout { get; set; } = TimeSpan.FromHours(48);
    /// <summary>At most this many status questions per poll run (the provider rate-limits status reads).</summary>
    public int MaxStatusChecksPerRun { get; set; } = 100;
}
