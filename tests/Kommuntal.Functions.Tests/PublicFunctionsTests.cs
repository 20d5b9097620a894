using Azure.Storage.Blobs.Models;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Kommuntal.Functions.Tests;

public class PublicFunctionsTests
{
    private static HttpRequest Get(string path, string? query = null, string? ifNoneMatch = null)
    {
        var req = Http.Request("GET", path, asCoordinator: false);
        if (query is not null) req.QueryString = new QueryString(query);
        if (ifNoneMatch is not null) req.Headers.IfNoneMatch = ifNoneMatch;
        return req;
    }

    private static string Header(HttpRequest req, string name) => req.HttpContext.Response.Headers[name].ToString();

    [Fact]
    public async Task Municipalities_list_and_download_published_decisions_anonymously_and_drafts_are_never_reachable()
    {
        await using var host = FunctionsHost.Create();
        await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        // A what-if draft for Örebro län after the decision: stored, never published.
        await host.Get<CountyYearService>().ProposeAsync(2022, "18", "test", null, DraftPurpose.WhatIf, default);
        var fn = ActivatorUtilities.CreateInstance<PublicFunctions>(host.Services);

        var req = Get("/api/public/decisions", "?year=2022&municipality=1860");
        var list = Http.Read(req, await host.CallAsync(req, q => fn.List(q, default))); // through the middleware: the security headers
        var laxa = Assert.Single(list.Body.EnumerateArray());
        Assert.Equal("18", laxa.GetProperty("county").GetString());
        Assert.Equal("current", laxa.GetProperty("status").GetString());
        var number = Assert.Single(laxa.GetProperty("numbers").EnumerateArray());
        Assert.Equal("Laxå", number.GetProperty("name").GetString());
        Assert.Equal("nosniff", req.HttpContext.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-cache", Header(req, "Cache-Control"));
        Assert.StartsWith("\"", list.ETag, StringComparison.Ordinal);

        // /current answers with a redirect to the version's own, immutable address.
        req = Get("/api/public/decisions/2022/18/current");
        var redirect = Assert.IsType<RedirectResult>(await fn.Decision(req, 2022, "18", "current", default));
        Assert.False(redirect.Permanent);
        Assert.Equal("/api/public/decisions/2022/18/v1", redirect.Url);
        Assert.Equal("no-cache", Header(req, "Cache-Control"));

        req = Get("/api/public/decisions/2022/18/v1");
        var pdf = Assert.IsType<FileContentResult>(await fn.Decision(req, 2022, "18", "v1", default));
        Assert.Equal("application/pdf", pdf.ContentType);
        using (var doc = PdfDocument.Open(pdf.FileContents))
            Assert.Contains("Örebro", string.Join(" ", doc.GetPage(1).GetWords().Select(w => w.Text)));
        var sha = Header(req, "X-Content-SHA256");
        Assert.Equal(64, sha.Length);
        Assert.Equal($"\"{sha}\"", Header(req, "ETag"));
        Assert.Equal("public, max-age=31536000, immutable", Header(req, "Cache-Control"));
        Assert.Empty(Header(req, "X-Kommuntal-Status"));

        req = Get("/api/public/files/2022/18-orebro-lan/beslut-v1.pdf");
        Assert.Equal(pdf.FileContents, Assert.IsType<FileContentResult>(await fn.File(req, "2022/18-orebro-lan/beslut-v1.pdf", default)).FileContents);
        Assert.Equal("public, max-age=31536000, immutable", Header(req, "Cache-Control"));
        req = Get("/api/public/files/index.html");
        var page = Assert.IsType<FileContentResult>(await host.CallAsync(req, q => fn.File(q, "index.html", default)));
        Assert.StartsWith("text/html", page.ContentType);
        Assert.Contains("2022/18-orebro-lan/beslut-v1.pdf", System.Text.Encoding.UTF8.GetString(page.FileContents));
        Assert.Contains("default-src 'none'", req.HttpContext.Response.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("no-cache", Header(req, "Cache-Control"));

        // A blob at a predictable path that no publication recorded (an upload whose commit never came).
        var clients = host.Get<StorageClients>();
        await clients.Published.GetBlobClient("2022/18-orebro-lan/beslut-v2.pdf").UploadAsync(new BinaryData(pdf.FileContents));

        // The what-if is draft 2; nothing about it is reachable, nor is the unrecorded blob.
        foreach (var path in new[] { "2022/18-orebro-lan/forslag-v2.pdf", "2022/18-orebro-lan/beslut-v2.pdf", "2022/18-orebro-lan/../../x", "index/2022.json", "" })
        {
            req = Get("/api/public/files/" + path);
            Assert.Equal(404, Http.Read(req, await fn.File(req, path, default)).Status);
        }
        foreach (var version in new[] { "2", "v2", "0", "v0", "-1", "x" })
        {
            req = Get("/api/public/decisions/2022/18/" + version);
            Assert.Equal(404, Http.Read(req, await fn.Decision(req, 2022, "18", version, default)).Status);
        }
        req = Get("/api/public/decisions/2022/99/current");
        Assert.Equal(404, Http.Read(req, await fn.Decision(req, 2022, "99", "current", default)).Status);
        req = Get("/api/public/decisions/1999/18/current");
        Assert.Equal(404, Http.Read(req, await fn.Decision(req, 1999, "18", "current", default)).Status);
    }

    [Fact]
    public async Task Each_answer_has_an_ETag_and_a_matching_If_None_Match_gets_304_without_a_storage_request()
    {
        var counter = new FaultInjectionPolicy();
        await using var host = FunctionsHost.Create(storagePolicies: [counter]);
        await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        var fn = ActivatorUtilities.CreateInstance<PublicFunctions>(host.Services);

        var req = Get("/api/public/decisions", "?year=2022&county=18");
        var list = Http.Read(req, await fn.List(req, default));
        req = Get("/api/public/decisions/2022/18/current");
        await fn.Decision(req, 2022, "18", "current", default);
        var current = Header(req, "ETag");
        req = Get("/api/public/decisions/2022/18/v1");
        await fn.Decision(req, 2022, "18", "v1", default);
        var pdf = Header(req, "ETag");
        req = Get("/api/public/files/index.html");
        await fn.File(req, "index.html", default);
        var page = Header(req, "ETag");

        var before = counter.Attempts;
        req = Get("/api/public/decisions", "?year=2022&county=18", list.ETag);
        Assert.Equal(304, Http.Status(await fn.List(req, default)));
        Assert.Equal(list.ETag, Header(req, "ETag"));
        req = Get("/api/public/decisions/2022/18/current", ifNoneMatch: current);
        Assert.Equal(304, Http.Status(await fn.Decision(req, 2022, "18", "current", default)));
        req = Get("/api/public/decisions/2022/18/v1", ifNoneMatch: $"\"other\", W/{pdf}");
        Assert.Equal(304, Http.Status(await fn.Decision(req, 2022, "18", "v1", default)));
        req = Get("/api/public/files/2022/18-orebro-lan/beslut-v1.pdf", ifNoneMatch: pdf);
        Assert.Equal(304, Http.Status(await fn.File(req, "2022/18-orebro-lan/beslut-v1.pdf", default)));
        req = Get("/api/public/files/index.html", ifNoneMatch: page);
        Assert.Equal(304, Http.Status(await fn.File(req, "index.html", default)));
        Assert.Equal(before, counter.Attempts); // the publishing instance's index is in memory: no storage request at all

        // A stale tag gets the content again.
        req = Get("/api/public/decisions", "?year=2022&county=18", "\"stale\"");
        Assert.Equal(200, Http.Status(await fn.List(req, default)));
    }

    [Fact]
    public async Task A_new_decision_moves_current_at_once_and_the_old_version_stays_downloadable_marked_superseded()
    {
        await using var host = FunctionsHost.Create();
        await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        var fn = ActivatorUtilities.CreateInstance<PublicFunctions>(host.Services);
        var req = Get("/api/public/decisions/2022/18/current");
        await fn.Decision(req, 2022, "18", "current", default);
        var before = Header(req, "ETag");

        // A quota revision changes Örebro län's länstal; the board decides and publishes version 2.
        await host.Get<QuotaImportService>().ImportAsync(IngestionSamples.Revision2022, 2022, "samordnaren", default);
        var counties = host.Get<CountyYearService>();
        await counties.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        await counties.DecideAsync(2022, "18", new DecisionRequest(new DateOnly(2022, 3, 15), "TEST-2022-18-2", "landshövdingen", "integrationssamordnaren"),
            "samordnaren", default);
        await counties.PublishAsync(2022, "18", "samordnaren", default);

        // The old ETag of /current no longer matches: the client is sent to version 2.
        req = Get("/api/public/decisions/2022/18/current", ifNoneMatch: before);
        var redirect = Assert.IsType<RedirectResult>(await fn.Decision(req, 2022, "18", "current", default));
        Assert.Equal("/api/public/decisions/2022/18/v2", redirect.Url);
        Assert.NotEqual(before, Header(req, "ETag"));

        req = Get("/api/public/decisions/2022/18/v1");
        Assert.IsType<FileContentResult>(await fn.Decision(req, 2022, "18", "v1", default));
        Assert.Equal("superseded", Header(req, "X-Kommuntal-Status"));
        req = Get("/api/public/decisions/2022/18/v2");
        Assert.IsType<FileContentResult>(await fn.Decision(req, 2022, "18", "v2", default));
        Assert.Empty(Header(req, "X-Kommuntal-Status"));

        req = Get("/api/public/decisions", "?year=2022&municipality=1880");
        var versions = Http.Read(req, await fn.List(req, default)).Body.EnumerateArray().ToList();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("superseded", versions[0].GetProperty("status").GetString());
        Assert.Equal(2, versions[0].GetProperty("supersededBy").GetInt32());
        Assert.Equal("current", versions[1].GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, versions[1].GetProperty("numbers")[0].GetProperty("previous").ValueKind);
    }

    [Fact]
    public async Task Another_instance_sees_a_publication_once_its_copy_of_the_index_is_older_than_the_revalidation_interval()
    {
        await using var publisher = FunctionsHost.Create();
        await publisher.Get<DemoRunService>().RunAsync(2022, "test", default);
        var counter = new FaultInjectionPolicy();
        await using var other = FunctionsHost.Create(prefix: publisher.Prefix, storagePolicies: [counter]);
        var fn = ActivatorUtilities.CreateInstance<PublicFunctions>(other.Services);
        var start = counter.Attempts;
        var req = Get("/api/public/decisions/2022/18/current");
        Assert.Equal("/api/public/decisions/2022/18/v1", Assert.IsType<RedirectResult>(await fn.Decision(req, 2022, "18", "current", default)).Url);
        Assert.Equal(start + 1, counter.Attempts); // a cold instance: one read, of the year's index

        await publisher.Get<QuotaImportService>().ImportAsync(IngestionSamples.Revision2022, 2022, "samordnaren", default);
        var counties = publisher.Get<CountyYearService>();
        await counties.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        await counties.DecideAsync(2022, "18", new DecisionRequest(new DateOnly(2022, 3, 15), "TEST-2022-18-2", "landshövdingen", "integrationssamordnaren"),
            "samordnaren", default);
        await counties.PublishAsync(2022, "18", "samordnaren", default);

        // Within the interval (1 s) the other instance still answers from its copy: the documented bound.
        other.Clock.Advance(TimeSpan.FromMilliseconds(900));
        req = Get("/api/public/decisions/2022/18/current");
        Assert.Equal("/api/public/decisions/2022/18/v1", Assert.IsType<RedirectResult>(await fn.Decision(req, 2022, "18", "current", default)).Url);
        // Past it, one conditional read brings the new index.
        other.Clock.Advance(TimeSpan.FromMilliseconds(200));
        var attempts = counter.Attempts;
        req = Get("/api/public/decisions/2022/18/current");
        Assert.Equal("/api/public/decisions/2022/18/v2", Assert.IsType<RedirectResult>(await fn.Decision(req, 2022, "18", "current", default)).Url);
        Assert.Equal(attempts + 1, counter.Attempts);
        // Unchanged since: a revalidation is one request that answers 304 (no body), then none until the interval is over again.
        other.Clock.Advance(TimeSpan.FromSeconds(2));
        await fn.Decision(Get("/api/public/decisions/2022/18/current"), 2022, "18", "current", default);
        await fn.Decision(Get("/api/public/decisions/2022/18/current"), 2022, "18", "current", default);
        Assert.Equal(attempts + 2, counter.Attempts);
    }

    [Fact]
    public async Task In_Azure_the_links_in_emails_and_on_the_page_default_to_the_apps_own_download_route()
    {
        const string host = "func-kommuntal-test.azurewebsites.net";
        await using var app = FunctionsHost.Create(settings: new Dictionary<string, string?> { ["WEBSITE_HOSTNAME"] = host });
        await app.Get<DemoRunService>().RunAsync(2022, "test", default);
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

        // The redirect of /current names the route of the versioned download.
        var decisionRoute = typeof(PublicFunctions).GetMethod(nameof(PublicFunctions.Decision))!.GetParameters()
            .SelectMany(p => p.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.HttpTriggerAttribute), false))
            .Cast<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>().Single().Route!;
        Assert.Equal("public/decisions/{year:int}/{county}/{version}", decisionRoute);

        // A configured base URL (a custom domain in front) wins.
        await using var custom = FunctionsHost.Create(settings: new Dictionary<string, string?>
        {
            ["WEBSITE_HOSTNAME"] = host,
            ["Kommuntal:PublicBaseUrl"] = "https://kommuntal.example.se/api/public/files/",
        });
        Assert.Equal("https://kommuntal.example.se/api/public/files/2022/18-orebro-lan/beslut-v1.pdf",
            custom.Get<Kommuntal.Application.Ports.IDocumentStore>().PublicUrl("2022/18-orebro-lan/beslut-v1.pdf"));
    }

    [Fact]
    public async Task A_recorded_document_whose_blob_was_replaced_is_not_served()
    {
        await using var host = FunctionsHost.Create();
        await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        // Someone with write access to the container replaces the bytes (create-only uploads prevent the app from doing it).
        await host.Get<StorageClients>().Published.GetBlobClient("2022/01-stockholms-lan/beslut-v1.pdf")
            .UploadAsync(new BinaryData("%PDF-1.7 not the decision"u8.ToArray()), new BlobUploadOptions());
        var fn = ActivatorUtilities.CreateInstance<PublicFunctions>(host.Services);
        var req = Get("/api/public/decisions/2022/01/v1");
        Assert.Equal(404, Http.Read(req, await fn.Decision(req, 2022, "01", "v1", default)).Status);
        Assert.Empty(Header(req, "X-Content-SHA256"));
        Assert.Equal(DecisionStatus.Published, (await host.Get<CountyYearService>().LoadAsync(2022, "01", default)).CurrentDecision!.Status);
    }
}
