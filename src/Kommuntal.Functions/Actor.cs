using Microsoft.AspNetCore.Http;

namespace Kommuntal.Functions;

/// <summary>Who is calling, for the audit trail.</summary>
public static class Actor
{
    /// <summary>The authenticated principal's name when App Service authentication is in front, else "api".</summary>
    public static string Of(HttpRequest request) =>
        request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].FirstOrDefault() is { Length: > 0 } name ? name : "api";
}
