using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Storage;

/// <summary>
/// In Azure the app's blob role is scoped to its two containers (infra/main.bicep), which may not
/// allow creating a container. Against Azurite the same narrow right is a container SAS (read and
/// list, no create): the app's container check then accepts a container that is there and still
/// fails for one that is not.
/// </summary>
public class ContainerScopedAccessTests
{
    private static BlobContainerClient Narrow(BlobContainerClient full) =>
        new(full.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List | BlobContainerSasPermissions.Write,
            DateTimeOffset.UtcNow.AddMinutes(10)));

    [Fact]
    public async Task A_container_the_narrow_right_cannot_create_is_accepted_when_it_exists_and_refused_when_it_does_not()
    {
        var service = new BlobServiceClient(TestStorage.ConnectionString);
        var existing = service.GetBlobContainerClient(TestStorage.NewPrefix() + "inbox");
        await existing.CreateAsync();

        // The narrow right really cannot create a container.
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => Narrow(existing).CreateIfNotExistsAsync());
        Assert.Equal(403, refused.Status);

        await StorageInitializer.EnsureContainerAsync(Narrow(existing), PublicAccessType.None);

        var missing = service.GetBlobContainerClient(TestStorage.NewPrefix() + "inbox");
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => StorageInitializer.EnsureContainerAsync(Narrow(missing), PublicAccessType.None));
        Assert.Equal(404, ex.Status);
        Assert.False(await missing.ExistsAsync());
    }
}
