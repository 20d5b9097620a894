using Kommuntal.Core.Allocation;

namespace Kommuntal.Application.Services;

/// <summary>Indicators shipped with the product (population 2021, reception 2018) for the demo year.</summary>
public sealed class BundledIndicatorSource : IIndicatorSource
{
    public Task<IndicatorSet> GetAsync(int year, CancellationToken cancellationToken) =>
        Task.FromResult(ReferenceData.BundledIndicators(year));
}

/// <summary>Recipient addresses from the reference data (today: Örebro län's real distribution list).</summary>
public sealed class ReferenceRecipientDirectory(ReferenceData reference) : IRecipientDirectory
{
    public Task<IReadOnlyList<RecipientAddress>> GetAsync(string countyCode, CancellationToken cancellationToken) =>
        Task.FromResult(For(countyCode));

    public Task<IReadOnlyDictionary<string, IReadOnlyList<RecipientAddress>>> GetAllAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<RecipientAddress>>>(
            reference.Counties.ToDictionary(c => c.Code, c => For(c.Code), StringComparer.Ordinal));

    internal IReadOnlyList<RecipientAddress> For(string countyCode)
    {
        var codes = reference.MunicipalitiesIn(countyCode).Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        return reference.Recipients.Where(r => codes.Contains(r.MunicipalityCode)).ToList();
    }
}
