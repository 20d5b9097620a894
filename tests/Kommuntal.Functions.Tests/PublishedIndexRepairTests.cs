using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>
/// Issue 14, item 4: a publication that stops right after its commit (before the published index
/// is written) must not lose its entry for good. The crash is the fault-injection policy's
/// <see cref="FaultInjectionPolicy.FailFrom"/>: from the first request after the commit, nothing
/// reaches storage. Then each of the repair paths, in a new process, brings the index to the record.
/// </summary>
public class PublishedIndexRepairTests
{
    private static readonly DecisionRequest Request = new(new DateOnly(2021, 11, 8), "TEST-2022", "landshövdingen", "integrationssamordnaren");

    /// <summary>Quota imported; Örebro län (18) and Stockholms län (01) decided, not published.</summary>
    private static async Task<string> DecidedAsync()
    {
        await using var host = FunctionsHost.Create();
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "samordnaren", default);
        var counties = host.Get<CountyYearService>();
        foreach (var county in new[] { "18", "01" })
        {
            await counties.ProposeAsync(2022, county, "samordnaren", null, DraftPurpose.Proposal, default);
            await counties.DecideAsync(2022, county, Request, "samordnaren", default);
        }
        return host.Prefix;
    }

    /// <summary>The attempt that follows the publication's commit (its last transaction before the first request for the published index).</summary>
    private static async Task<int> AfterCommitAsync()
    {
        var counter = new FaultInjectionPolicy();
        await using var host = FunctionsHost.Create(prefix: await DecidedAsync(), storagePolicies: [counter]);
        await host.Get<CountyYearService>().PublishAsync(2022, "18", "samordnaren", default);
        var log = counter.Log.ToList();
        var index = log.FindIndex(l => l.Contains("/index/", StringComparison.Ordinal));
        Assert.True(index > 0, "the publication made no request for the published index: " + string.Join("; ", log));
        var commit = log.FindLastIndex(index, l => l.EndsWith("$batch", StringComparison.Ordinal));
        Assert.True(commit > 0, "no transaction before the index: " + string.Join("; ", log));
        return commit + 2; // 1-based: the attempt after the commit
    }

    private static async Task<IReadOnlyList<(string County, int Version)>> PublicListAsync(string prefix)
    {
        await using var reader = FunctionsHost.Create(prefix: prefix);
        var list = await reader.Get<PublicDocumentsService>().ListAsync(2022, null, null, default);
        using var json = System.Text.Json.JsonDocument.Parse(list.Body);
        return json.RootElement.EnumerateArray().Select(e => (e.GetProperty("county").GetString()!, e.GetProperty("version").GetInt32())).ToList();
    }

    [Theory]
    [InlineData("next publication")]
    [InlineData("DispatchNotifications timer")]
    [InlineData("YearlyRun timer (cycle)")]
    [InlineData("kommuntal run")]
    public async Task A_publication_interrupted_after_its_commit_is_put_in_the_index_by_the_next_update(string repair)
    {
        var crashAt = await AfterCommitAsync();
        var prefix = await DecidedAsync();
        var crash = new FaultInjectionPolicy { FailFrom = crashAt, Kind = FaultKind.ConnectionReset };
        await using (var host = FunctionsHost.Create(prefix: prefix, storagePolicies: [crash]))
        {
            // The publication stands (its commit went through); the index update failed and was logged.
            var outcome = await host.Get<CountyYearService>().PublishAsync(2022, "18", "samordnaren", default);
            Assert.Equal(DecisionStatus.Published, outcome.Decision.Status);
            Assert.NotNull(crash.Injected);
        }
        Assert.Empty(await PublicListAsync(prefix)); // the index is behind its record

        await using (var next = FunctionsHost.Create(prefix: prefix))
        {
            switch (repair)
            {
                case "next publication":
                    await next.Get<CountyYearService>().PublishAsync(2022, "01", "samordnaren", default);
                    Assert.Equal([("01", 1), ("18", 1)], await PublicListAsync(prefix));
                    return;
                case "DispatchNotifications timer":
                    await ActivatorUtilities.CreateInstance<NotificationFunctions>(next.Services).DispatchNotifications(new TimerInfo(), default);
                    break;
                case "YearlyRun timer (cycle)":
                    await ActivatorUtilities.CreateInstance<YearlyRunFunction>(next.Services).Run(new TimerInfo(), default);
                    break;
                default:
                    await next.Get<DemoRunService>().RunAsync(2022, "test", default);
                    Assert.Equal(21, (await PublicListAsync(prefix)).Count);
                    return;
            }
        }
        Assert.Contains(("18", 1), await PublicListAsync(prefix));
    }

    [Fact]
    public async Task Concurrent_publications_of_one_year_on_two_instances_both_end_up_in_the_index()
    {
        var prefix = await DecidedAsync();
        await using var a = FunctionsHost.Create(prefix: prefix);
        await using var b = FunctionsHost.Create(prefix: prefix);
        await Task.WhenAll(
            a.Get<CountyYearService>().PublishAsync(2022, "18", "samordnaren", default),
            b.Get<CountyYearService>().PublishAsync(2022, "01", "samordnaren", default));
        Assert.Equal([("01", 1), ("18", 1)], await PublicListAsync(prefix));
        // The root (the list of every year and the public page) has both too.
        await using var reader = FunctionsHost.Create(prefix: prefix);
        var page = System.Text.Encoding.UTF8.GetString((await reader.Get<PublicDocumentsService>().PageAsync(default))!.Body);
        Assert.Contains("2022/18-orebro-lan/beslut-v1.pdf", page, StringComparison.Ordinal);
        Assert.Contains("2022/01-stockholms-lan/beslut-v1.pdf", page, StringComparison.Ordinal);
    }
}
