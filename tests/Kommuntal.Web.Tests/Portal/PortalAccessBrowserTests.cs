using System.Text;
using Kommuntal.Web.Tests.Browser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using static Kommuntal.Web.Tests.Portal.Keyboard;

namespace Kommuntal.Web.Tests.Portal;

/// <summary>
/// Who may do what in the portal, in Chromium through the real local server: nobody signed in gets
/// the 401 page, an Uppsala coordinator gets the 403 page for every page and form of Örebro, a
/// county coordinator for the national uploads; a POST from another site is refused (and so is one
/// without the token), and nothing changes.
/// </summary>
public class PortalAccessBrowserTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly string[] OrebroPages = ["", "/tankt-forslag", "/samrad", "/beslut", "/publicering", "/utskick", "/handelser", "/pdf/forslag-1.pdf"];
    private static readonly string[] OrebroForms = ["/forslag", "/onskemal", "/tankt-forslag", "/samrad", "/beslut", "/beslut/bekrafta", "/publicering", "/utskick/abc/skicka-igen"];

    [Fact]
    public async Task Without_a_sign_in_the_portal_answers_401_with_a_sign_in_link_back_to_the_page()
    {
        var page = await portal.NewPageAsync(null, bypassCsp: true);
        var response = await page.GotoAsync(portal.Url("api/portal/2022/lan/18"));
        Assert.Equal(401, response!.Status);
        Assert.Equal("Du behöver logga in", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fportal%2F2022%2Flan%2F18",
            await page.GetByRole(AriaRole.Link, new() { Name = "Logga in" }).GetAttributeAsync("href"));
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_Uppsala_coordinator_is_refused_every_page_and_form_of_Orebro_with_the_403_page()
    {
        await portal.ImportNationalInputsAsync();
        var page = await portal.NewPageAsync("Coordinator.03", bypassCsp: true);
        // Uppsala's own county page works, and gives a valid token for this user (a form of Uppsala's).
        Assert.Equal(200, (await page.GotoAsync(portal.Url("api/portal/2022/lan/03")))!.Status);
        var token = await page.Locator("input[name=__token]").First.InputValueAsync();
        // The start page lists Örebro, but not as a link.
        await page.GotoAsync(portal.Url("api/portal?ar=2022"));
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Örebro län", Exact = true }).CountAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Uppsala län", Exact = true }).CountAsync());

        foreach (var path in OrebroPages)
        {
            var response = await page.GotoAsync(portal.Url("api/portal/2022/lan/18" + path));
            Assert.Equal(403, response!.Status);
            Assert.Equal("Du har inte behörighet till sidan", await page.Locator("h1").InnerTextAsync());
        }
        await PageChecks.AssertNoAxeViolationsAsync(page);
        // The forms, posted from the portal's own origin with the user's valid token: still 403.
        foreach (var path in OrebroForms)
        {
            var response = await page.Context.APIRequest.PostAsync(portal.Url("api/portal/2022/lan/18" + path), new()
            {
                Form = FormWith(page, ("__token", token), ("__etag", "*")),
                Headers = new Dictionary<string, string> { ["Origin"] = portal.BaseAddress.GetLeftPart(UriPartial.Authority) },
            });
            Assert.Equal(403, response.Status);
        }
        // National uploads are refused too.
        var upload = await page.Context.APIRequest.PostAsync(portal.Url("api/portal/2022/uppladdning/lanstal"), new()
        {
            Multipart = page.Context.APIRequest.CreateFormData().Set("__token", token),
            Headers = new Dictionary<string, string> { ["Origin"] = portal.BaseAddress.GetLeftPart(UriPartial.Authority) },
        });
        Assert.Equal(403, upload.Status);
        // A wish file for Örebro from the shared upload page: refused by the county the form names.
        var wishes = await page.Context.APIRequest.PostAsync(portal.Url("api/portal/2022/uppladdning/onskemal"), new()
        {
            Multipart = page.Context.APIRequest.CreateFormData().Set("__token", token).Set("lan", "18"),
            Headers = new Dictionary<string, string> { ["Origin"] = portal.BaseAddress.GetLeftPart(UriPartial.Authority) },
        });
        Assert.Equal(403, wishes.Status);
        var orebro = await portal.CountyYearAsync("18");
        Assert.Empty(orebro.Drafts);
        Assert.Empty(orebro.State.Wishes);
        await page.Context.CloseAsync();
    }

    private static IFormData FormWith(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields) form.Set(name, value);
        return form;
    }

    [Fact]
    public async Task A_forged_cross_site_POST_is_refused_and_changes_nothing()
    {
        await portal.ImportNationalInputsAsync();
        // The coordinator's own page: the token and the ETag a forger would like to have (the test gives them to the attacker).
        var own = await portal.NewPageAsync("Coordinator.18");
        await own.GotoAsync(portal.Url("api/portal/2022/lan/18"));
        var token = await own.Locator("input[name=__token]").First.InputValueAsync();
        await own.Context.CloseAsync();

        // An attacker's page on another origin (another port) with forms aimed at the portal.
        var target = portal.Url("api/portal/2022/lan/18/forslag");
        await using var attacker = await AttackerSite.StartAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><title>Win a prize</title></head><body><main>" +
            $"<form method=\"post\" action=\"{target}\"><input type=\"hidden\" name=\"__etag\" value=\"*\"><button id=\"no-token\">Claim</button></form>" +
            $"<form method=\"post\" action=\"{target}\"><input type=\"hidden\" name=\"__token\" value=\"{token}\"><input type=\"hidden\" name=\"__etag\" value=\"*\"><button id=\"with-token\">Claim again</button></form>" +
            "</main></body></html>");
        // The victim is signed in to the portal (the roles header stands for App Service authentication's cookie, sent with every request).
        var victim = await portal.NewPageAsync("Coordinator.18");
        foreach (var button in new[] { "#no-token", "#with-token" })
        {
            await victim.GotoAsync(attacker.Url);
            var response = await NavigateAsync(victim, () => victim.ClickAsync(button));
            Assert.Equal(403, response!.Status);
            Assert.Equal("Formuläret kunde inte tas emot", await victim.Locator("h1").InnerTextAsync());
        }
        // The same-origin form without a valid token is refused as well (the token is checked on its own).
        var sameOrigin = await victim.Context.APIRequest.PostAsync(target, new()
        {
            Form = FormWith(victim, ("__token", "forged"), ("__etag", "*")),
            Headers = new Dictionary<string, string> { ["Origin"] = portal.BaseAddress.GetLeftPart(UriPartial.Authority), ["Sec-Fetch-Site"] = "same-origin" },
        });
        Assert.Equal(403, sameOrigin.Status);
        // An old browser without Sec-Fetch-Site: another site's Origin is refused even with the right token.
        var oldBrowser = await victim.Context.APIRequest.PostAsync(target, new()
        {
            Form = FormWith(victim, ("__token", token), ("__etag", "*")),
            Headers = new Dictionary<string, string> { ["Origin"] = attacker.Url.TrimEnd('/') },
        });
        Assert.Equal(403, oldBrowser.Status);
        Assert.Empty((await portal.CountyYearAsync("18")).Drafts);
        await victim.Context.CloseAsync();
    }

    /// <summary>A page on another origin (127.0.0.1, another port): the attacker's site.</summary>
    private sealed class AttackerSite(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public static async Task<AttackerSite> StartAsync(string html)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8));
            await app.StartAsync();
            return new AttackerSite(app, app.Urls.First() + "/");
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
