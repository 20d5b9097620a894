using Microsoft.AspNetCore.Http;

namespace Kommuntal.Functions;

/// <summary>Who is calling, for the audit trail.</summary>
public static class Actor
{
    /// <summary>The principal the access check established (see CoordinatorAccess), else "api".</summary>
    public static string Of(HttpRequest request) =>
        request.HttpContext.Items.TryGetValue(nameof(Kommuntal.Application.Security.Principal), out var p) && p is Kommuntal.Application.Security.Principal principal
            ? $"{principal.Name} ({principal.Source})"
            : "api";
}
