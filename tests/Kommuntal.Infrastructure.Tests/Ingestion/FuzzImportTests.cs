using Azure.Data.Tables;
using CsCheck;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Tests.Ingestion;
using Kommuntal.Core.Validation;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;
using Xunit.Abstractions;

namespace Kommuntal.Infrastructure.Tests.Ingestion;

/// <summary>
/// Never a partial write: mutated quota, indicator and wish files (the generator of the parser
/// fuzzing, <see cref="FuzzInputs"/>) go through the real import services against Azurite. A
/// rejected file leaves every table row exactly as it was (same keys, same ETags); an accepted one
/// adds exactly one version (or none when the same content is already stored). 200 cases per kind;
/// KOMMUNTAL_FUZZ_IMPORT_CASES for more, KOMMUNTAL_FUZZ_SEED to replay.
/// </summary>
public class FuzzImportTests(ITestOutputHelper output)
{
    private static long Cases =>
        long.TryParse(Environment.GetEnvironmentVariable("KOMMUNTAL_FUZZ_IMPORT_CASES"), out var n) && n > 0 ? n : 200;

    /// <summary>Every row of the quota, inputs and county-year tables: table, keys and ETag.</summary>
    private static async Task<List<string>> SnapshotAsync(TestHost host)
    {
        var clients = host.Get<StorageClients>();
        var rows = new List<string>();
        foreach (var (name, table) in new[] { ("quotas", clients.Quotas), ("inputs", clients.Inputs), ("countyyears", clients.CountyYears) })
            await foreach (var e in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
                rows.Add($"{name}|{e.PartitionKey}|{e.RowKey}|{e.ETag}");
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>
    /// Runs the cases one at a time (storage is compared before and after each): the import either
    /// fails with a validation error and nothing changed, or stores one version (none if already stored).
    /// </summary>
    private async Task RunAsync<TVersion>(FuzzKind kind, TestHost host,
        Func<InputFile, Task<(TVersion Version, bool Created)>> import, Func<Task<IReadOnlyList<int>>> versions, Func<TVersion, int> number)
    {
        var stats = new FuzzStats();
        long created = 0;
        FuzzInputs.Gen(kind).Sample(c =>
        {
            var file = c.Build();
            var before = SnapshotAsync(host).GetAwaiter().GetResult();
            var versionsBefore = versions().GetAwaiter().GetResult();
            try
            {
                var (version, isNew) = import(file).GetAwaiter().GetResult();
                var versionsAfter = versions().GetAwaiter().GetResult();
                if (isNew)
                {
                    Assert.Equal([.. versionsBefore, number(version)], versionsAfter);
                    Assert.Equal(versionsBefore.DefaultIfEmpty(0).Max() + 1, number(version));
                    Interlocked.Increment(ref created);
                }
                else
                {
                    Assert.Equal(versionsBefore, versionsAfter);
                    Assert.Contains(number(version), versionsBefore);
                }
                stats.Record(FuzzOutcome.Valid);
            }
            catch (ValidationFailedException ex)
            {
                Assert.NotEmpty(ex.Problems);
                Assert.All(ex.Problems, p => Assert.Equal(file.Name, p.File));
                Assert.Equal(before, SnapshotAsync(host).GetAwaiter().GetResult());
                Assert.Equal(versionsBefore, versions().GetAwaiter().GetResult());
                stats.Record(FuzzOutcome.Rejected, ex.Problems);
            }
        }, seed: FuzzInputs.Seed, iter: Cases, threads: 1);
        output.WriteLine($"fuzz import {kind}: {stats}; {created} new versions");
        Assert.Equal(Cases, stats.Valid + stats.Rejected);
        Assert.True(stats.Rejected > 0 && created > 0, $"the {kind} cases must include both rejected files and new versions ({stats})");
    }

    [Fact]
    public async Task Fuzz_quota_imports_store_one_version_or_nothing()
    {
        await using var host = new TestHost();
        var import = host.Get<QuotaImportService>();
        var store = host.Get<IQuotaStore>();
        await RunAsync(FuzzKind.Quota, host,
            async f => { var o = await import.ImportAsync(f, 2022, "fuzz", default); return (o.Version, o.Created); },
            async () => (await store.ListAsync(2022, default)).Select(v => v.Version).ToList(),
            v => v.Version);
    }

    [Fact]
    public async Task Fuzz_indicator_imports_store_one_version_or_nothing()
    {
        await using var host = new TestHost();
        var import = host.Get<IndicatorImportService>();
        var store = host.Get<IInputStore>();
        await RunAsync(FuzzKind.Indicators, host,
            async f => { var o = await import.ImportAsync(f, 2022, "fuzz", default); return (o.Version, o.Created); },
            async () => (await store.ListIndicatorsAsync(2022, default)).Select(v => v.Version).ToList(),
            v => v.Version);
    }

    [Fact]
    public async Task Fuzz_wish_imports_store_one_version_or_nothing()
    {
        await using var host = new TestHost();
        var import = host.Get<WishImportService>();
        var store = host.Get<IInputStore>();
        await RunAsync(FuzzKind.Wishes, host,
            async f => { var o = await import.ImportAsync(f, 2022, "18", "fuzz", default); return (o.Version, o.Created); },
            async () => (await store.ListWishesAsync(2022, "18", default)).Select(v => v.Version).ToList(),
            v => v.Version);
    }
}
