using Kommuntal.Core.Allocation;

namespace Kommuntal.Application.Ports;

/// <summary>The indicators to allocate a year with (imported versions first, else the bundled ones).</summary>
public interface IIndicatorSource
{
    Task<IndicatorSet> GetAsync(int year, CancellationToken cancellationToken);
}

/// <summary>Registry e-mail addresses of a county's municipalities.</summary>
public interface IRecipientDirectory
{
    Task<IReadOnlyList<RecipientAddress>> GetAsync(string countyCode, CancellationToken cancellationToken);

    /// <summary>Every county's addresses at once, by county code (every county present, possibly with none): the yearly run reads them once, not once per county.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<RecipientAddress>>> GetAllAsync(CancellationToken cancellationToken);
}
