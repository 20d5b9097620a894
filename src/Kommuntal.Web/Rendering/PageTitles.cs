namespace Kommuntal.Web.Rendering;

/// <summary>
/// The page title convention: "Sidans namn – Kommuntal" (the page first, so a tab or a screen
/// reader says where you are), "Fel: Sidans namn – Kommuntal" while a form has errors, and
/// "Kommuntal" alone for a start page without a name of its own.
/// </summary>
public static class PageTitles
{
    public const string SiteName = "Kommuntal";

    public static string For(string? page, bool hasErrors = false)
    {
        var title = string.IsNullOrWhiteSpace(page) || page == SiteName ? SiteName : $"{page} – {SiteName}";
        return hasErrors ? "Fel: " + title : title;
    }
}
