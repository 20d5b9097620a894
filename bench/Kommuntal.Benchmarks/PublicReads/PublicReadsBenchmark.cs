using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Functions;
using Kommuntal.Infrastructure;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Web.Rendering;
using Kommuntal.Benchmarks.NationalRun;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Benchmarks.PublicReads;

/// <summary>
/// <c>public-reads</c>: storage requests per public request, per route, through the real
/// <see cref="PublicFunctions"/>, the public site's <see cref="PublicSiteFunctions"/> and composition root against Azurite (docs/benchmarks.md, "Public
/// reads"). The 2022 run and a revision of Örebro län (so a superseded version exists) are
/// published first; then for each route, on a new process-like service provider each time:
/// cold (nothing in memory), with the index in memory but not the answer, answered from memory,
/// and with a matching If-None-Match (304). Requests are counted with <see cref="StorageRecorder"/>
/// (creating tables and containers excluded). Also the in-process rate of cached answers.
/// </summary>
public static class PublicReadsBenchmark
{
    /// <param name="Page">A page of the public site (PublicSiteFunctions): its "index in memory" column has only the root in memory (another page was answered first).</param>
    private sealed record Route(string Name, string Path, Func<Fns, HttpRequest, Task<IActionResult>> Call, bool Page = false);

    /// <summary>The public API's and the public site's functions of one instance.</summary>
    private sealed record Fns(PublicFunctions Api, PublicSiteFunctions Site)
    {
        public static Fns Of(IServiceProvider sp) => new(ActivatorUtilities.CreateInstance<PublicFunctions>(sp), ActivatorUtilities.CreateInstance<PublicSiteFunctions>(sp));
        public Task<IActionResult> List(HttpRequest r, CancellationToken ct) => Api.List(r, ct);
        public Task<IActionResult> Decision(HttpRequest r, int year, string county, string version, CancellationToken ct) => Api.Decision(r, year, county, version, ct);
        public Task<IActionResult> File(HttpRequest r, string path, CancellationToken ct) => Api.File(r, path, ct);
    }

    private static readonly Route[] Routes =
    [
        new("list, every year", "/api/public/decisions", (f, r) => f.List(r, default)),
        new("list, one year", "/api/public/decisions?year=2022", (f, r) => f.List(r, default)),
        new("list, one municipality", "/api/public/decisions?year=2022&municipality=1880", (f, r) => f.List(r, default)),
        new("/current (302 to the version)", "/api/public/decisions/2022/18/current", (f, r) => f.Decision(r, 2022, "18", "current", default)),
        new("version PDF (current)", "/api/public/decisions/2022/18/v2", (f, r) => f.Decision(r, 2022, "18", "v2", default)),
        new("version PDF (superseded)", "/api/public/decisions/2022/18/v1", (f, r) => f.Decision(r, 2022, "18", "v1", default)),
        new("file PDF", "/api/public/files/2022/01-stockholms-lan/beslut-v1.pdf", (f, r) => f.File(r, "2022/01-stockholms-lan/beslut-v1.pdf", default)),
        new("page: start", "/api/public", (f, r) => f.Site.Start(r, default), Page: true),
        new("page: municipality (Örebro)", "/api/public/kommuner/1880-orebro", (f, r) => f.Site.Municipality(r, "1880-orebro", default), Page: true),
        new("page: county (Örebro län)", "/api/public/lan/18-orebro-lan", (f, r) => f.Site.County(r, "18-orebro-lan", default), Page: true),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = args.Length > 1 && args[0] == "--iterations" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var connection = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING")
            ?? throw new InvalidOperationException("Set AZURITE_CONNECTION_STRING (scripts/bench-public-reads.sh starts Azurite and sets it).");
        var recorder = new StorageRecorder(new Uri(connection.Split(';').First(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))[14..]).Port);
        var prefix = "benchpub" + Guid.NewGuid().ToString("N")[..8];
        var work = Path.Combine(Path.GetTempPath(), "kommuntal-bench", prefix);

        Console.WriteLine("Publishing 2022 and a revision of Örebro län (not counted)...");
        await using (var sp = Services(connection, prefix, work, recorder))
        {
            await sp.GetRequiredService<StorageInitializer>().InitializeAsync(default); // tables and containers are made at start-up
            await sp.GetRequiredService<DemoRunService>().RunAsync(2022, "benchmark", default);
            await sp.GetRequiredService<QuotaImportService>().ImportAsync(
                Kommuntal.Core.Ingestion.InputFile.FromText("lanstal-2022-revision.csv",
                    File.ReadAllText(Path.Combine(RepoRoot(), "tests", "data", "quotas", "revision", "lanstal-2022-revision-test-variant.csv"))),
                2022, "benchmark", default);
            var counties = sp.GetRequiredService<CountyYearService>();
            await counties.ProposeAsync(2022, "18", "benchmark", null, DraftPurpose.Proposal, default);
            await counties.DecideAsync(2022, "18", new DecisionRequest(new DateOnly(2022, 3, 15), "BENCH-2022-18-2", "landshövdingen", "integrationssamordnaren"), "benchmark", default);
            await counties.PublishAsync(2022, "18", "benchmark", default);
            var published = sp.GetRequiredService<StorageClients>().Published;
            foreach (var name in new[] { "index/2022.json", "index/root.json" })
                Console.WriteLine($"  {name}: {(await published.GetBlobClient(name).GetPropertiesAsync()).Value.ContentLength:N0} bytes");
        }

