using Kommuntal.Application.Services;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Kommuntal.Functions.Tests;

public class PublicFunctionsTests
{
    [Fact]
    public async Task Municipalities_list_and_download_published_decisions_anonymously_and_drafts_are_never_reachable()
    {
        await using var host = FunctionsHost.Create();
        await host.Get<YearlyRunService>().RunAsync(2022, "test", default);
        // A what-if draft for Örebro län after the decision: stored, never published.
        await host.Get<CountyYearService>().ProposeAsync(2022, "18", "test", null, "what-if", default);
        var fn = ActivatorUtilities.CreateInstance<PublicFunctions>(host.Services);

        var req = Http.Request("GET", "/api/public/decisions");
        req.QueryString = new Microsoft.AspNetCore.Http.QueryString("?year=2022&municipality=1860");
        var list = Http.Read(req, await fn.List(req, default));
        var laxa = Assert.Single(list.Body.EnumerateArray());
        Assert.Equal("18", laxa.GetProperty("county").GetString());
        Assert.Equal("current", laxa.GetProperty("status").GetString());
        var number = Assert.Single(laxa.GetProperty("numbers").EnumerateArray());
        Assert.Equal("Laxå", number.GetProperty("name").GetString());
        Assert.Equal("nosniff", req.HttpContext.Response.Headers.XContentTypeOptions.ToString());

        req = Http.Request("GET", "/api/public/decisions/2022/18/current");
        var pdf = Assert.IsType<FileContentResult>(await fn.Decision(req, 2022, "18", "current", default));
        Assert.Equal("application/pdf", pdf.ContentType);
        using (var doc = PdfDocument.Open(pdf.FileContents))
            Assert.Contains("Örebro", string.Join(" ", doc.GetPage(1).GetWords().Select(w => w.Text)));
        Assert.Equal(64, req.HttpContext.Response.Headers["X-Content-SHA256"].ToString().Length);

        req = Http.Request("GET", "/api/public/files/2022/18-orebro-lan/beslut-v1.pdf");
        Assert.IsType<FileContentResult>(await fn.File(req, "2022/18-orebro-lan/beslut-v1.pdf", default));
        req = Http.Request("GET", "/api/public/files/index.html");
        var page = Assert.IsType<FileContentResult>(await fn.File(req, "index.html", default));
        Assert.StartsWith("text/html", page.ContentType);
        Assert.Contains("default-src 'none'", req.HttpContext.Response.Headers.ContentSecurityPolicy.ToString());

        // The what-if is draft 2; nothing about it is reachable.
        foreach (var path in new[] { "2022/18-orebro-lan/forslag-v2.pdf", "2022/18-orebro-lan/beslut-v2.pdf", "2022/18-orebro-lan/../../x", "" })
        {
            req = Http.Request("GET", "/api/public/files/" + path);
            Assert.Equal(404, Http.Read(req, await fn.File(req, path, default)).Status);
        }
        req = Http.Request("GET", "/api/public/decisions/2022/18/2");
        Assert.Equal(404, Http.Read(req, await fn.Decision(req, 2022, "18", "2", default)).Status);
        req = Http.Request("GET", "/api/public/decisions/2022/99/current");
        Assert.Equal(404, Http.Read(req, await fn.Decision(req, 2022, "99", "current", default)).Status);
    }

    [Fact]
    public async Task In_Azure_the_links_in_emails_and_on_the_page_default_to_the_apps_own_download_route()
    {
        const string host = "func-kommuntal-test.azurewebsites.net";
        await using var app = FunctionsHost.Create(settings: new Dictionary<string, string?> { ["WEBSITE_HOSTNAME"] = host });
        await app.Get<YearlyRunService>().RunAsync(2022, "test", default);
        var url = app.Get<Kommuntal.Application.Ports.IDocumentStore>().PublicUrl("2022/18-orebro-lan/beslut-v1.pdf");
        Assert.Equal($"https://{host}/api/public/files/2022/18-orebro-lan/beslut-v1.pdf", url);

        // The link resolves through the anonymous route it names ("api/" + the function's route).
        var route = typeof(PublicFunctions).GetMethod(nameof(PublicFunctions.File))!.GetParameters()
            .SelectMany(p => p.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.HttpTriggerAttribute), false))
            .Cast<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>().Single().Route!;
        var prefix = $"https://{host}/api/{route.Replace("{*path}", "", StringComparison.Ordinal)}";
        Assert.StartsWith(prefix, url, StringComparison.Ordinal);
        var fn = ActivatorUtilities.CreateInstance<PublicFunctions>(app.Services);
        var req = Http.Request("GET", new Uri(url).AbsolutePath);
        Assert.IsType<FileContentResult>(await fn.File(req, url[prefix.Length..], default));

        // A configured base URL (a custom domain in front) wins.
        await using var custom = FunctionsHost.Create(settings: new Dictionary<string, string?>
        {
            ["WEBSITE_HOSTNAME"] = host,
            ["Kommuntal:PublicBaseUrl"] = "https://kommuntal.example.se/api/public/files/",
        });
        Assert.Equal("https://kommuntal.example.se/api/public/files/2022/18-orebro-lan/beslut-v1.pdf",
            custom.Get<Kommuntal.Application.Ports.IDocumentStore>().PublicUrl("2022/18-orebro-lan/beslut-v1.pdf"));
    }
}
