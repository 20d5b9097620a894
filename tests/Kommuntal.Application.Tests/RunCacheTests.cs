using Kommuntal.Application.Caching;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Unaccompanied;
using Kommuntal.Testing;
using Kommuntal.Testing.InMemory;

namespace Kommuntal.Application.Tests;

/// <summary>The caching decorators of the read ports: one read per run's scope, every read outside one.</summary>
public class RunCacheTests
{
    private static readonly NationalQuota Quota2022 = new QuotaParser(ReferenceData.Bundled).Read(Samples.Quota2022Csv, 2022).Quota;
    private static QuotaSource Source(char sha) => new("lanstal-2022.csv", new string(sha, 64), "test", TestHost.DefaultNow);

    private readonly RunCache _cache = new();
    private readonly InMemoryQuotaStore _quotas = new();
    private readonly CountingIndicatorSource _indicators = new(new BundledIndicatorSource());
    private readonly CountingRecipientDirectory _recipients = new(new ReferenceRecipientDirectory(ReferenceData.Bundled));

    private readonly InMemoryShareStore _shares = new();

    private CachingQuotaStore Quotas => new(_quotas, _cache);
    private CachingShareStore Shares => new(_shares, _cache);
    private CachingIndicatorSource Indicators => new(_indicators, _cache);
    private CachingRecipientDirectory Recipients => new(_recipients, _cache);

