using System.Text;
using Kommuntal.Application.Ports;
using Kommuntal.Testing;
using Kommuntal.Testing.InMemory;

namespace Kommuntal.Infrastructure.Tests.Storage.Contracts;

/// <summary>What every <see cref="IDocumentStore"/> does: the blob store and its in-memory fake.</summary>
public abstract class DocumentStoreContract : StoreContract<IDocumentStore>
{
    private const string Path = "2022/18-orebro-lan/beslut-v1.pdf";

    private Task<StoredBlob> PublishAsync(byte[] content) => Store.PublishAsync(Path, content, "application/pdf", "beslut.pdf", default);

    [Fact]
    public async Task A_document_is_created_once_and_adopted_only_with_the_same_bytes()
    {
        Assert.Null(await Store.ReadAsync(Path, default));
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.7 the decision");
        var first = await PublishAsync(bytes);
        Assert.False(first.AlreadyExisted);
        Assert.Equal((Path, bytes.Length, Core.Text.DeterministicId.Sha256Hex(bytes)), (first.Path, (int)first.Size, first.Sha256));
        var again = await PublishAsync(bytes);
        Assert.True(again.AlreadyExisted);
        Assert.Equal(first.Sha256, again.Sha256);

        var sameSize = await Assert.ThrowsAsync<PublishedDocumentConflictException>(() => PublishAsync(Encoding.ASCII.GetBytes("%PDF-1.7 the decisioN")));
        Assert.Equal(first.Sha256, sameSize.StoredSha256);
        Assert.Equal(first.Sha256, sameSize.StoredMetadataSha256);
        var otherSize = await Assert.ThrowsAsync<PublishedDocumentConflictException>(() => PublishAsync(Encoding.ASCII.GetBytes("%PDF-1.7 another decision")));
        Assert.Null(otherSize.StoredSha256); // not read: it cannot be the same document
        Assert.Equal(bytes.Length, otherSize.StoredSize);
        Assert.Equal(bytes, await Store.ReadAsync(Path, default));
    }

    [Fact]
    public async Task A_page_is_replaced()
    {
        await Store.WritePageAsync("index.html", "<p>ett</p>", default);
        await Store.WritePageAsync("index.html", "<p>två</p>", default);
        Assert.Equal("<p>två</p>", Encoding.UTF8.GetString((await Store.ReadAsync("index.html", default))!));
        Assert.EndsWith("/" + Path, Store.PublicUrl(Path));
    }
}

/// <summary>What every <see cref="IPublishedIndexStore"/> does: the blob store and its in-memory fake.</summary>
public abstract class PublishedIndexStoreContract : StoreContract<IPublishedIndexStore>
{
    [Fact]
    public async Task Reads_are_conditional_and_a_write_succeeds_only_on_the_ETag_read()
    {
        Assert.Equal(IndexReadStatus.Missing, (await Store.ReadAsync("index/2022.json", null, default)).Status);
        var created = await Store.WriteAsync("index/2022.json", "{\"v\":1}"u8.ToArray(), null, default);
        Assert.NotNull(created);
        Assert.Null(await Store.WriteAsync("index/2022.json", "{\"v\":0}"u8.ToArray(), null, default)); // create-only: it exists

        var read = await Store.ReadAsync("index/2022.json", null, default);
        Assert.Equal((IndexReadStatus.Found, created), (read.Status, read.ETag));
        Assert.Equal("{\"v\":1}"u8.ToArray(), read.Content);
        var unchanged = await Store.ReadAsync("index/2022.json", created, default);
        Assert.Equal((IndexReadStatus.NotModified, created), (unchanged.Status, unchanged.ETag));
        Assert.Null(unchanged.Content);

        var second = await Store.WriteAsync("index/2022.json", "{\"v\":2}"u8.ToArray(), created, default);
        Assert.NotNull(second);
        Assert.NotEqual(created, second);
        Assert.Null(await Store.WriteAsync("index/2022.json", "{\"v\":3}"u8.ToArray(), created, default)); // stale: someone else wrote first
        Assert.Equal("{\"v\":2}"u8.ToArray(), (await Store.ReadAsync("index/2022.json", created, default)).Content);
    }
}

public sealed class BlobDocumentStoreContractTests : DocumentStoreContract
{
    protected override bool OnAzurite => true;
    protected override IDocumentStore Create(TestHost? host) => host!.Get<IDocumentStore>();
}

public sealed class InMemoryDocumentStoreContractTests : DocumentStoreContract
{
    protected override bool OnAzurite => false;
    protected override IDocumentStore Create(TestHost? host) => new InMemoryDocumentStore();
}

public sealed class BlobPublishedIndexStoreContractTests : PublishedIndexStoreContract
{
    protected override bool OnAzurite => true;
    protected override IPublishedIndexStore Create(TestHost? host) => host!.Get<IPublishedIndexStore>();
}

public sealed class InMemoryPublishedIndexStoreContractTests : PublishedIndexStoreContract
{
    protected override bool OnAzurite => false;
    protected override IPublishedIndexStore Create(TestHost? host) => new InMemoryPublishedIndexStore();
}
