using Kommuntal.Application.Ports;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Reference;

namespace Kommuntal.Application.Services;

/// <summary>Regenerates the public index page in Blob Storage from what is published.</summary>
public sealed class PublicIndexService(ReferenceData reference, ICountyYearStore store, IDocumentStore documents, TimeProvider clock)
{
    public async Task<string> RegenerateAsync(CancellationToken cancellationToken)
    {
        var published = await store.ListPublishedAsync(null, cancellationToken);
        var entries = published.Select(p => new PublishedEntry(p.Year, reference.County(p.CountyCode), p.Decision)).ToList();
        var html = PublicIndexPage.Build(entries, clock.GetUtcNow());
        await documents.WritePageAsync(PublicationPaths.IndexPage, html, cancellationToken);
        return PublicationPaths.IndexPage;
    }
}
