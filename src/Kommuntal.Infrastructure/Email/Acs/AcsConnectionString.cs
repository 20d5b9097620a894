namespace Kommuntal.Infrastructure.Email.Acs;

/// <summary>
/// An Azure Communication Services connection string, <c>endpoint=https://host/;accesskey=BASE64</c>.
/// The access key is a secret: <see cref="ToString"/> never shows it and no message quotes it.
/// </summary>
public sealed class AcsConnectionString
{
    public Uri Endpoint { get; }
    /// <summary>The decoded access key (the HMAC key).</summary>
    internal byte[] Key { get; }

    private AcsConnectionString(Uri endpoint, byte[] key)
    {
        Endpoint = endpoint;
        Key = key;
    }

    public static AcsConnectionString Parse(string connectionString) =>
        TryParse(connectionString, out var parsed, out var problem) ? parsed : throw new FormatException("The ACS connection string " + problem);

    /// <summary>Why the string is not a usable connection string, or null (for configuration checks).</summary>
    public static string? Problem(string connectionString) => TryParse(connectionString, out _, out var problem) ? null : problem;

    private static bool TryParse(string connectionString, out AcsConnectionString parsed, out string problem)
    {
        parsed = null!;
        string? endpoint = null, key = null;
        foreach (var part in (connectionString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var name = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase)) endpoint = value;
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase)) key = value;
        }
        if (endpoint is null || key is null)
        {
            problem = "must have the form 'endpoint=https://NAME.communication.azure.com/;accesskey=KEY' (endpoint or accesskey is missing).";
            return false;
        }
        if (EndpointProblem(endpoint) is { } ep)
        {
            problem = "has an endpoint that " + ep;
            return false;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            problem = "has an accesskey that is not base64.";
            return false;
        }
        if (bytes.Length == 0)
        {
            problem = "has an empty accesskey.";
            return false;
        }
        parsed = new AcsConnectionString(new Uri(endpoint), bytes);
        problem = "";
        return true;
    }

    /// <summary>
    /// Why <paramref name="endpoint"/> is not a usable ACS endpoint, or null. It must be an absolute
    /// https URL without path, query or fragment; plain http only on a loopback address (a local test endpoint).
    /// </summary>
    public static string? EndpointProblem(string endpoint)
    {
        if (!Uri.TryCreate(endpoint?.Trim(), UriKind.Absolute, out var uri)) return "is not an absolute URL (https://NAME.communication.azure.com).";
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            return "must use https (plain http is allowed only on a loopback address).";
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0) return "must not have a path, query or fragment.";
        if (uri.UserInfo.Length > 0) return "must not contain user information.";
        return null;
    }

    public override string ToString() => $"endpoint={Endpoint};accesskey=***";
}
