using Kommuntal.Application.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kommuntal.Tools.Serve.Tests;

/// <summary>
/// A municipality's e-mail links its page on the public site (<see cref="KommuntalOptions.PublicSiteUrl"/>).
/// Served locally with <c>--port N</c> and nothing configured, that is this server at port N, not the
/// Functions host's 7071; a configured site or download route still decides.
/// </summary>
public class PublicSiteAddressTests
{
    [Theory]
    [InlineData(8081, null, null, "http://localhost:8081/api/public")]
    [InlineData(7071, null, null, "http://localhost:7071/api/public")]
    [InlineData(8081, "https://kommuntal.example.se/api/public/", null, "https://kommuntal.example.se/api/public")]
    [InlineData(8081, null, "https://kommuntal.example.se/api/public/files", "https://kommuntal.example.se/api/public")]
    public async Task The_e_mails_link_the_public_site_at_the_port_the_server_was_given_unless_one_is_configured(
        int port, string? site, string? documents, string expected)
    {
        var settings = new Dictionary<string, string?>();
        if (site is not null) settings["Kommuntal:PublicSiteUrl"] = site;
        if (documents is not null) settings["Kommuntal:PublicBaseUrl"] = documents;
        await using var app = ServedApp.Create(null, false, settings, out _, out _, port);
        Assert.Equal(expected, app.Services.GetRequiredService<IOptions<KommuntalOptions>>().Value.PublicSiteUrl);
    }
}
