using AngleSharp.Dom;
using Kommuntal.Application;
using Kommuntal.Web.Components;
using Kommuntal.Web.Layouts;
using Kommuntal.Web.Pages.Public;
using Kommuntal.Web.Rendering;
using Kommuntal.Web.Tests.Gallery;
using Microsoft.AspNetCore.Components;

namespace Kommuntal.Web.Tests;

/// <summary>The shared components rendered by the real renderer and read back as HTML (AngleSharp).</summary>
public class ComponentTests
{
    private sealed record Row(string Name, long? Number);

    [Fact]
    public async Task The_error_summary_links_to_every_field_and_each_field_points_at_its_message()
    {
        var doc = await Render.DocumentAsync<ComponentGallery>(new() { [nameof(ComponentGallery.WithErrors)] = true });
        Assert.StartsWith("Fel: Komponenter – Kommuntal", doc.Title);
        var summary = doc.QuerySelector(".error-summary")!;
        Assert.Equal("Det finns fel i formuläret", summary.QuerySelector("h2")!.TextContent);
        Assert.Equal("felsammanfattning-rubrik", summary.GetAttribute("aria-labelledby"));
        Assert.Equal("-1", summary.GetAttribute("tabindex"));
        var links = summary.QuerySelectorAll("a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Equal([("#dnr", "Skriv diarienumret"), ("#antal", "Skriv antalet med siffror, till exempel 12"), ("#skal", "Skriv ett skäl")], links);
        foreach (var (href, message) in links)
        {
            var field = doc.GetElementById(href![1..])!;
            Assert.Equal("true", field.GetAttribute("aria-invalid"));
            var describedBy = field.GetAttribute("aria-describedby")!.Split(' ');
            var messages = describedBy.Select(id => doc.GetElementById(id)?.TextContent).ToList();
            Assert.Contains("Fel: " + message, messages); // the message, with "Fel:" for screen readers
            Assert.Equal(field.Id, doc.QuerySelector($"label[for='{field.Id}']")!.GetAttribute("for"));
        }
        // The hint is described too, before the error.
        Assert.Equal("dnr-hjalp dnr-fel", doc.GetElementById("dnr")!.GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task Without_errors_there_is_no_summary_and_no_invalid_field()
    {
        var doc = await Render.DocumentAsync<ComponentGallery>();
        Assert.Equal("Komponenter – Kommuntal", doc.Title);
        Assert.Null(doc.QuerySelector(".error-summary"));
        Assert.Empty(doc.QuerySelectorAll("[aria-invalid]"));
        Assert.Equal("dnr-hjalp", doc.GetElementById("dnr")!.GetAttribute("aria-describedby"));
        Assert.Null(doc.GetElementById("antal")!.GetAttribute("aria-describedby")); // no hint, no error: no attribute
    }

    [Fact]
    public async Task The_data_table_has_a_caption_column_and_row_headers_Swedish_numbers_and_a_footer()
    {
        var columns = new List<TableColumn<Row>>
        {
            TableColumn<Row>.Of("Kommun", r => r.Name, rowHeader: true),
            TableColumn<Row>.Number("Kommuntal", r => r.Number),
        };
        RenderFragment footer = b => { b.OpenElement(0, "tr"); b.OpenElement(1, "th"); b.AddAttribute(2, "scope", "row"); b.AddContent(3, "Totalt"); b.CloseElement(); b.CloseElement(); };
        var doc = Render.Parse(await Render.HtmlAsync<DataTable<Row>>(new()
        {
            [nameof(DataTable<Row>.Caption)] = "Kommuntal 2022 för Örebro län",
            [nameof(DataTable<Row>.CaptionNote)] = "– betyder att uppgift saknas.",
            [nameof(DataTable<Row>.CaptionId)] = "t1",
            [nameof(DataTable<Row>.Columns)] = columns,
            [nameof(DataTable<Row>.Rows)] = new[] { new Row("Örebro", 1301), new Row("<script>alert(1)</script>", null) },
            [nameof(DataTable<Row>.Footer)] = footer,
        }));
        var region = doc.QuerySelector("div.table-wrap")!;
        Assert.Equal("region", region.GetAttribute("role"));
        Assert.Equal("t1", region.GetAttribute("aria-labelledby"));
        Assert.Equal("0", region.GetAttribute("tabindex"));
        var caption = doc.QuerySelector("table > caption")!;
        Assert.Equal("t1", caption.Id);
        Assert.StartsWith("Kommuntal 2022 för Örebro län", caption.TextContent);
        Assert.Equal(["col", "col"], doc.QuerySelectorAll("thead th").Select(th => th.GetAttribute("scope")));
        Assert.Equal(["Örebro", "<script>alert(1)</script>"], doc.QuerySelectorAll("tbody th[scope=row]").Select(th => th.TextContent));
        Assert.Empty(doc.QuerySelectorAll("tbody script")); // text is encoded, never markup
        Assert.Equal(["1\u00A0301", "–"], doc.QuerySelectorAll("tbody td.num").Select(td => td.TextContent));
        Assert.Equal("Totalt", doc.QuerySelector("tfoot th[scope=row]")!.TextContent);
    }

    [Fact]
    public async Task Status_tags_say_the_status_in_words_and_notices_say_important_ones_are_important()
    {
        var doc = await Render.DocumentAsync<ComponentGallery>();
        Assert.Equal(["Publicerat", "Förslag", "Ersatt", "Misslyckades", "Ej påbörjat"], doc.QuerySelectorAll("main p > strong.tag").Select(t => t.TextContent));
        Assert.Equal(["Nytt länstal för 2022", "Viktigt: Beslutet är ersatt"], doc.QuerySelectorAll(".notice h2").Select(h => h.TextContent));
        Assert.Equal(["Beslutsdatum", "Länstal", "Status"], doc.QuerySelectorAll("dl.definition-list dt").Select(d => d.TextContent));
        Assert.Equal("8 november 2021", doc.QuerySelector("dl.definition-list dd")!.TextContent);
        var crumbs = doc.QuerySelector("nav.breadcrumbs")!;
        Assert.Equal("Du är här", crumbs.GetAttribute("aria-label"));
        Assert.Equal("page", crumbs.QuerySelector("li:last-child")!.GetAttribute("aria-current"));
        Assert.Equal("Komponenter", crumbs.QuerySelector("li:last-child")!.TextContent);
    }

    [Fact]
    public async Task The_public_layout_has_language_title_skip_link_main_landmark_footer_and_the_feed_slot()
    {
        var doc = await Render.DocumentAsync<PublicLayout>(new()
        {
            [nameof(PublicLayout.Title)] = "Kommuntal för 2022",
            [nameof(PublicLayout.Feed)] = new FeedLink(Routes.Public.Feed, "Beslut om kommuntal"),
            [nameof(PublicLayout.Current)] = Routes.Public.Nation,
        });
        Assert.Equal("sv", doc.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Kommuntal för 2022 – Kommuntal", doc.Title);
        var first = doc.Body!.FirstElementChild!;
        Assert.Equal(("A", "#innehall", "Till huvudinnehållet"), (first.TagName, first.GetAttribute("href"), first.TextContent));
        Assert.Equal("innehall", doc.QuerySelector("main")!.Id);
        Assert.Equal("Kommuntal", doc.QuerySelector("header .site-name")!.TextContent);
        Assert.Equal(Routes.Public.Nation, doc.QuerySelector("nav a[aria-current=page]")!.GetAttribute("href"));
        var feed = doc.QuerySelector("link[rel=alternate]")!;
        Assert.Equal(("application/atom+xml", "/api/public/beslut.atom"), (feed.GetAttribute("type"), feed.GetAttribute("href")));
        Assert.Equal(["/api/public/tillganglighet", "/api/public/om-webbplatsen"], doc.QuerySelectorAll("footer a").Select(a => a.GetAttribute("href")));
        Assert.Contains("inga kakor", doc.QuerySelector("footer")!.TextContent);
    }

    [Fact]
    public async Task The_portal_layout_shows_who_is_signed_in_with_their_roles_and_a_logout_link()
    {
        var user = new PortalUser("Anna Andersson", ["Coordinator.18", "Coordinator.All"]);
        var doc = await Render.DocumentAsync<PortalLayout>(new() { [nameof(PortalLayout.Title)] = "Översikt", [nameof(PortalLayout.User)] = user });
        Assert.Equal("Översikt – Kommuntal", doc.Title);
        Assert.Equal("Inloggad som Anna Andersson", doc.QuerySelector(".user-box__name")!.TextContent);
        Assert.Equal("Samordnare för Örebro län, Nationell samordnare (alla län)", doc.QuerySelector(".user-box__roles")!.TextContent);
        Assert.Equal("/.auth/logout?post_logout_redirect_uri=/api/public", doc.QuerySelector("a.user-box__logout")!.GetAttribute("href"));
        Assert.Equal("noindex", doc.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
        Assert.Equal("Portalens delar", doc.QuerySelector("nav.site-nav")!.GetAttribute("aria-label"));
        Assert.Equal("#innehall", doc.Body!.FirstElementChild!.GetAttribute("href"));
    }

    [Theory]
    [InlineData(404, "Sidan finns inte")]
    [InlineData(403, "Du har inte behörighet till sidan")]
    [InlineData(401, "Du behöver logga in")]
    [InlineData(500, "Något gick fel")]
    public async Task Error_pages_say_what_happened_with_their_status_and_are_never_cached(int status, string heading)
    {
        var user = status == 403 ? new PortalUser("Anna Andersson", ["Coordinator.03"]) : null;
        using var correlation = Correlation.Begin("req-1234abcd");
        var page = await Render.Pages.ErrorAsync(status, user, returnUrl: "/api/portal/2022/18");
        Assert.Equal(status, page.StatusCode);
        Assert.Equal(PageCache.NoStore, page.CacheControl);
        var doc = await Render.ParseAsync(page);
        Assert.Equal(heading, doc.QuerySelector("main h1")!.TextContent);
        Assert.Equal($"{heading} – Kommuntal", doc.Title);
        var text = doc.QuerySelector("main")!.TextContent;
        if (status == 500) Assert.Contains("felkoden req-1234abcd", text);
        else Assert.DoesNotContain("req-1234abcd", text);
        if (status == 403)
        {
            Assert.Contains("inloggad som Anna Andersson", text);
            Assert.NotNull(doc.QuerySelector(".user-box")); // the portal's layout
        }
        if (status == 401)
            Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fportal%2F2022%2F18", doc.QuerySelector("main a.button")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example/x")]
    [InlineData("https://evil.example/x")]
    [InlineData("/api/portal\\..\\x")]
    [InlineData("/api/portal\n")]
    public async Task A_401_never_sends_the_reader_back_to_another_site_after_signing_in(string returnUrl)
    {
        var doc = await Render.ParseAsync(await Render.Pages.ErrorAsync(401, returnUrl: returnUrl));
        Assert.Equal(Routes.Portal.Login, doc.QuerySelector("main a.button")!.GetAttribute("href"));
    }

    [Fact]
    public async Task No_page_has_inline_style_or_script_which_the_CSP_would_block()
    {
        var statement = AccessibilityStatement.From(new WebOptions(), new Application.Options.KommuntalOptions(), Core.Reference.ReferenceData.Bundled);
        var pages = new List<IDocument>
        {
            await Render.DocumentAsync<AccessibilityStatementPage>(new() { [nameof(AccessibilityStatementPage.Statement)] = statement }),
            await Render.DocumentAsync<AboutSitePage>(new() { [nameof(AboutSitePage.Operator)] = "Länsstyrelserna" }),
            await Render.DocumentAsync<ComponentGallery>(new() { [nameof(ComponentGallery.WithErrors)] = true }),
            await Render.ParseAsync(await Render.Pages.ErrorAsync(500)),
            await Render.ParseAsync(await Render.Pages.ErrorAsync(403, new PortalUser("A", []))),
        };
        foreach (var doc in pages)
        {
            Assert.Empty(doc.QuerySelectorAll("style, [style]"));
            Assert.All(doc.QuerySelectorAll("script"), s => Assert.StartsWith("/api/assets/", s.GetAttribute("src")));
            Assert.DoesNotContain(doc.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.Ordinal));
            Assert.Single(doc.QuerySelectorAll("h1"));
        }
    }

    [Fact]
    public void Titles_formats_and_the_route_plan_follow_the_conventions()
    {
        Assert.Equal("Tillgänglighetsredogörelse – Kommuntal", PageTitles.For("Tillgänglighetsredogörelse"));
        Assert.Equal("Fel: Ladda upp länstal – Kommuntal", PageTitles.For("Ladda upp länstal", hasErrors: true));
        Assert.Equal("Kommuntal", PageTitles.For(""));
        Assert.Equal("8 november 2021", Format.Date(new DateOnly(2021, 11, 8)));
        Assert.Equal("8 november 2021 kl. 14.05", Format.DateTime(new DateTimeOffset(2021, 11, 8, 13, 5, 0, TimeSpan.Zero)));
        Assert.Equal("1\u00A0301", Format.Number(1301));
        Assert.Equal("–", Format.Number((long?)null));
        Assert.Equal("0,43", Format.Decimal(0.43, 2));
        Assert.Equal("43\u00A0%", Format.Percent(0.43));
        Assert.Equal("/api/public/kommuner/1880-orebro", Routes.Public.Municipality("1880-orebro"));
        Assert.Equal("/api/public/lan/18-orebro-lan", Routes.Public.County("18-orebro-lan"));
        Assert.Equal("/api/assets/site.1a2b3c4d.css", Routes.Asset("site.1a2b3c4d.css"));
    }
}
