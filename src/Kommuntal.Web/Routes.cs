namespace Kommuntal.Web;

/// <summary>
/// The route plan of the pages (ARCHITECTURE.md, "Pages"). Components link with these and the
/// functions' <c>Route =</c> use the <c>...Route</c> templates, so no page URL is spelt out twice.
/// Every path starts with <see cref="Prefix"/>, the Functions host's route prefix (host.json).
/// </summary>
public static class Routes
{
    public const string Prefix = "/api";

    /// <summary>Stylesheet and scripts: <c>GET /api/assets/{name}</c> with fingerprinted names (anonymous, immutable).</summary>
    public const string AssetRoute = "assets/{name}";
    public static string Asset(string fingerprintedName) => $"{Prefix}/assets/{Uri.EscapeDataString(fingerprintedName)}";

    /// <summary>The anonymous public site (issue 18): no cookies, no sign-in.</summary>
    public static class Public
    {
        public const string StartRoute = "public";
        public const string Start = Prefix + "/" + StartRoute;
        public const string AccessibilityStatementRoute = "public/tillganglighet";
        public const string AccessibilityStatement = Prefix + "/" + AccessibilityStatementRoute;
        public const string AboutSiteRoute = "public/om-webbplatsen";
        public const string AboutSite = Prefix + "/" + AboutSiteRoute;
        public const string AboutKommuntalRoute = "public/om-kommuntal";
        public const string AboutKommuntal = Prefix + "/" + AboutKommuntalRoute;
        public const string NationRoute = "public/riket";
        public const string Nation = Prefix + "/" + NationRoute;
        public const string CountyRoute = "public/lan/{slug}";
        public static string County(string slug) => $"{Prefix}/public/lan/{Uri.EscapeDataString(slug)}";
        public const string MunicipalityRoute = "public/kommuner/{slug}";
        public static string Municipality(string slug) => $"{Prefix}/public/kommuner/{Uri.EscapeDataString(slug)}";
        /// <summary>Open data: <c>/api/public/data/...</c>, e.g. <c>/api/public/data/kommuntal-2022.csv</c>.</summary>
        public const string OpenDataRoute = "public/data";
        public const string OpenData = Prefix + "/" + OpenDataRoute;
        public const string DataFileRoute = "public/data/{file}";
        public static string DataFile(string name) => $"{OpenData}/{Uri.EscapeDataString(name)}";
        /// <summary>A recorded document of the published container ("2022/18-orebro-lan/beslut-v1.pdf"), served by GET /api/public/files/{path}.</summary>
        public static string File(string path) => $"{Prefix}/public/files/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";
        public const string FeedRoute = "public/beslut.atom";
        public const string Feed = Prefix + "/" + FeedRoute;
    }

    /// <summary>The coordinators' portal (issue 17): anonymous at function level, identity from App Service authentication.</summary>
    public static class Portal
    {
        public const string StartRoute = "portal";
        public const string Start = Prefix + "/" + StartRoute;
        /// <summary>App Service authentication's sign-in (Entra ID), back to the portal afterwards.</summary>
        public const string Login = "/.auth/login/aad?post_login_redirect_uri=" + Start;
        /// <summary>App Service authentication's sign-out, then the public start page.</summary>
        public const string Logout = "/.auth/logout?post_logout_redirect_uri=" + Public.Start;
    }
}
