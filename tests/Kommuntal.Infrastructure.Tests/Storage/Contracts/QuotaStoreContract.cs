using Kommuntal.Application.Caching;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Quotas;
using Kommuntal.Testing;
using Kommuntal.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Infrastructure.Tests.Storage.Contracts;

/// <summary>What every <see cref="IQuotaStore"/> does: the table store and its in-memory fake.</summary>
public abstract class QuotaStoreContract : StoreContract<IQuotaStore>
{
    private static readonly NationalQuota Quota2022 = new QuotaParser(Core.Reference.ReferenceData.Bundled).Read(Samples.Quota2022Csv, 2022, null).Quota;

    private static NationalQuota Revised(string county, int delta) => Quota2022 with
    {
        Counties = [.. Quota2022.Counties.Select(c => c.CountyCode == county ? c with { Lanstal = c.Lanstal + delta } : c)],
    };

    private static QuotaSource Source(string sha, string by = "test") => new($"lanstal-{sha}.csv", new string(sha[0], 64), by, TestHost.DefaultNow);

    [Fact]
    public async Task Versions_count_up_the_same_content_is_stored_once_and_a_revert_is_a_new_version()
    {
        Assert.Null(await Store.GetCurrentAsync(2022, default));
        Assert.Empty(await Store.ListAsync(2022, default));

        var first = await Store.SaveAsync(Quota2022, Source("a"), default);
        Assert.True(first.Created);
        Assert.Equal(1, first.Version.Version);
        Assert.Empty(first.ChangedCounties);
        var again = await Store.SaveAsync(Quota2022, Source("a", "someone else"), default);
        Assert.False(again.Created);
        Assert.Equal(1, again.Version.Version);
        Assert.Equal("test", again.Version.Source.UploadedBy);

        var revised = Revised("18", 10) with { Total = Quota2022.Total + 10 };
        var second = await Store.SaveAsync(revised, Source("b"), default);
        Assert.Equal((true, 2), (second.Created, second.Version.Version));
        Assert.Equal(["18"], second.ChangedCounties);
        var revert = await Store.SaveAsync(Quota2022, Source("a"), default);
        Assert.Equal((true, 3), (revert.Created, revert.Version.Version));
        Assert.Equal(["18"], revert.ChangedCounties);

        var current = await Store.GetCurrentAsync(2022, default);
        Assert.Equal(3, current!.Version);
        Assert.Equal(Quota2022.Counties, current.Quota.Counties);
        Assert.Equal(Quota2022.Total, current.Quota.Total);
        Assert.Equal(Quota2022.StatuteReference, current.Quota.StatuteReference);
        Assert.Equal(new string('a', 64), current.Source.Sha256);
        Assert.Equal(TestHost.DefaultNow, current.Source.UploadedAt);
        var all = await Store.ListAsync(2022, default);
        Assert.Equal([1, 2, 3], all.Select(v => v.Version));
        Assert.Equal(212, all[1].Quota.For("18")!.Lanstal);
        Assert.Equal(all[^1].Version, current.Version); // the current version is the last listed (CachingQuotaStore relies on it)
        Assert.Null(await Store.GetCurrentAsync(2023, default));
    }
}

public sealed class TableQuotaStoreContractTests : QuotaStoreContract
{
    protected override bool OnAzurite => true;
    // The adapter itself, not the caching decorator the composition root puts in front of it.
    protected override IQuotaStore Create(TestHost? host) => host!.Services.GetRequiredKeyedService<IQuotaStore>(RunCache.AdapterKey);
}

public sealed class InMemoryQuotaStoreContractTests : QuotaStoreContract
{
    protected override bool OnAzurite => false;
    protected override IQuotaStore Create(TestHost? host) => new InMemoryQuotaStore();
}
