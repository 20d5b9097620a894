namespace Kommuntal.Web;

/// <summary>Settings of the pages, bound from the "Kommuntal:Web" configuration section.</summary>
public sealed class WebOptions
{
    public const string Section = "Kommuntal:Web";

    /// <summary>Who stands behind the service (the accessibility statement and the footer name it).</summary>
    public string Operator { get; set; } = "Länsstyrelserna";

    /// <summary>
    /// The day the accessibility of the pages was last assessed (the tests of docs/web.md run, the
    /// keyboard, 320 px and 200 % checks made). The statement prints it; change it when you assess again.
    /// </summary>
    /// <summary>
    /// The portal's anti-forgery key (base64, at least 32 bytes): its forms carry an HMAC of the
    /// signed-in principal under this key (docs/security.md, "Portal"). Required in Azure (the app
    /// refuses to start without it); locally a random key is made at start-up when it is not set.
    /// Generate one with <c>openssl rand -base64 32</c>.
    /// </summary>
    public string? AntiforgeryKey { get; set; }

    /// <summary>The key's bytes, or null when it is not set or not base64 of at least 32 bytes.</summary>
    public byte[]? AntiforgeryKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(AntiforgeryKey)) return null;
        var buffer = new byte[AntiforgeryKey.Length];
        return Convert.TryFromBase64String(AntiforgeryKey.Trim(), buffer, out var n) && n >= 32 ? buffer[..n] : null;
    }

    public DateOnly AccessibilityAssessedOn { get; set; } = Pages.Public.AccessibilityStatement.LastAssessment;
}
