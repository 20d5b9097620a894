using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Notifications;

namespace Kommuntal.Application.Services;

/// <summary>One county's part of an imported recipient file.</summary>
public sealed record RecipientImportResult(County County, RecipientListVersion Version, bool Created);

/// <summary>
/// Imports recipient files (the registry addresses decisions are sent to). The file is validated in
/// the core (codes, names, addresses; every problem with file, line and field); each county the
/// file covers gets a new stored version of its list, unless the list is unchanged. Counties the
/// file does not mention keep their current list.
/// </summary>
public sealed class RecipientImportService(
    ReferenceData reference,
    IRecipientStore store,
    TimeProvider clock,
    ILogger<RecipientImportService> logger,
    IOptions<IngestionOptions>? options = null)
{
    public IReadOnlyList<RecipientAddress> Validate(InputFile file) => new RecipientFileParser(reference).Parse(file, options?.Value.Limits);

    public async Task<IReadOnlyList<RecipientImportResult>> ImportAsync(InputFile file, string actor, CancellationToken cancellationToken)
    {
        var recipients = Validate(file);
        var source = new RecipientSource(file.Name, actor, clock.GetUtcNow());
        var results = new List<RecipientImportResult>();
        foreach (var group in recipients.GroupBy(r => reference.FindMunicipality(r.MunicipalityCode)!.CountyCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (version, created) = await store.SaveAsync(group.Key, group.ToList(), source, cancellationToken);
            logger.LogInformation("Recipients of county {County} from {File}: version {Version} ({Outcome})", group.Key, file.Name, version.Version,
                created ? "stored" : "unchanged");
            results.Add(new RecipientImportResult(reference.County(group.Key), version, created));
        }
        return results;
    }
}

/// <summary>
/// The recipient addresses of a county: the latest imported list when one exists, otherwise the
/// list bundled with the reference data (today Örebro län's real distribution list).
/// </summary>
public sealed class ImportedRecipientDirectory(IRecipientStore store, ReferenceData reference) : IRecipientDirectory
{
    private readonly ReferenceRecipientDirectory _bundled = new(reference);

    public async Task<IReadOnlyList<RecipientAddress>> GetAsync(string countyCode, CancellationToken cancellationToken)
    {
        var imported = await store.GetCurrentAsync(countyCode, cancellationToken);
        return imported is not null ? imported.Recipients : _bundled.For(countyCode);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<RecipientAddress>>> GetAllAsync(CancellationToken cancellationToken)
    {
        var imported = await store.GetAllCurrentAsync(cancellationToken);
        return reference.Counties.ToDictionary(c => c.Code,
            c => imported.TryGetValue(c.Code, out var list) ? list.Recipients : _bundled.For(c.Code), StringComparer.Ordinal);
    }
}
