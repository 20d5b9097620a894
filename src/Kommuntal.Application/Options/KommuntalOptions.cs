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

    /// <summary>
    /// The public site's start, e.g. <c>https://kommuntal.example.se/api/public</c>: a municipality's
    /// e-mail links its own page there (<c>.../kommuner/1860-laxa</c>). Empty: derived from
    /// <see cref="PublicBaseUrl"/> when that is the app's download route (<c>.../api/public/files</c>),
    /// else <c>https://{WEBSITE_HOSTNAME}/api/public</c> in Azure, else the local server's
    /// <c>http://localhost:7071/api/public</c> (<c>scripts/local.sh serve --port N</c> sets its own port).
    /// </summary>
    public string PublicSiteUrl { get; set; } = "";

    /// <summary>The <see cref="PublicSiteUrl"/> in effect: the one set, else derived as it says.</summary>
    public static string ResolvePublicSiteUrl(string? configured, string? publicBaseUrl, string? websiteHostName)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return configured.Trim().TrimEnd('/');
        const string files = "/files";
        var documents = publicBaseUrl?.Trim().TrimEnd('/');
        if (documents is { Length: > 0 } && documents.EndsWith("/api/public" + files, StringComparison.OrdinalIgnoreCase)) return documents[..^files.Length];
        return websiteHostName is { Length: > 0 } host ? $"https://{host}/api/public" : "http://localhost:7071/api/public";
    }

    /// <summary>Who decides and presents in the unattended demo run (<c>kommuntal run</c>).</summary>
    public DemoDecisionOptions Demo { get; set; } = new();

    public NotificationOptions Notifications { get; set; } = new();

    /// <summary>The yearly cycle: consultation period, decision deadline, reminders.</summary>
    public CycleOptions Cycle { get; set; } = new();

    /// <summary>Contact details per county code ("18"); <see cref="DefaultContact"/> for the rest.</summary>
    public Dictionary<string, BoardContact> Contacts { get; set; } = new();

    public BoardContact DefaultContact { get; set; } = new() { Title = "Integrationssamordnare", Switchboard = "010-224 00 00", Web = "https://www.lansstyrelsen.se" };

    public BoardContact ContactFor(string countyCode) => Contacts.TryGetValue(countyCode, out var c) ? c : DefaultContact;

    /// <summary>The in-memory caches of the public reads (docs/storage.md, "The published index").</summary>
    public PublicCacheOptions PublicCache { get; set; } = new();
}

public sealed class PublicCacheOptions
{
    /// <summary>
    /// How old a cached index may get before a request revalidates it with a conditional read (an
    /// unchanged index costs one request without a body). The instance that publishes updates its
    /// copy at once; another instance serves a publication at the latest this long after it (plus
    /// one storage round trip).
    /// </summary>
    public TimeSpan IndexRevalidateAfter { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Bytes of published documents kept in memory, by SHA-256 (a document's bytes never change).</summary>
    public long MaxDocumentBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>Pre-serialised answers (one per distinct query) kept per index version; beyond it answers are serialised per request.</summary>
    public int MaxResponsesPerIndex { get; set; } = 4096;
}

public sealed class DemoDecisionOptions
{
    public string DecidedBy { get; set; } = "landshövdingen";
    public string PresentedBy { get; set; } = "integrationssamordnaren";
    /// <summary>Diarienummer pattern; {year} and {county} are replaced.</summary>
    public string DiarienummerPattern { get; set; } = "DEMO-{year}-{county}";

    /// <summary>
    /// The date the demo decisions carry: "MM-dd" in the year before the allocation year (default
    /// "11-08", 8 November, the day Örebro län decided the numbers for 2022), or a full date
    /// "yyyy-MM-dd". Never later than today (a later date becomes today). The decision's audit time
    /// (DecidedAt, the PDF's creation time) stays the real time of the run.
    /// </summary>
    public string DecisionDate { get; set; } = "11-08";

    /// <summary>The decision date for <paramref name="year"/>'s demo decisions.</summary>
    public DateOnly DecisionDateFor(int year, DateOnly today)
    {
        var text = DecisionDate.Trim();
        DateOnly date;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var full))
            date = full;
        else if (DateOnly.TryParseExact($"{year - 1:D4}-{text}", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var inYearBefore))
            date = inYearBefore;
        else
            throw new InvalidOperationException($"Kommuntal:Demo:DecisionDate \"{DecisionDate}\" is neither \"MM-dd\" nor \"yyyy-MM-dd\" (Kommuntal:Demo:DecisionDate är varken \"MM-dd\" eller \"yyyy-MM-dd\").");
        return date > today ? today : date;
    }
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

public sealed class CycleOptions
{
    /// <summary>Days the municipalities get to answer a proposal.</summary>
    public int ConsultationDays { get; set; } = 14;
    /// <summary>The boards decide by this day of the year before the allocation year ("MM-dd"; default 15 November).</summary>
    public string DecisionDeadline { get; set; } = "11-15";
    /// <summary>Coordinators of counties not yet decided are reminded this many days before the deadline.</summary>
    public int ReminderDaysBefore { get; set; } = 14;
    /// <summary>Compute and send proposals automatically once the quota is in.</summary>
    public bool AutoPropose { get; set; } = true;

    /// <summary>The decision deadline for an allocation year (in the year before it).</summary>
    public DateOnly DeadlineFor(int allocationYear)
    {
        var parts = DecisionDeadline.Split('-');
        return new DateOnly(allocationYear - 1, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
