using Kommuntal.Application.Options;
using Kommuntal.Core.Notifications;
using Kommuntal.Web.Tests.Browser;
using MimeKit;

namespace Kommuntal.Web.Tests;

/// <summary>
/// A municipality's e-mail links the municipality's own page on the public site (its kommuntal for
/// every year, every decision version and the explanation of its number), not the retired
/// <c>files/index.html</c>: read from the .eml the run wrote, and opened in Chromium.
/// </summary>
[Collection(PublicSiteCollection.Name)]
public class EmailLinkBrowserTests(PublicSiteFixture site)
{
    [Fact]
    public async Task Laxås_e_mail_links_Laxås_page_on_the_public_site_which_opens()
    {
        var laxa = Directory.GetFiles(site.Outbox, "*.eml", SearchOption.AllDirectories).Select(e => MimeMessage.Load(e))
            .First(m => m.To.Mailboxes.Single().Address == "kommun@laxa.se");
        Assert.DoesNotContain("index.html", laxa.TextBody, StringComparison.Ordinal);
        // The server's own default (no PublicSiteUrl set): the local server's address.
        const string url = "http://localhost:7071/api/public/kommuner/1860-laxa";
        Assert.Contains($"Kommunens kommuntal för alla år, med alla beslut och förklaringen av talet, finns på {url}.", laxa.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{url}\">", laxa.HtmlBody, StringComparison.Ordinal);

        var page = await site.NewPageAsync();
        var response = await page.GotoAsync(site.Url(new Uri(url).AbsolutePath)); // the fixture's server listens on a free port
        Assert.Equal(200, response!.Status);
        Assert.Contains("Laxå", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public void The_e_mail_names_the_route_the_public_site_serves() =>
        Assert.Equal($"/api/public/{MessageFacts.MunicipalityPagePath}/1860-laxa", Routes.Public.Municipality("1860-laxa"));

    [Theory]
    [InlineData("https://kommuntal.example.se/api/public/", "", "", "https://kommuntal.example.se/api/public")]
    [InlineData("", "https://kommuntal.example.se/api/public/files", "app.azurewebsites.net", "https://kommuntal.example.se/api/public")]
    [InlineData("", "https://cdn.example.se/documents", "app.azurewebsites.net", "https://app.azurewebsites.net/api/public")]
    [InlineData("", "", "", "http://localhost:7071/api/public")]
    public void The_public_site_address_is_the_one_set_or_derived(string configured, string documents, string host, string expected) =>
        Assert.Equal(expected, KommuntalOptions.ResolvePublicSiteUrl(configured, documents, host));
}
