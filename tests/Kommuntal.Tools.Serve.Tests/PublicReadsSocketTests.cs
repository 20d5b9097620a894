using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Kommuntal.Application.Services;

namespace Kommuntal.Tools.Serve.Tests;

/// <summary>
/// The public reads as a browser or a proxy meets them over a real socket (issue 14, item 4): the
/// redirect of /current, the immutable versioned PDF with its SHA-256 as ETag, and 304 on
/// If-None-Match, through the app's middleware.
/// </summary>
public class PublicReadsSocketTests
{
    [Fact]
    public async Task Current_redirects_to_the_immutable_version_and_If_None_Match_gets_304_without_a_body()
    {
        await using var app = await ServedApp.StartAsync();
        await app.Get<DemoRunService>().RunAsync(2022, "test", default);
        using var client = app.CreateClient();

        var current = await client.GetAsync("api/public/decisions/2022/18/current");
        Assert.Equal(HttpStatusCode.Found, current.StatusCode);
        Assert.Equal("/api/public/decisions/2022/18/v1", current.Headers.Location!.OriginalString);
        Assert.True(current.Headers.CacheControl!.NoCache);
        Assert.NotNull(current.Headers.ETag);

        var pdf = await client.GetAsync(current.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(sha, pdf.Headers.GetValues("X-Content-SHA256").Single());
        Assert.Equal($"\"{sha}\"", pdf.Headers.ETag!.Tag);
        Assert.Equal("public, max-age=31536000, immutable", string.Join(", ", pdf.Headers.GetValues("Cache-Control")));
        Assert.Equal("nosniff", pdf.Headers.GetValues("X-Content-Type-Options").Single());

        var again = new HttpRequestMessage(HttpMethod.Get, current.Headers.Location);
        again.Headers.IfNoneMatch.Add(pdf.Headers.ETag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(pdf.Headers.ETag, notModified.Headers.ETag);

        var list = await client.GetAsync("api/public/decisions?year=2022&county=18");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.True(list.Headers.CacheControl!.NoCache);
        var listAgain = new HttpRequestMessage(HttpMethod.Get, "api/public/decisions?year=2022&county=18");
        listAgain.Headers.IfNoneMatch.Add(list.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(listAgain)).StatusCode);

        // A browser (redirects followed) gets the PDF from /current.
        using var browser = app.CreateClient(followRedirects: true);
        Assert.Equal(bytes, await browser.GetByteArrayAsync("api/public/decisions/2022/18/current"));
        var page = await browser.GetAsync("api/public/files/index.html");
        Assert.Equal(MediaTypeHeaderValue.Parse("text/html; charset=utf-8"), page.Content.Headers.ContentType);
    }
}
