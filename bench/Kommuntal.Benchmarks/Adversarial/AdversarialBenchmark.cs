using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kommuntal.Application.Services;
using Kommuntal.Cli;
using Kommuntal.Functions;
using Kommuntal.Functions.Http;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Benchmarks.Adversarial;

/// <summary>
/// <c>adversarial</c>: every file of the adversarial corpus (tests/data/adversarial, <see cref="AdversarialCorpus"/>)
/// through each door against Azurite, after one warm-up pass over all of them: the HTTP function
/// (called with a real request body, as the tests do: there is no Functions host here), the blob
/// inbox (<see cref="InboxService.RunAsync"/>: lease, download, parse, move to rejected/ with the
/// errors sidecar) and the command line (<c>kommuntal … import FILE</c> in-process, which builds its
/// own services per run as the tool does). For each: the slowest and median time of the runs and the
/// most bytes allocated in one run (GC.GetTotalAllocatedBytes, precise, the whole process), and a
/// check that the file was refused with its problem code; exits 1 when one was not, or when a run
/// took more than 1 s or allocated more than 100 MB. See docs/benchmarks.md, "Adversarial input files".
/// </summary>
public static class AdversarialBenchmark
{
    private const double MaxSeconds = 1.0;
    private const long MaxAllocated = 100L * 1024 * 1024;

