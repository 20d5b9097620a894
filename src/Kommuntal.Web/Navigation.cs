namespace Kommuntal.Web;

/// <summary>
/// The menus and the site-wide links. The page issues add their entries here (one line each), so the
/// layouts need no change when a page is added.
/// </summary>
public static class Navigation
{
    /// <summary>The public site's main menu (issue 18 builds these pages).</summary>
    public static readonly IReadOnlyList<NavLink> Public =
    [
        new(Routes.Public.Start, "Startsida"),
        new(Routes.Public.Nation, "Hela landet"),
        new(Routes.Public.OpenData, "Öppna data"),
        new(Routes.Public.AboutKommuntal, "Vad är kommuntal?"),
    ];

    /// <summary>The portal's sections (issue 17 builds these pages and adds its sections here).</summary>
    public static readonly IReadOnlyList<NavLink> Portal =
    [
        new(Routes.Portal.Start, "Översikt"),
    ];

    /// <summary>
    /// The feed every public page announces (the Atom feed of decisions, issue 18).
    /// </summary>
    public static readonly FeedLink? DecisionFeed = new(Routes.Public.Feed, "Beslut om kommuntal");

    /// <summary>The footer's links, on every page of both sites.</summary>
    public static readonly IReadOnlyList<NavLink> Footer =
    [
        new(Routes.Public.AccessibilityStatement, "Tillgänglighetsredogörelse"),
        new(Routes.Public.AboutSite, "Om webbplatsen och kakor"),
    ];
}
