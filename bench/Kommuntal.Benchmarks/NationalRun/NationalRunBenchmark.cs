using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;
using Kommuntal.Infrastructure;
using Kommuntal.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Benchmarks.NationalRun;

/// <summary>
/// <c>national-run</c>: the 2022 yearly run (<see cref="DemoRunService.RunAsync"/>, the same as
/// <c>kommuntal run --year 2022</c>) against Azurite through the real composition root, timed after a
/// warm-up, each measured run on a new storage prefix so every step does its real work. Counts the
/// storage requests per county (publish path) and globally, the bytes written, the memory, and
/// replays the bare minimum of storage round trips the run needs with the raw SDK clients to give
/// the ratio run / bare minimum. Checks that each measured run did what it should (21 decisions
/// published, e-mails queued and written) before reporting a figure. See docs/benchmarks.md.
/// </summary>
public static class NationalRunBenchmark
{
    private const int Year = 2022;
    private const int Counties = 21;

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = 5;
        var listRequests = false;
        var warmups = 1;
        for (var i = 0; i < args.Length; i++)
            if (args[i] == "--iterations" && i + 1 < args.Length) iterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--list-requests") listRequests = true;
            else if (args[i] == "--warmup" && i + 1 < args.Length) warmups = int.Parse(args[++i], CultureInfo.InvariantCulture);
        var connection = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING")
            ?? Environment.GetEnvironmentVariable("KOMMUNTAL_TEST_STORAGE")
            ?? throw new InvalidOperationException("Set AZURITE_CONNECTION_STRING (scripts/bench-national-run.sh starts Azurite and sets it).");
        var tablePort = new Uri(Part(connection, "TableEndpoint")).Port;
        var recorder = new StorageRecorder(tablePort);
        var work = Path.Combine(Path.GetTempPath(), "kommuntal-bench", DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));

        Console.WriteLine($"National run {Year}: Azurite {Part(connection, "TableEndpoint")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine(warmups == 1 ? "Warm-up run..." : $"{warmups} warm-up runs...");
        for (var w = 1; w <= warmups; w++)
        {
            var warm = await MeasureOnceAsync(connection, recorder, work, $"warmup{w}");
            await ReplayBareMinimumAsync(connection, tablePort, warm, $"warmupbare{w}");
        }

        var results = new List<RunMeasurement>();
        for (var i = 1; i <= iterations; i++)
        {
            var m = await MeasureOnceAsync(connection, recorder, work, $"run{i}");
            var bare = await ReplayBareMinimumAsync(connection, tablePort, m, $"bare{i}");
            m = m with { Bare = bare };
            results.Add(m);
            Console.WriteLine($"  run {i}: {m.Milliseconds,7:0} ms (publish path {m.PublishMilliseconds:0} ms, global {m.GlobalMilliseconds:0} ms; storage {m.StorageMilliseconds:0} ms in {m.Requests.Count} requests); "
                + $"bare minimum {bare.Milliseconds:0} ms in {bare.Requests} requests; ratio {m.Milliseconds / bare.Milliseconds:0.00}; "
                + $"CPU run {m.Cpu}, bare minimum {bare.Cpu}");
        }
        Report(results, warmups);
        if (listRequests) ListRequests(results[^1]);
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static string Part(string connection, string key) =>
        connection.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).First(p => p[0] == key)[1];

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
    }

    private sealed record RunMeasurement(
        string Prefix, double Milliseconds, double PublishMilliseconds, double GlobalMilliseconds, IReadOnlyList<RecordedRequest> Requests,
        int Sent, int Queued, long AllocatedBytes, long ManagedAfter, CpuTime Cpu, BareMinimum? Bare = null)
    {
        public double StorageMilliseconds => Requests.Sum(r => r.Milliseconds);
        public IEnumerable<RecordedRequest> CountyRequests(int county) => Requests.Where(r => r.Segment == county && !IsGlobalPrefix(r));
        public IEnumerable<RecordedRequest> Global => Requests.Where(r => r.Segment == Counties || IsGlobalPrefix(r));
        /// <summary>The quota read/import before the first county: in segment 0, before the first county-year request.</summary>
        public bool IsGlobalPrefix(RecordedRequest r)
        {
            if (r.Segment != 0) return false;
            var first = Requests.TakeWhile(x => x.Segment == 0).ToList().FindIndex(x => x.Path.Contains(Prefix + "countyyears", StringComparison.Ordinal));
            return first < 0 || IndexOf(r) < first;
        }
        private int IndexOf(RecordedRequest r)
        {
            for (var i = 0; i < Requests.Count; i++) if (ReferenceEquals(Requests[i], r)) return i;
            return -1;
        }
    }

    private sealed record BareMinimum(double Milliseconds, int Requests, long BodyBytes, CpuTime Cpu);

    private static async Task<RunMeasurement> MeasureOnceAsync(string connection, StorageRecorder recorder, string work, string name)
    {
        var prefix = "bench" + name + Guid.NewGuid().ToString("N")[..8];
        var outbox = Path.Combine(work, prefix, "email");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connection,
            ["Storage:Prefix"] = prefix,
            ["Storage:PublicContainerAccess"] = "true",
            ["Email:Sender"] = "outbox",
            ["Email:OutboxDirectory"] = outbox,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton(new StoragePipelinePolicy(recorder, HttpPipelinePosition.PerRetry));
        services.AddLogging(b => b.AddProvider(new RunPhaseLogger(recorder)).SetMinimumLevel(LogLevel.Information));
        services.AddKommuntal(config);
        await using var sp = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        // The tables and containers exist in a real deployment: create them before the clock starts.
        await sp.GetRequiredService<StorageInitializer>().InitializeAsync(default);
        var run = sp.GetRequiredService<DemoRunService>();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        recorder.Reset();
        recorder.Recording = true;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = CpuTime.Now();
        var start = Stopwatch.GetTimestamp();
        var report = await run.RunAsync(Year, "benchmark", CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var cpu = CpuTime.Now() - cpuBefore;
        recorder.Recording = false;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        var requests = recorder.Requests;

        // What was measured must be a correct run: 21 decisions published, e-mails queued and written.
        var problems = new List<string>();
        if (report.Counties.Count != Counties) problems.Add($"{report.Counties.Count} counties instead of {Counties}");
        if (report.Counties.Any(c => c.Action != "decided, published" || c.DocumentPath is null || c.DecisionVersion != 1))
            problems.Add("not every county was decided and published: " + string.Join(", ", report.Counties.Select(c => $"{c.County.Code}={c.Action}")));
        if (report.Counties.Sum(c => c.Total) != report.NationalTotal) problems.Add($"the municipal numbers sum to {report.Counties.Sum(c => c.Total)}, not {report.NationalTotal}");
        var queued = report.Counties.Sum(c => c.Queued);
        if (queued <= 0) problems.Add("no e-mails were queued");
        if (report.Dispatch.Sent != queued || report.Dispatch.Failed != 0) problems.Add($"{report.Dispatch.Sent} e-mails sent, {report.Dispatch.Failed} failed, of {queued} queued");
        var emlFiles = Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Length : 0;
        if (emlFiles != report.Dispatch.Sent + report.Dispatch.CoordinatorSent) problems.Add($"{emlFiles} .eml files for {report.Dispatch.Sent + report.Dispatch.CoordinatorSent} sent e-mails");
        var published = await sp.GetRequiredService<ICountyYearStore>().ListPublishedAsync(Year, CancellationToken.None);
        if (published.Count != Counties || published.Any(p => p.Decision.Document is null)) problems.Add($"{published.Count} published decisions in storage");
        var documents = sp.GetRequiredService<IDocumentStore>();
        foreach (var c in report.Counties.Take(1).Concat(report.Counties.TakeLast(1)))
        {
            var pdf = await documents.ReadAsync(c.DocumentPath!, CancellationToken.None);
            if (pdf is null || pdf.Length < 1000 || pdf[0] != '%' || pdf[1] != 'P') problems.Add($"{c.DocumentPath} is not a PDF in storage");
        }
        var index = await documents.ReadAsync(PublicationPaths.IndexPage, CancellationToken.None);
        if (index is null || !System.Text.Encoding.UTF8.GetString(index).Contains(report.Counties[^1].DocumentPath!, StringComparison.Ordinal))
            problems.Add("the public page does not list the decisions");
        if (requests.Max(r => r.Segment) != Counties) problems.Add($"the run logged {requests.Max(r => r.Segment)} counties done, not {Counties}");
        if (problems.Count > 0) throw new InvalidOperationException($"The measured run ({prefix}) was not correct: " + string.Join("; ", problems));

        // The publish path: from the start (with the quota) to the last county done; then dispatch and the page.
        var publish = (recorder.CountyDoneAt - start) * 1000.0 / Stopwatch.Frequency;
        return new RunMeasurement(prefix, elapsed, publish, elapsed - publish, requests, report.Dispatch.Sent + report.Dispatch.CoordinatorSent, queued, allocated, managed, cpu);
    }

    // ---- the bare minimum ----------------------------------------------------------------------

    /// <summary>
    /// The storage round trips the run cannot do without, issued directly with the SDK clients,
    /// one after the other like the run, with the same payload sizes: the quota read and its
    /// transaction; one query of every county's recipient list; per county one read of its partition, each table transaction the run made
    /// (same operation count and body size) and the PDF upload (same size); then one read of the
    /// pending outbox, one entity write per e-mail sent (its ledger row), one read of each published
    /// index blob and the index and page uploads (same sizes).
    /// </summary>
    private static async Task<BareMinimum> ReplayBareMinimumAsync(string connection, int tablePort, RunMeasurement run, string name)
    {
        var prefix = "bench" + name + Guid.NewGuid().ToString("N")[..8];
        var counter = new StorageRecorder(tablePort);
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        blobOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var tables = new TableServiceClient(connection, tableOptions);
        var blobs = new BlobServiceClient(connection, blobOptions);
        var quotas = tables.GetTableClient(prefix + "quotas");
        var countyYears = tables.GetTableClient(prefix + "countyyears");
        var recipients = tables.GetTableClient(prefix + "recipients");
        var container = blobs.GetBlobContainerClient(prefix + "published");
        await Task.WhenAll(quotas.CreateIfNotExistsAsync(), countyYears.CreateIfNotExistsAsync(), recipients.CreateIfNotExistsAsync(), container.CreateIfNotExistsAsync(PublicAccessType.Blob));

        var rows = 0;
        var random = new Random(1);
        var steps = new List<Func<Task>>();
        // Global, before the counties: the quota.
        var quotaPart = run.Requests.Where(run.IsGlobalPrefix).ToList();
        steps.Add(() => ReadPartitionAsync(quotas, Year.ToString(CultureInfo.InvariantCulture)));
        foreach (var t in quotaPart.Where(r => r.Kind == RequestKind.TableTransaction))
            steps.Add(() => TransactionAsync(quotas, Year.ToString(CultureInfo.InvariantCulture), t, () => rows++));
        steps.Add(() => QueryAsync(recipients, "RowKey eq 'head'"));
        // Per county.
        for (var c = 0; c < Counties; c++)
        {
            var pk = $"{Year}-{c:D2}";
            var county = run.CountyRequests(c).ToList();
            steps.Add(() => ReadPartitionAsync(countyYears, pk));
            foreach (var r in county)
            {
                if (r.Kind == RequestKind.TableTransaction) steps.Add(() => TransactionAsync(countyYears, pk, r, () => rows++));
                // Counties run a few at a time, so a segment may hold another county's upload: unique names.
                else if (r.Kind == RequestKind.BlobPut) { var n = steps.Count; steps.Add(() => PutAsync(container, $"{Year}/{pk}/beslut-{n}.pdf", r.BodyBytes, random)); }
            }
        }
        // Global, after the counties: the e-mails' ledger rows and the public page.
        var global = run.Requests.Where(r => r.Segment == Counties).ToList();
        var ledgerWrite = global.Where(r => r.Kind == RequestKind.TableWrite).Select(r => r.BodyBytes).DefaultIfEmpty(1000).Max();
        steps.Add(() => QueryAsync(countyYears, "EntityType eq 'outbox'"));
        for (var i = 0; i < run.Sent; i++)
            steps.Add(() => countyYears.UpsertEntityAsync(Padded($"{Year}-18", $"o{rows++:D6}", ledgerWrite), TableUpdateMode.Replace));
        // The published index: its year blob and root are read (conditionally), then written with the page copy.
        steps.Add(() => ReadBlobAsync(container, "index/2022.json"));
        steps.Add(() => ReadBlobAsync(container, "index/root.json"));
        foreach (var r in global.Where(r => r.Kind == RequestKind.BlobPut))
            steps.Add(() => PutAsync(container, "index.html", r.BodyBytes, random, overwrite: true));

        counter.Reset();
        counter.Recording = true;
        var cpuBefore = CpuTime.Now();
        var start = Stopwatch.GetTimestamp();
        foreach (var step in steps) await step();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var cpu = CpuTime.Now() - cpuBefore;
        counter.Recording = false;
        var done = counter.Requests;
        return new BareMinimum(elapsed, done.Count, done.Sum(r => r.BodyBytes), cpu);
    }

    private static async Task ReadPartitionAsync(TableClient table, string pk)
    {
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"))) { }
    }

    private static async Task ReadBlobAsync(BlobContainerClient container, string name)
    {
        try
        {
            await container.GetBlobClient(name).DownloadContentAsync();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // a first run finds no index yet, like the run itself
        }
    }

    private static async Task QueryAsync(TableClient table, string filter)
    {
        await foreach (var _ in table.QueryAsync<TableEntity>(filter)) { }
    }

    /// <summary>Per operation of a transaction, the multipart envelope and the entity's keys and metadata take about this many bytes.</summary>
    private const int OperationOverhead = 560;

    private static Task TransactionAsync(TableClient table, string pk, RecordedRequest like, Func<int> nextRow)
    {
        var perEntity = Math.Max(0, like.BodyBytes / Math.Max(1, like.Operations) - OperationOverhead);
        var actions = Enumerable.Range(0, Math.Max(1, like.Operations))
            .Select(_ => new TableTransactionAction(TableTransactionActionType.Add, Padded(pk, $"r{nextRow():D6}", perEntity)))
            .ToList();
        return table.SubmitTransactionAsync(actions);
    }

    private static TableEntity Padded(string pk, string rk, long chars)
    {
        var e = new TableEntity(pk, rk);
        for (var i = 0; chars > 0; i++, chars -= 30_000)
            e["Pad" + i.ToString(CultureInfo.InvariantCulture)] = new string('x', (int)Math.Min(30_000, chars));
        return e;
    }

    private static Task PutAsync(BlobContainerClient container, string path, long bytes, Random random, bool overwrite = false)
    {
        var content = new byte[bytes];
        random.NextBytes(content);
        return container.GetBlobClient(path).UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            Conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
        });
    }

    /// <summary>Every request of a run, in order (<c>--list-requests</c>): segment, kind, method, path, body size, operations, time.</summary>
    private static void ListRequests(RunMeasurement run)
    {
        Console.WriteLine();
        Console.WriteLine("Requests of the last run (segment = counties done before it):");
        foreach (var r in run.Requests)
            Console.WriteLine($"  {r.Segment,3} {r.Kind,-16} {r.Method,-6} {r.Path.Replace(run.Prefix, "", StringComparison.Ordinal),-70} {r.BodyBytes,9:N0} B {r.Operations,3} ops {r.Milliseconds,7:0.0} ms");
    }

    /// <summary>CPU time used so far by this process and by Azurite (its process id from <c>AZURITE_PID</c>, read from /proc), in ms.</summary>
    private readonly record struct CpuTime(double App, double Azurite)
    {
        public static CpuTime Now() => new(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, AzuriteMilliseconds());
        public static CpuTime operator -(CpuTime a, CpuTime b) => new(a.App - b.App, a.Azurite - b.Azurite);
        public override string ToString() => double.IsNaN(Azurite) ? $"app {App:0} ms" : $"app {App:0} ms + Azurite {Azurite:0} ms";

        private static double AzuriteMilliseconds()
        {
            try
            {
                var pid = Environment.GetEnvironmentVariable("AZURITE_PID");
                if (pid is null) return double.NaN;
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime and stime (fields 14 and 15 of proc(5); 12 and 13 after the command name), in clock ticks of 10 ms
                return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
            }
            catch (IOException)
            {
                return double.NaN;
            }
        }
    }

    // ---- the report ----------------------------------------------------------------------------

    private static void Report(List<RunMeasurement> results, int warmups)
    {
        static double Median(IEnumerable<double> xs)
        {
            var s = xs.OrderBy(x => x).ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        }
        var last = results[^1];
        var perCounty = Enumerable.Range(0, Counties).Select(c => last.CountyRequests(c).Where(r => r.Kind != RequestKind.Setup).ToList()).ToList();
        int CountOf(IEnumerable<RecordedRequest> rs, RequestKind k) => rs.Count(r => r.Kind == k);
        var global = last.Global.Where(r => r.Kind != RequestKind.Setup).ToList();
        var setup = last.Requests.Count(r => r.Kind == RequestKind.Setup);
        var ratios = results.Select(r => r.Milliseconds / r.Bare!.Milliseconds).ToList();
        Process.GetCurrentProcess().Refresh();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;

        Console.WriteLine();
        Console.WriteLine($"Wall time of the run ({results.Count} runs after {warmups} warm-up run(s), each on a new storage prefix):");
        Console.WriteLine($"  median {Median(results.Select(r => r.Milliseconds)):0} ms, min {results.Min(r => r.Milliseconds):0} ms, max {results.Max(r => r.Milliseconds):0} ms   (target <= 3000 ms)");
        Console.WriteLine($"  of which in storage requests: median {Median(results.Select(r => r.StorageMilliseconds)):0} ms");
        Console.WriteLine($"Bare minimum of storage round trips: median {Median(results.Select(r => r.Bare!.Milliseconds)):0} ms ({last.Bare!.Requests} requests, {last.Bare.BodyBytes / 1024.0:0} KiB written)");
        Console.WriteLine($"  ratio run / bare minimum: median {Median(ratios):0.00}, min {ratios.Min():0.00}, max {ratios.Max():0.00}   (target <= 2)");
        Console.WriteLine();
        Console.WriteLine("Storage requests per county, publish path (last run):");
        Console.WriteLine("  county  reads  transactions  blob puts  other  total  bytes written");
        for (var c = 0; c < Counties; c++)
        {
            var rs = perCounty[c];
            Console.WriteLine($"  {c + 1,6}  {CountOf(rs, RequestKind.TableRead) + CountOf(rs, RequestKind.BlobRead),5}  {CountOf(rs, RequestKind.TableTransaction),12}  {CountOf(rs, RequestKind.BlobPut),9}  "
                + $"{rs.Count(r => r.Kind is RequestKind.TableWrite or RequestKind.Other),5}  {rs.Count,5}  {rs.Sum(r => r.BodyBytes),13:N0}");
        }
        var counts = perCounty.Select(p => p.Count).ToList();
        Console.WriteLine($"  per county: max {counts.Max()}, min {counts.Min()}, mean {counts.Average():0.0}   (target <= 5)");
        Console.WriteLine($"Global (quota, dispatch, public page): {global.Count} requests: {CountOf(global, RequestKind.TableRead)} table reads, "
            + $"{CountOf(global, RequestKind.TableTransaction)} transactions, {CountOf(global, RequestKind.TableWrite)} entity writes, {CountOf(global, RequestKind.BlobRead)} blob reads, "
            + $"{CountOf(global, RequestKind.BlobPut)} blob puts; {last.Sent} e-mails sent of {last.Queued} queued");
        Console.WriteLine($"Table/container creation during the run: {setup}");
        Console.WriteLine($"Bytes written (request bodies): publish path {perCounty.Sum(p => p.Sum(r => r.BodyBytes)) / 1024.0:N0} KiB, global {global.Sum(r => r.BodyBytes) / 1024.0:N0} KiB, "
            + $"total {last.Requests.Sum(r => r.BodyBytes) / 1024.0:N0} KiB");
        Console.WriteLine($"Memory: peak working set {peak / 1048576.0:0} MB (process, whole benchmark)   (target <= 300 MB); "
            + $"managed heap after a run {Median(results.Select(r => (double)r.ManagedAfter)) / 1048576.0:0} MB; allocated per run {Median(results.Select(r => (double)r.AllocatedBytes)) / 1048576.0:0} MB");
        Console.WriteLine($"CPU per run (median): app {Median(results.Select(r => r.Cpu.App)):0} ms, Azurite {Median(results.Select(r => r.Cpu.Azurite)):0} ms; "
            + $"bare minimum: app {Median(results.Select(r => r.Bare!.Cpu.App)):0} ms, Azurite {Median(results.Select(r => r.Bare!.Cpu.Azurite)):0} ms; "
            + $"runtime: TieredPGO {(Environment.GetEnvironmentVariable("DOTNET_TieredPGO") is { } env ? $"DOTNET_TieredPGO={env}" : AppContext.GetData("System.Runtime.TieredPGO") ?? "default")} (Directory.Build.props)");
        Console.WriteLine($"Load average at the end: {LoadAverage()}");
    }
}