    private sealed record Row(string File, string Door, double MedianMs, double MaxMs, long MaxAllocated, string Code);

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = 5;
        for (var i = 0; i < args.Length; i++)
            if (args[i] == "--iterations" && i + 1 < args.Length) iterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Security:DevelopmentMode"] = "true",
            ["Security:AuthenticationInFront"] = "false",
        }, configure: s => s.AddKommuntalEdge());
        var work = Path.Combine(Path.GetTempPath(), "kommuntal-bench-adversarial", host.Prefix);
        Directory.CreateDirectory(work);
        var files = AdversarialCorpus.All.Select(c => (Case: c, File: AdversarialCorpus.Load(c))).ToList();
        Console.WriteLine($"Adversarial corpus: {files.Count} files x 3 doors, {iterations} runs each after a warm-up; {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");

        string[] doors = ["HTTP", "inbox", "CLI"];
        var run = 0;
        async Task<string?> Once(AdversarialCorpus.Case c, byte[] content, string door)
        {
            run++;
            return door switch
            {
                "HTTP" => await HttpAsync(host, c, content),
                "inbox" => await InboxAsync(host, c, content, run),
                _ => await CliAsync(host, c, content, work),
            };
        }

        foreach (var (c, f) in files)
            foreach (var door in doors)
                await Once(c, f.Content, door);

        var rows = new List<Row>();
        var failures = new List<string>();
        foreach (var (c, f) in files)
            foreach (var door in doors)
            {
                var times = new List<double>();
                long maxAllocated = 0;
                for (var i = 0; i < iterations; i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    var watch = Stopwatch.StartNew();
                    var problem = await Once(c, f.Content, door);
                    watch.Stop();
                    var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    maxAllocated = Math.Max(maxAllocated, allocated);
                    if (problem is not null) failures.Add($"{c.File} {door}: {problem}");
                }
                times.Sort();
                var row = new Row(c.File, door, times[times.Count / 2], times[^1], maxAllocated, c.Code);
                rows.Add(row);
                if (row.MaxMs > MaxSeconds * 1000) failures.Add($"{c.File} {door}: {row.MaxMs:F0} ms");
                if (row.MaxAllocated > MaxAllocated) failures.Add($"{c.File} {door}: {row.MaxAllocated / 1048576.0:F1} MB allocated");
            }

        Console.WriteLine();
        Console.WriteLine("| file | size | rejected with | HTTP median / max | HTTP alloc. | inbox median / max | inbox alloc. | CLI median / max | CLI alloc. |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (c, f) in files)
        {
            string Cells(string door)
            {
                var r = rows.Single(x => x.File == c.File && x.Door == door);
                return $"{r.MedianMs:F0} / {r.MaxMs:F0} ms | {r.MaxAllocated / 1048576.0:F1} MB";
            }
            Console.WriteLine($"| `{c.File}` | {Size(f.Content.Length)} | `{c.Code}` | {Cells("HTTP")} | {Cells("inbox")} | {Cells("CLI")} |");
        }
        Console.WriteLine();
        Console.WriteLine($"Slowest run: {rows.Max(r => r.MaxMs):F0} ms ({rows.MaxBy(r => r.MaxMs)!.File}, {rows.MaxBy(r => r.MaxMs)!.Door}); most allocated in one run: "
                          + $"{rows.Max(r => r.MaxAllocated) / 1048576.0:F1} MB ({rows.MaxBy(r => r.MaxAllocated)!.File}, {rows.MaxBy(r => r.MaxAllocated)!.Door}); "
                          + $"peak working set of the process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB; load average after {LoadAverage()}");
        foreach (var failure in failures) Console.WriteLine("FAILED: " + failure);
        return failures.Count == 0 ? 0 : 1;
    }

    private static HttpRequest Post(string path, byte[] body, string fileName)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "POST";
        ctx.Request.Body = new MemoryStream(body);
        ctx.Request.ContentLength = body.Length;
        ctx.Request.Path = path;
        ctx.Request.Headers["X-File-Name"] = fileName;
        ctx.Request.Headers["X-Kommuntal-Dev-Roles"] = "Coordinator.All";
        return ctx.Request;
    }

    /// <summary>Null when the function answered 400 with the expected problem code; else what it did.</summary>
    private static async Task<string?> HttpAsync(TestHost host, AdversarialCorpus.Case c, byte[] content)
    {
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var request = c.Kind switch
        {
            "quota" => Post("/api/quotas/2022", content, c.File),
            "indicators" => Post("/api/indicators/2022", content, c.File),
            _ => Post("/api/wishes/2022/18", content, c.File),
        };
        IActionResult result;
        try
        {
            result = c.Kind switch
            {
                "quota" => await fn.UploadQuota(request, 2022, default),
                "indicators" => await fn.UploadIndicators(request, 2022, default),
                _ => await fn.UploadWishes(request, 2022, "18", default),
            };
        }
        catch (Exception ex) when (ProblemResults.From(request, ex) is { } problem)
        {
            result = problem; // what the app's ProblemMiddleware answers with
        }
        var r = (ContentResult)result;
        if (r.StatusCode != 400) return $"status {r.StatusCode}";
        using var json = JsonDocument.Parse(r.Content!);
        return json.RootElement.GetProperty("errors").EnumerateArray().Any(e => e.GetProperty("code").GetString() == c.Code) ? null : "no " + c.Code;
    }

    private static async Task<string?> InboxAsync(TestHost host, AdversarialCorpus.Case c, byte[] content, int run)
    {
        var path = StoredData.InboxPath(c).Replace(c.File, $"r{run}-{c.File}", StringComparison.Ordinal);
        await host.Get<StorageClients>().Inbox.GetBlobClient(path).UploadAsync(new BinaryData(content));
        var report = await host.Get<InboxService>().RunAsync("bench", default);
        var result = report.Files.Single();
        return result.Status == InboxFileStatus.Rejected && result.Problems.Any(p => p.Code == c.Code) ? null : $"{result.Status} {result.Error}";
    }

    private static async Task<string?> CliAsync(TestHost host, AdversarialCorpus.Case c, byte[] content, string work)
    {
        var path = Path.Combine(work, c.File);
        if (!File.Exists(path)) await File.WriteAllBytesAsync(path, content);
        var err = new StringWriter();
        var exit = await KommuntalCli.RunAsync(StoredData.CliImport(c, path), new StringWriter(), err, host.Settings);
        return exit == 2 && err.ToString().Contains($"[{c.Code}]", StringComparison.Ordinal) ? null : $"exit {exit}";
    }

    private static string Size(int bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1048576.0:F1} MB" : $"{bytes / 1024.0:F0} KB";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
