using Azure.Storage.Blobs.Models;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Text;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Documents;

/// <summary>
/// Issue 14, item 7: a blob already at a publication's predictable path is adopted only when its
/// bytes are the ones this publication renders (an earlier attempt that was interrupted after its
/// upload); its metadata is never trusted.
/// </summary>
public class PublicationAdoptionTests
{
    private const string Path = "2022/18-orebro-lan/beslut-v1.pdf";

    /// <summary>Örebro län 2022 decided (not published), and the bytes its publication will render.</summary>
    private static async Task<byte[]> DecidedAsync(TestHost host)
    {
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "samordnaren", default);
        var service = host.Get<CountyYearService>();
        await service.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        var (snapshot, decision) = await service.DecideAsync(2022, "18",
            new DecisionRequest(new DateOnly(2021, 11, 8), "TEST-2022-18", "landshövdingen", "integrationssamordnaren"), "samordnaren", default);
        return await host.Get<DocumentService>().RenderDecisionAsync(snapshot, decision, default);
    }

    private static async Task PlantAsync(TestHost host, byte[] content, string metadataSha256)
    {
        var clients = host.Get<StorageClients>();
        await clients.Published.GetBlobClient(Path).UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" },
            Metadata = new Dictionary<string, string> { [BlobDocumentStore.Sha256Metadata] = metadataSha256 },
        });
    }

    private static async Task<byte[]> StoredAsync(TestHost host) =>
        (await host.Get<StorageClients>().Published.GetBlobClient(Path).DownloadContentAsync()).Value.Content.ToArray();

    [Fact]
    public async Task A_planted_blob_with_forged_metadata_is_refused_audited_once_and_never_adopted()
    {
        await using var host = new TestHost();
        var rendered = await DecidedAsync(host);
        var realSha = DeterministicId.Sha256Hex(rendered);
        // Same size, one byte changed, and metadata claiming the hash of the real rendering.
        var forged = rendered.ToArray();
        forged[forged.Length / 2] ^= 0x20;
        await PlantAsync(host, forged, realSha);

        var service = host.Get<CountyYearService>();
        var refused = await Assert.ThrowsAsync<PublishedDocumentConflictException>(() => service.PublishAsync(2022, "18", "samordnaren", default));
        Assert.Equal(Path, refused.Path);
        Assert.Equal(realSha, refused.RenderedSha256);
        Assert.Equal(DeterministicId.Sha256Hex(forged), refused.StoredSha256);
        Assert.Equal(realSha, refused.StoredMetadataSha256);
        Assert.Contains("not adopted", refused.Message, StringComparison.Ordinal);

        // Tried again (a retry, a timer): refused again, audited once.
        await Assert.ThrowsAsync<PublishedDocumentConflictException>(() => service.PublishAsync(2022, "18", "samordnaren", default));
        var snapshot = await service.LoadAsync(2022, "18", default);
        Assert.Equal(CountyYearStatus.Decided, snapshot.State.Status);
        Assert.Null(snapshot.CurrentDecision!.Document);
        Assert.Empty(snapshot.Outbox);
        var audit = await host.Get<ICountyYearStore>().ReadAuditAsync(2022, "18", default);
        var line = Assert.Single(audit, a => a.Action == "document.conflict");
        Assert.Equal(DeterministicId.Sha256Hex(forged), line.ContentSha256);
        Assert.Contains(Path, line.Details, StringComparison.Ordinal);
        Assert.Empty(await host.Get<ICountyYearStore>().ListPublishedAsync(2022, default));
        Assert.Equal(forged, await StoredAsync(host)); // nothing overwritten either
    }

    [Fact]
    public async Task A_planted_blob_of_another_size_is_refused_without_being_read_whole()
    {
        await using var host = new TestHost();
        var rendered = await DecidedAsync(host);
        var other = new byte[rendered.Length + 1_000];
        await PlantAsync(host, other, DeterministicId.Sha256Hex(rendered));

        var refused = await Assert.ThrowsAsync<PublishedDocumentConflictException>(
            () => host.Get<CountyYearService>().PublishAsync(2022, "18", "samordnaren", default));
        Assert.Null(refused.StoredSha256);
        Assert.Equal(other.Length, refused.StoredSize);
        Assert.Single(await host.Get<ICountyYearStore>().ReadAuditAsync(2022, "18", default), a => a.Action == "document.conflict");
    }

    [Fact]
    public async Task The_bytes_an_interrupted_attempt_left_are_adopted_and_recorded_with_their_own_hash()
    {
        await using var host = new TestHost();
        var rendered = await DecidedAsync(host);
        // An earlier attempt uploaded and died before its commit; its metadata is wrong on purpose: only the bytes count.
        await PlantAsync(host, rendered, new string('0', 64));
        host.Clock.Advance(TimeSpan.FromHours(20)); // rendered again later: the same bytes

        var outcome = await host.Get<CountyYearService>().PublishAsync(2022, "18", "samordnaren", default);
        Assert.True(outcome.Document.AlreadyExisted);
        Assert.Equal(DeterministicId.Sha256Hex(rendered), outcome.Decision.Document!.Sha256);
        Assert.Equal(rendered.Length, outcome.Decision.Document.Size);
        Assert.Equal(DecisionStatus.Published, outcome.Decision.Status);
        Assert.DoesNotContain(await host.Get<ICountyYearStore>().ReadAuditAsync(2022, "18", default), a => a.Action == "document.conflict");
    }
}
