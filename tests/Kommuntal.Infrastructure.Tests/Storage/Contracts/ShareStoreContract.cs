using Kommuntal.Application.Ports;
using Kommuntal.Core.Unaccompanied;
using Kommuntal.Testing;
using Kommuntal.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Infrastructure.Tests.Storage.Contracts;

/// <summary>What every <see cref="IShareStore"/> does: the table store and its in-memory fake.</summary>
public abstract class ShareStoreContract : StoreContract<IShareStore>
{
    private static readonly IReadOnlyList<RecordedShare> Country =
        new ShareFileParser(Core.Reference.ReferenceData.Bundled).Read(Samples.File("tests", "data", "andelstal", "andelstal-2022.csv"), 2022).Shares;

    private static InputSource Source(char sha, string by = "test") => new($"andelstal-{sha}.csv", new string(sha, 64), by, TestHost.DefaultNow, "csv");

    [Fact]
    public async Task Versions_count_up_the_same_content_is_stored_once_and_a_county_file_replaces_only_its_county()
    {
        Assert.Null(await Store.GetSharesAsync(2022, default));
        var counties = Country.Select(s => Core.Reference.ReferenceData.Bundled.FindMunicipality(s.MunicipalityCode)!.CountyCode).Distinct().ToList();
        var first = await Store.SaveSharesAsync(2022, Country, counties, Source('a'), default);
        Assert.Equal((true, 1, 290), (first.Created, first.Version.Version, first.Version.Shares.Count));
        var again = await Store.SaveSharesAsync(2022, Country, counties, Source('a', "someone else"), default);
        Assert.Equal((false, 1, "test"), (again.Created, again.Version.Version, again.Version.Source.UploadedBy));

        var orebro = Country.Where(s => s.MunicipalityCode.StartsWith("18", StringComparison.Ordinal)).Select(s => s with { Share = s.Share + new PerMille(1) }).ToList();
        var second = await Store.SaveSharesAsync(2022, orebro, ["18"], Source('b'), default);
        Assert.Equal((true, 2), (second.Created, second.Version.Version));
        var current = await Store.GetSharesAsync(2022, default);
        Assert.Equal(290, current!.Shares.Count);
        Assert.Equal(["18"], current.Counties);
        Assert.Equal(1_000_000 + orebro.Count, current.Shares.Sum(s => s.Share.Thousandths));
        Assert.Equal(Country.Single(s => s.MunicipalityCode == "0180").Share, current.Shares.Single(s => s.MunicipalityCode == "0180").Share);
        Assert.Equal(new PerMille(15_020), current.Shares.Single(s => s.MunicipalityCode == "1880").Share);
        Assert.Equal(TestHost.DefaultNow, current.Source.UploadedAt);
        Assert.Null(await Store.GetSharesAsync(2023, default));
    }

    [Fact]
    public async Task Requests_are_versioned_per_county_and_read_back_as_stored()
    {
        ShareRequest[] requests =
        [
            new("1861", ShareRequestKind.Transfer, new PerMille(500), "1880", "Överenskommelse (testvariant)"),
            new("1860", ShareRequestKind.Lower, null, null, "Familjehem (testvariant)"),
        ];
        Assert.Null(await Store.GetRequestsAsync(2022, "18", default));
        var first = await Store.SaveRequestsAsync(2022, "18", requests, Source('c'), default);
        Assert.Equal((true, 1), (first.Created, first.Version.Version));
        Assert.False((await Store.SaveRequestsAsync(2022, "18", requests, Source('c'), default)).Created);
        var second = await Store.SaveRequestsAsync(2022, "18", [], Source('d'), default);
        Assert.Equal(2, second.Version.Version);
        Assert.Empty((await Store.GetRequestsAsync(2022, "18", default))!.Requests);
        Assert.Null(await Store.GetRequestsAsync(2022, "17", default));
        var third = await Store.SaveRequestsAsync(2022, "18", requests, Source('c'), default); // a revert is a new version
        Assert.Equal(3, third.Version.Version);
        Assert.Equal(requests, (await Store.GetRequestsAsync(2022, "18", default))!.Requests);
    }
}

public sealed class TableShareStoreContractTests : ShareStoreContract
{
    protected override bool OnAzurite => true;
    protected override IShareStore Create(TestHost? host) => host!.Services.GetRequiredService<IShareStore>();
}

public sealed class InMemoryShareStoreContractTests : ShareStoreContract
{
    protected override bool OnAzurite => false;
    protected override IShareStore Create(TestHost? host) => new InMemoryShareStore();
}
