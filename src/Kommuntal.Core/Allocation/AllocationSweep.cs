namespace Kommuntal.Core.Allocation;

/// <summary>
/// What-if: one county under many parameter sets. The request is checked and laid out once
/// (indicators, shares, deviations); each variation then runs steps 2–7 of the model on reused
/// arrays and returns only the integers. The numbers are exactly those
/// <see cref="KommuntalModel.Allocate"/> gives for the same parameters (same code path).
/// </summary>
public sealed class AllocationSweep
{
    private readonly PreparedCounty _county;
    private readonly ModelRun _run;

    /// <summary>Prepares the county of <paramref name="request"/>; its <see cref="AllocationRequest.Parameters"/> are not used.</summary>
    public AllocationSweep(AllocationRequest request)
    {
        _county = PreparedCounty.From(request);
        _run = new ModelRun(_county.Count);
    }

    /// <summary>The municipalities, in the order of the numbers returned (by code).</summary>
    public IReadOnlyList<Municipality> Municipalities => _county.Municipalities;

    /// <summary>The kommuntal under <paramref name="parameters"/>, into <paramref name="destination"/> (one per municipality, by code).</summary>
    public void Allocate(ModelParameters parameters, Span<int> destination)
    {
        if (destination.Length != _county.Count)
            throw new ArgumentException($"The destination needs {_county.Count} places.", nameof(destination));
        _run.Compute(_county, parameters, describe: false);
        _run.Seats.AsSpan().CopyTo(destination);
    }

    /// <summary>The kommuntal under each parameter set, one array per set (by municipality code).</summary>
    public int[][] Run(IReadOnlyList<ModelParameters> variations)
    {
        ArgumentNullException.ThrowIfNull(variations);
        var results = new int[variations.Count][];
        for (var v = 0; v < variations.Count; v++)
        {
            results[v] = new int[_county.Count];
            Allocate(variations[v], results[v]);
        }
        return results;
    }
}