        Console.WriteLine();
        Console.WriteLine("Storage requests per public request (Azurite; table and container creation excluded)");
        Console.WriteLine($"| {"route",-32} | status | cold (nothing in memory) | index in memory, answer not | answer in memory | If-None-Match (304) |");
        Console.WriteLine($"|{new string('-', 34)}|--------|--------------------------|-----------------------------|------------------|---------------------|");
        foreach (var route in Routes)
        {
            // Cold: a new instance, first request.
            await using var cold = Services(connection, prefix, work, recorder);
            await cold.GetRequiredService<StorageInitializer>().InitializeAsync(default); // the instance's start-up
            var fn = Fns.Of(cold);
            var (coldCount, status, etag) = await CountAsync(recorder, fn, route, null);
            // Index in memory, answer not: a new instance whose index was read by another route first.
            await using var warm = Services(connection, prefix, work, recorder);
            await warm.GetRequiredService<StorageInitializer>().InitializeAsync(default);
            var warmFn = Fns.Of(warm);
            if (route.Page)
            {
                // Another page first: the root in memory, and nothing else a page would not read itself.
                if (route.Path == "/api/public") await warmFn.Site.Nation(Request("/api/public/riket"), default);
                else await warmFn.Site.Start(Request("/api/public"), default);
            }
            else
            {
                await warmFn.List(Request("/api/public/decisions?year=2022&county=25"), default);
                await warmFn.List(Request("/api/public/decisions?county=25"), default);
            }
            var (warmCount, _, _) = await CountAsync(recorder, warmFn, route, null);
            var (cachedCount, _, _) = await CountAsync(recorder, warmFn, route, null);
            var (notModifiedCount, notModified, _) = await CountAsync(recorder, warmFn, route, etag);
            Console.WriteLine($"| {route.Name,-32} | {status,6} | {coldCount,24} | {warmCount,27} | {cachedCount,16} | {notModifiedCount,15} ({notModified}) |");
        }

        Console.WriteLine();
        Console.WriteLine($"Answered from memory, in process (no HTTP server), {iterations:N0} requests per route, {Environment.ProcessorCount} threads:");
        await using (var sp = Services(connection, prefix, work, recorder))
        {
            var fn = Fns.Of(sp);
            foreach (var route in Routes)
            {
                await route.Call(fn, Request(route.Path)); // into memory
                var before = recorder.Requests.Count;
                recorder.Recording = true;
                var watch = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
                {
                    for (var i = 0; i < iterations / Environment.ProcessorCount; i++) await route.Call(fn, Request(route.Path));
                })));
                watch.Stop();
                recorder.Recording = false;
                Console.WriteLine($"  {route.Name,-32} {iterations / watch.Elapsed.TotalSeconds,12:N0} requests/s, {recorder.Requests.Count - before} storage requests");
                recorder.Reset();
            }
        }
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static async Task<(int Requests, int Status, string? ETag)> CountAsync(StorageRecorder recorder, Fns fn, Route route, string? ifNoneMatch)
    {
        recorder.Reset();
        recorder.Recording = true;
        var request = Request(route.Path);
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch = ifNoneMatch;
        var result = await route.Call(fn, request);
        if (result is HtmlPageResult page) await page.WriteAsync(request.HttpContext); // a page decides its 304 as it writes
        recorder.Recording = false;
        var status = result switch
        {
            HtmlPageResult => request.HttpContext.Response.StatusCode,
            StatusCodeResult s => s.StatusCode,
            RedirectResult => 302,
            FileContentResult => 200,
            ContentResult c => c.StatusCode ?? 200,
            _ => 0,
        };
        if (status is not (200 or 302 or 304)) throw new InvalidOperationException($"{route.Name}: HTTP {status}");
        return (recorder.Requests.Count(r => r.Kind != RequestKind.Setup), status, request.HttpContext.Response.Headers.ETag.ToString());
    }

    private static HttpRequest Request(string pathAndQuery)
    {
        var context = new DefaultHttpContext();
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = "GET";
        context.Request.Path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        if (q >= 0) context.Request.QueryString = new QueryString(pathAndQuery[q..]);
        return context.Request;
    }

    private static ServiceProvider Services(string connection, string prefix, string work, StorageRecorder recorder)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connection,
            ["Storage:Prefix"] = prefix,
            ["Storage:PublicContainerAccess"] = "true",
            ["Email:Sender"] = "outbox",
            ["Email:OutboxDirectory"] = Path.Combine(work, "email"),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton(new StoragePipelinePolicy(recorder, HttpPipelinePosition.PerRetry));
        services.AddLogging();
        services.AddKommuntal(config);
        services.AddKommuntalEdge(); // the public site's pages (Kommuntal.Web)
        return services.BuildServiceProvider();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kommuntal.Functions.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
