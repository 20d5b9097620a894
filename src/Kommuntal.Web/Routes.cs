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
        /// <summary>Following the year (issue 19): received against kommuntal, month by month.</summary>
        public const string FulfilmentRoute = "public/uppfoljning/{year:int}";
        public static string Fulfilment(int year) => $"{Prefix}/public/uppfoljning/{year.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
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
        /// <summary>The start page of a year: <c>/api/portal?ar=2022</c> (without <c>ar</c>: the latest year with a quota).</summary>
        public static string StartOf(int year) => $"{Start}?ar={year}";
        public const string UploadsRoute = "portal/{year:int}/uppladdning";
        public static string Uploads(int year) => $"{Start}/{year}/uppladdning";
        public const string QuotaUploadRoute = "portal/{year:int}/uppladdning/lanstal";
        public static string QuotaUpload(int year) => $"{Uploads(year)}/lanstal";
        public const string IndicatorUploadRoute = "portal/{year:int}/uppladdning/indikatorer";
        public static string IndicatorUpload(int year) => $"{Uploads(year)}/indikatorer";
        public const string WishUploadRoute = "portal/{year:int}/uppladdning/onskemal";
        public static string WishUpload(int year) => $"{Uploads(year)}/onskemal";

        public const string CountyRoute = "portal/{year:int}/lan/{county}";
        public static string County(int year, string county) => $"{Start}/{year}/lan/{Uri.EscapeDataString(county)}";
        public const string ProposalRoute = CountyRoute + "/forslag";
        public static string Proposal(int year, string county) => County(year, county) + "/forslag";
        public const string WishesRoute = CountyRoute + "/onskemal";
        public static string Wishes(int year, string county) => County(year, county) + "/onskemal";
        public const string WhatIfRoute = CountyRoute + "/tankt-forslag";
        public static string WhatIf(int year, string county) => County(year, county) + "/tankt-forslag";
        public const string ConsultationRoute = CountyRoute + "/samrad";
        public static string Consultation(int year, string county) => County(year, county) + "/samrad";
        public const string DecisionRoute = CountyRoute + "/beslut";
        public static string Decision(int year, string county) => County(year, county) + "/beslut";
        public const string DecisionConfirmRoute = CountyRoute + "/beslut/bekrafta";
        public static string DecisionConfirm(int year, string county) => County(year, county) + "/beslut/bekrafta";
        public const string PublicationRoute = CountyRoute + "/publicering";
        public static string Publication(int year, string county) => County(year, county) + "/publicering";
        public const string NotificationsRoute = CountyRoute + "/utskick";
        public static string Notifications(int year, string county) => County(year, county) + "/utskick";
        public const string ResendRoute = CountyRoute + "/utskick/{id}/skicka-igen";
        public static string Resend(int year, string county, string id) => $"{Notifications(year, county)}/{Uri.EscapeDataString(id)}/skicka-igen";
        public const string AuditRoute = CountyRoute + "/handelser";
        public static string Audit(int year, string county) => County(year, county) + "/handelser";
        /// <summary>Following the year (issue 19): the county's municipalities, received against kommuntal.</summary>
        public const string FulfilmentRoute = CountyRoute + "/uppfoljning";
        public static string Fulfilment(int year, string county) => County(year, county) + "/uppfoljning";
        /// <summary>A draft's PDF as a proposal (<c>forslag-3.pdf</c>) or a decision's (<c>beslut-1.pdf</c>), rendered for preview, inline.</summary>
        public const string PreviewRoute = CountyRoute + "/pdf/{document}";
        public static string DraftPreview(int year, string county, int draft) => $"{County(year, county)}/pdf/forslag-{draft}.pdf";
        public static string DecisionPreview(int year, string county, int version) => $"{County(year, county)}/pdf/beslut-{version}.pdf";

        /// <summary>App Service authentication's sign-in (Entra ID), back to the portal afterwards.</summary>
        public const string Login = "/.auth/login/aad?post_login_redirect_uri=" + Start;
        /// <summary>App Service authentication's sign-out, then the public start page.</summary>
        public const string Logout = "/.auth/logout?post_logout_redirect_uri=" + Public.Start;
    }
}
