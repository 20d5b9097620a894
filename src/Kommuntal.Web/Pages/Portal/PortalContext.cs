using Kommuntal.Application.Security;
using Kommuntal.Web.Components;

namespace Kommuntal.Web.Pages.Portal;

/// <summary>
/// What every portal page knows of the request: who is signed in, the anti-forgery token its forms
/// carry, the year, and the counties the user may act on (all 21 with <c>Coordinator.All</c>).
/// </summary>
public sealed record PortalContext(PortalUser User, string Token, int Year, IReadOnlyList<string> Counties, bool National)
{
    /// <summary>The hidden field of the anti-forgery token in every portal form.</summary>
    public const string TokenField = "__token";
    /// <summary>The hidden field with the county-year's ETag the form was rendered from (sent on as If-Match).</summary>
    public const string ETagField = "__etag";

    public static PortalContext For(Principal principal, string token, int year, IReadOnlyList<string> allCounties)
    {
        var national = principal.Roles.Contains(AccessPolicy.AllCounties, StringComparer.Ordinal);
        var own = national ? allCounties : allCounties.Where(c => principal.Roles.Contains(AccessPolicy.CountyRole(c), StringComparer.Ordinal)).ToList();
        return new PortalContext(PortalUser.From(principal), token, year, own, national);
    }

    /// <summary>The portal's menu for this year.</summary>
    public IReadOnlyList<NavLink> Menu =>
    [
        new(Routes.Portal.StartOf(Year), "Översikt"),
        new(Routes.Portal.Uploads(Year), "Ladda upp filer"),
    ];
}

/// <summary>A message at the top of a page: after a completed step, or why a step was not taken.</summary>
/// <param name="ReloadUrl">For a conflict: where to read the page again.</param>
public sealed record PageNotice(StatusKind Kind, string Heading, string Text, string? ReloadUrl = null)
{
    /// <summary>Someone (another coordinator, another tab, a double click) changed the county-year after the page was read.</summary>
    public static PageNotice Conflict(string reloadUrl) => new(StatusKind.Error, "Någon annan har ändrat länets uppgifter",
        "Uppgifterna har ändrats sedan du öppnade sidan, av en annan samordnare, i en annan flik eller av ett dubbelklick. Ingenting av det du skickade har sparats, så inget har skrivits över. Läs in sidan igen för att se hur det ser ut nu, och gör sedan om ändringen om den fortfarande behövs.",
        reloadUrl);
}

/// <summary>The values a form was sent with, kept when it comes back with errors.</summary>
public sealed class FormValues(IReadOnlyDictionary<string, string> values)
{
    public static readonly FormValues Empty = new(new Dictionary<string, string>());
    public string? this[string name] => values.TryGetValue(name, out var v) ? v : null;
    public string Or(string name, string? fallback) => values.TryGetValue(name, out var v) ? v : fallback ?? "";
    public bool Has(string name) => values.ContainsKey(name);
}
