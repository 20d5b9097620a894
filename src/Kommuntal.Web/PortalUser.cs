using Kommuntal.Application.Security;
using Kommuntal.Core.Reference;

namespace Kommuntal.Web;

/// <summary>The signed-in coordinator as the portal layout shows them: name and roles in Swedish.</summary>
public sealed record PortalUser(string Name, IReadOnlyList<string> Roles)
{
    public static PortalUser From(Principal principal) => new(principal.Name, principal.Roles);

    /// <summary>"Nationell samordnare (alla län)", "Samordnare för Örebro län"; an unknown role as it is.</summary>
    public IReadOnlyList<string> RoleNames => Roles.Select(RoleName).ToList();

    public static string RoleName(string role)
    {
        if (role == AccessPolicy.AllCounties) return "Nationell samordnare (alla län)";
        const string prefix = "Coordinator.";
        if (role.StartsWith(prefix, StringComparison.Ordinal) && ReferenceData.Bundled.FindCounty(role[prefix.Length..]) is { } county)
            return $"Samordnare för {county.Name}";
        return role;
    }
}

/// <summary>A link in a menu or a breadcrumb trail.</summary>
public sealed record NavLink(string Href, string Text);

/// <summary>The Atom feed a page announces with <c>&lt;link rel="alternate" type="application/atom+xml"&gt;</c>.</summary>
public sealed record FeedLink(string Href, string Title);