    [Fact]
    public async Task Outside_a_run_every_read_reaches_the_port()
    {
        await _quotas.SaveAsync(Quota2022, Source('a'), default);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, (await Quotas.GetCurrentAsync(2022, default))!.Version);
            await Quotas.ListAsync(2022, default);
            await Indicators.GetAsync(2022, default);
            await Recipients.GetAsync("18", default);
        }
        Assert.False(_cache.Active);
        Assert.Equal((6, 3, 3), (_quotas.Reads, _indicators.Reads, _recipients.Reads));
    }

    [Fact]
    public async Task In_a_run_each_input_is_read_once_and_every_county_is_answered_from_one_read_of_the_recipients()
    {
        await _quotas.SaveAsync(Quota2022, Source('a'), default);
        using (_cache.Begin())
        {
            var reads = Enumerable.Range(0, 8).Select(async _ =>
            {
                await Task.Yield();
                Assert.Equal(1, (await Quotas.GetCurrentAsync(2022, default))!.Version);
                Assert.Single(await Quotas.ListAsync(2022, default));
                Assert.Equal(290, (await Indicators.GetAsync(2022, default)).Rows.Count);
            });
            await Task.WhenAll(reads);
            await Recipients.GetAllAsync(default);
            foreach (var county in ReferenceData.Bundled.Counties)
                Assert.Equal(await new ReferenceRecipientDirectory(ReferenceData.Bundled).GetAsync(county.Code, default), await Recipients.GetAsync(county.Code, default));
            Assert.Null(await Quotas.GetCurrentAsync(2023, default));
        }
        Assert.Equal((2, 1, 1), (_quotas.Reads, _indicators.Reads, _recipients.Reads)); // 2022 and 2023
        await Quotas.GetCurrentAsync(2022, default);
        Assert.Equal(3, _quotas.Reads); // the scope is closed: reads again
    }

    [Fact]
    public async Task A_version_stored_in_the_run_is_read_from_the_scope_and_one_stored_by_someone_else_makes_it_read_again()
    {
        using var run = _cache.Begin();
        Assert.Null(await Quotas.GetCurrentAsync(2022, default));
        var saved = await Quotas.SaveAsync(Quota2022, Source('a'), default);
        Assert.Equal(saved.Version, await Quotas.GetCurrentAsync(2022, default));
        Assert.Equal(1, _quotas.Reads);

        await _quotas.SaveAsync(Quota2022 with { Total = 1 }, Source('b'), default); // another process: version 2
        var third = await Quotas.SaveAsync(Quota2022, Source('c'), default);       // this run: version 3, the scope knew only 1
        Assert.Equal(3, third.Version.Version);
        Assert.Equal([1, 2, 3], (await Quotas.ListAsync(2022, default)).Select(v => v.Version));
        Assert.Equal(2, _quotas.Reads);
    }

    [Fact]
    public async Task A_quota_another_run_stored_first_with_the_same_bytes_is_the_current_version_in_this_run()
    {
        // Two demo runs of a year without a quota: both read none, both import the bundled file, the second store finds it stored.
        using var run = _cache.Begin();
        Assert.Null(await Quotas.GetCurrentAsync(2022, default));
        await _quotas.SaveAsync(Quota2022, Source('a'), default); // the other run
        var saved = await Quotas.SaveAsync(Quota2022, Source('a'), default);
        Assert.False(saved.Created);
        Assert.Equal(1, (await Quotas.GetCurrentAsync(2022, default))?.Version);
        Assert.Equal(1, (await Quotas.SaveAsync(Quota2022, Source('a'), default)).Version.Version);
        Assert.Equal(1, (await Quotas.GetCurrentAsync(2022, default))?.Version);
        Assert.Equal(1, _quotas.Reads);
    }

    [Fact]
    public async Task A_read_that_failed_is_read_again()
    {
        var failing = new FailOnce(_indicators);
        var indicators = new CachingIndicatorSource(failing, _cache);
        using var run = _cache.Begin();
        await Assert.ThrowsAsync<IOException>(() => indicators.GetAsync(2022, default));
        await indicators.GetAsync(2022, default);
        await indicators.GetAsync(2022, default);
        Assert.Equal(1, _indicators.Reads);
    }

    [Fact]
    public async Task A_scope_flows_into_work_it_starts_a_scope_inside_one_is_the_same_and_runs_side_by_side_have_their_own()
    {
        await _quotas.SaveAsync(Quota2022, Source('a'), default);
        async Task RunAsync()
        {
            using var run = _cache.Begin();
            await Quotas.GetCurrentAsync(2022, default);
            await Task.Run(() => Quotas.ListAsync(2022, default));
            using (_cache.Begin()) await Quotas.GetCurrentAsync(2022, default);
            Assert.True(_cache.Active);
            await Quotas.GetCurrentAsync(2022, default);
        }
        await Task.WhenAll(RunAsync(), RunAsync());
        Assert.False(_cache.Active);
        Assert.Equal(2, _quotas.Reads);
    }

    private sealed class FailOnce(IIndicatorSource inner) : IIndicatorSource
    {
        private int _calls;

        public Task<IndicatorSet> GetAsync(int year, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1 ? Task.FromException<IndicatorSet>(new IOException("connection reset")) : inner.GetAsync(year, cancellationToken);
    }

    [Fact]
    public async Task In_a_run_the_years_andelstal_are_read_once_for_every_county_and_a_version_stored_in_the_run_replaces_them()
    {
        InputSource source = new("andelstal-2022.csv", new string('a', 64), "test", TestHost.DefaultNow, "Csv");
        await _shares.SaveSharesAsync(2022, [new RecordedShare("1880", new PerMille(15_019))], ["18"], source, default);
        using (_cache.Begin())
        {
            foreach (var _ in ReferenceData.Bundled.Counties)
                Assert.Equal(1, (await Shares.GetSharesAsync(2022, default))!.Version);
            Assert.Equal(1, _shares.Reads);
            var saved = await Shares.SaveSharesAsync(2022, [new RecordedShare("1860", new PerMille(534))], ["18"], source with { Sha256 = new string('b', 64) }, default);
            Assert.Equal(saved.Version, await Shares.GetSharesAsync(2022, default));
            Assert.Equal(1, _shares.Reads);
        }
        Assert.Equal(2, (await Shares.GetSharesAsync(2022, default))!.Version);
        Assert.Equal(2, _shares.Reads); // the scope is closed: reads again
    }
}
