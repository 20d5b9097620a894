using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kommuntal.Functions.Http;
using Kommuntal.Testing;
using Kommuntal.Web.Assets;
using Kommuntal.Web.Pages.Public;
using Kommuntal.Web.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Web.Tests;

/// <summary>Pages and assets over real HTTP (Kestrel calling the function methods): types, caching, ETag and 304.</summary>
[Collection(WebCollection.Name)]
public class HttpTests(WebFixture web)
{
    private static readonly HttpClient s_http = new();

    [Fact]
    public async Task A_page_is_utf8_html_with_an_ETag_and_304_when_the_browser_has_it()
    {
        var url = web.Server.Url("/api/public/tillganglighet");
        using var first = await s_http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/html; charset=utf-8", first.Content.Headers.ContentType!.ToString());
        Assert.Equal(["sv"], first.Content.Headers.ContentLanguage);
        Assert.Equal("no-cache", first.Headers.CacheControl!.ToString());
        Assert.Equal(SecurityHeaders.PageContentSecurityPolicy, first.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        var body = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, first.Content.Headers.ContentLength);
        Assert.Equal(Rendering.ETags.Of(body), etag.Tag); // the ETag is the hash of the bytes
        var html = System.Text.Encoding.UTF8.GetString(body);
        Assert.Matches("^<!DOCTYPE html>\\s*<html lang=\"sv\">", html);
        Assert.Contains("<title>Tillgänglighetsredogörelse – Kommuntal</title>", html); // letters as they are, not &#xE4;
        Assert.NotEqual(0xEF, body[0]); // no byte order mark

        // The same page again: the same bytes, the same ETag (rendering is deterministic).
        using var second = await s_http.GetAsync(url);
        Assert.Equal(etag, second.Headers.ETag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await s_http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123456789abcdef0123456789abcdef\""));
        Assert.Equal(HttpStatusCode.OK, (await s_http.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Assets_are_served_under_fingerprinted_names_with_their_type_and_immutable_caching()
    {
        var assets = web.Server.Services.GetRequiredService<WebAssets>();
        Assert.Contains(assets.All, a => a.Name == "site.css");
        Assert.Contains(assets.All, a => a.Name == "enhance.js");
        foreach (var asset in assets.All)
        {
            var url = assets.Url(asset.Name);
            Assert.Matches(@"^/api/assets/[a-z-]+\.[0-9a-f]{8}\.(css|js)$", url);
            using var response = await s_http.GetAsync(web.Server.Url(url));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(asset.Name.EndsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(File.ReadAllBytes(Samples.Path("src", "Kommuntal.Web", "Assets", asset.Name.EndsWith(".css") ? "css" : "scripts", asset.Name)), bytes);
            Assert.StartsWith(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..8], url.Split('.')[^2]);

            using var conditional = new HttpRequestMessage(HttpMethod.Get, web.Server.Url(url));
            conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await s_http.SendAsync(conditional)).StatusCode);
        }
    }

    [Theory]
    [InlineData("site.css")]            // the plain name: never served, it could be cached for a year
    [InlineData("site.00000000.css")]   // an outdated fingerprint
    [InlineData("..%2Fopenapi.json")]
    public async Task An_unknown_asset_name_is_a_404_problem(string name)
    {
        using var response = await s_http.GetAsync(web.Server.Url("/api/assets/" + name));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(response.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task The_page_links_the_fingerprinted_stylesheet_and_scripts_and_nothing_from_elsewhere()
    {
        var html = await s_http.GetStringAsync(web.Server.Url("/api/public/om-webbplatsen"));
        var assets = web.Server.Services.GetRequiredService<WebAssets>();
        Assert.Contains($"<link rel=\"stylesheet\" href=\"{assets.Url("site.css")}\" />", html);
        Assert.Contains($"<script src=\"{assets.Url("enhance.js")}\" defer></script>", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html); // the public pages' own links and assets are all relative
    }

    [Theory]
    [InlineData("GetAsset", "assets/{name}")]
    [InlineData("GetAccessibilityStatement", "public/tillganglighet")]
    [InlineData("GetAboutSite", "public/om-webbplatsen")]
    public void The_page_and_asset_functions_are_anonymous_GETs_on_the_route_plan(string function, string route)
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var trigger = metadata.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == function)
            .GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal(("Anonymous", route), (trigger.GetProperty("authLevel").GetString(), trigger.GetProperty("route").GetString()));
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void The_axe_core_the_statement_names_is_the_one_package_json_pins_and_npm_installed()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Samples.Path("package.json")));
        Assert.Equal(AccessibilityStatement.AxeCoreVersion, package.RootElement.GetProperty("devDependencies").GetProperty("axe-core").GetString());
        using var installed = JsonDocument.Parse(File.ReadAllText(Samples.Path("node_modules", "axe-core", "package.json")));
        Assert.Equal(AccessibilityStatement.AxeCoreVersion, installed.RootElement.GetProperty("version").GetString());
    }
}
