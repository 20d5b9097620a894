using Kommuntal.Application.Options;
using Kommuntal.Core.Notifications;
using Kommuntal.Infrastructure.Email.Acs;

namespace Kommuntal.Infrastructure.Email;

/// <summary>
/// Which sender to use, bound from the "Email" configuration section. These names are also used by
/// the Bicep templates (app settings <c>Email__Sender</c>, <c>Email__Acs__Endpoint</c>...): keep them.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>"outbox" (default), "smtp" or "acs".</summary>
    public string Sender { get; set; } = "outbox";

    /// <summary>Directory of the local .eml outbox.</summary>
    public string OutboxDirectory { get; set; } = "out/outbox";

    public AcsEmailOptions Acs { get; set; } = new();

    public SmtpEmailOptions Smtp { get; set; } = new();
}

/// <summary>Azure Communication Services: an endpoint (Entra ID, managed identity) or a connection string (HMAC).</summary>
public sealed class AcsEmailOptions
{
    /// <summary>"https://name.communication.azure.com": authenticates with DefaultAzureCredential (the app's managed identity).</summary>
    public string? Endpoint { get; set; }

    /// <summary>"endpoint=https://name.communication.azure.com/;accesskey=BASE64": HMAC signing with the access key (local or key-based use).</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>An SMTP relay, e.g. ACS's smtp.azurecomm.net:587 with STARTTLS.</summary>
public sealed class SmtpEmailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>
    /// Require STARTTLS (default; port 465 always uses TLS from the start). False is accepted only
    /// for a relay on this machine (<see cref="IsLoopback"/>): credentials and the decisions'
    /// attachments must not cross a network in clear text.
    /// </summary>
    public bool StartTls { get; set; } = true;

    /// <summary>True when the connection is encrypted: STARTTLS required, or implicit TLS on port 465.</summary>
    public bool UsesTls => StartTls || Port == 465;

    /// <summary>
    /// "localhost" or a loopback address (127.0.0.0/8, ::1), judged from the setting itself without
    /// a DNS lookup, so no name can be made to resolve to loopback later.
    /// </summary>
    public static bool IsLoopback(string? host)
    {
        var h = (host ?? "").Trim().TrimEnd('.');
        if (h.StartsWith('[') && h.EndsWith(']')) h = h[1..^1];
        return string.Equals(h, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(h, out var ip) && System.Net.IPAddress.IsLoopback(ip));
    }

    /// <summary>The refusal of a clear-text relay that is not on this machine, or null.</summary>
    public string? PlainTextProblem() =>
        UsesTls || IsLoopback(Host) ? null
            : $"Email:Smtp:StartTls is false for the relay '{EmailRules.Printable(Host)}', which is not on this machine: SMTP without TLS is allowed only to localhost or a loopback address (127.0.0.1, ::1). Set Email:Smtp:StartTls to true (or use port 465).";
}

/// <summary>
/// Checks the e-mail configuration when the services are built, so a misconfigured sender stops the
/// app at start-up with a message naming the setting, not at the first send. Never echoes secrets.
/// </summary>
public static class EmailConfiguration
{
    public static IReadOnlyList<string> Problems(EmailOptions email, KommuntalOptions app)
    {
        var list = new List<string>();
        var kind = (email.Sender ?? "").Trim().ToLowerInvariant();
        switch (kind)
        {
            case "" or "outbox":
                if (string.IsNullOrWhiteSpace(email.OutboxDirectory)) list.Add("Email:OutboxDirectory is empty; give the directory of the local .eml outbox.");
                break;
            case "smtp":
                var s = email.Smtp;
                if (string.IsNullOrWhiteSpace(s.Host)) list.Add("Email:Smtp:Host is required when Email:Sender is 'smtp' (e.g. smtp.azurecomm.net).");
                else if (Uri.CheckHostName(s.Host.Trim()) == UriHostNameType.Unknown) list.Add("Email:Smtp:Host is not a valid host name.");
                if (s.Port is < 1 or > 65535) list.Add($"Email:Smtp:Port must be between 1 and 65535 (is {s.Port}).");
                if (!string.IsNullOrWhiteSpace(s.Host) && s.PlainTextProblem() is { } plain) list.Add(plain);
                if (string.IsNullOrEmpty(s.UserName) != string.IsNullOrEmpty(s.Password))
                    list.Add("Email:Smtp:UserName and Email:Smtp:Password must be given together (or neither, for a relay without authentication).");
                break;
            case "acs":
                var a = email.Acs;
                var hasEndpoint = !string.IsNullOrWhiteSpace(a.Endpoint);
                var hasConnection = !string.IsNullOrWhiteSpace(a.ConnectionString);
                if (hasEndpoint == hasConnection)
                    list.Add("Email:Sender 'acs' needs exactly one of Email:Acs:Endpoint (managed identity) or Email:Acs:ConnectionString (access key).");
                else if (hasEndpoint && AcsConnectionString.EndpointProblem(a.Endpoint!) is { } ep)
                    list.Add($"Email:Acs:Endpoint {ep}");
                else if (hasConnection && AcsConnectionString.Problem(a.ConnectionString!) is { } cp)
                    list.Add($"Email:Acs:ConnectionString {cp}");
                break;
            default:
                list.Add($"Email:Sender '{EmailRules.Printable(email.Sender)}' is not known; use 'outbox', 'smtp' or 'acs'.");
                break;
        }
        if (EmailRules.AddressProblem(app.Notifications.SenderAddress) is { } sender)
            list.Add($"Kommuntal:Notifications:SenderAddress is not a valid address: {sender}.");
        if (app.Notifications.MaxAttempts < 1) list.Add("Kommuntal:Notifications:MaxAttempts must be at least 1.");
        if (app.Notifications.StatusPollInterval <= TimeSpan.Zero) list.Add("Kommuntal:Notifications:StatusPollInterval must be positive.");
        foreach (var (code, contact) in app.Contacts.Select(kv => (kv.Key, kv.Value)).Append(("DefaultContact", app.DefaultContact)))
        {
            var prefix = code == "DefaultContact" ? "Kommuntal:DefaultContact" : $"Kommuntal:Contacts:{code}";
            if (contact.CoordinatorEmail.Trim() is { Length: > 0 } c && EmailRules.AddressProblem(c) is { } why)
                list.Add($"{prefix}:CoordinatorEmail is not a valid address: {why}.");
            if (contact.Email.Trim() is { Length: > 0 } e && EmailRules.AddressProblem(e) is { } why2)
                list.Add($"{prefix}:Email is not a valid address: {why2}.");
            if (EmailRules.HeaderTextProblem(contact.Name, required: false) is { } n)
                list.Add($"{prefix}:Name: {n}.");
        }
        return list;
    }

    public static void ThrowIfInvalid(EmailOptions email, KommuntalOptions app)
    {
        var problems = Problems(email, app);
        if (problems.Count > 0)
            throw new InvalidOperationException("E-mail is not configured correctly: " + string.Join(" ", problems));
    }
}
