namespace Kommuntal.Core.Allocation;

/// <summary>Integer apportionment with an exact sum.</summary>
public static class Apportionment
{
    /// <summary>
    /// Largest remainder (Hamilton): everyone gets the floor of the exact quota, the seats left go to
    /// the largest remainders; ties by larger exact quota, then by key (ordinal).
    /// </summary>
    public static int[] LargestRemainder(IReadOnlyList<double> quotas, IReadOnlyList<string> keys, int total)
    {
        var n = quotas.Count;
        var result = new int[n];
        var assigned = 0;
        for (var i = 0; i < n; i++)
        {
            result[i] = (int)Math.Floor(quotas[i]);
            assigned += result[i];
        }
        var left = total - assigned;
        if (left < 0 || left > n)
            throw new ArgumentException($"Exact quotas do not sum to {total} (floors sum to {assigned}).", nameof(quotas));
        var order = Enumerable.Range(0, n)
            .OrderByDescending(i => quotas[i] - Math.Floor(quotas[i]))
            .ThenByDescending(i => quotas[i])
            .ThenBy(i => keys[i], StringComparer.Ordinal)
            .Take(left);
        foreach (var i in order) result[i]++;
        return result;
    }
}
