namespace Kommuntal.Core.Allocation;

/// <summary>Where a municipality ended up in the deviation step (DOMAIN.md step 6).</summary>
internal enum BoundState : byte
{
    /// <summary>In proportion to its model quota (scaled with everyone else in the pool).</summary>
    Proportional,
    /// <summary>An agreement: exactly its number, out of the pool.</summary>
    Fixed,
    /// <summary>Raised to its volunteered minimum.</summary>
    AtMinimum,
    /// <summary>Lowered to its housing maximum.</summary>
    AtMaximum,
    /// <summary>Shared equally: every municipality with a positive model quota was at its maximum.</summary>
    EqualShare,
}

/// <summary>
/// Applies agreements, minimums and maximums to the model quotas (DOMAIN.md step 6): agreed numbers
/// leave the pool; the rest of the länstal is shared in proportion to the model quotas, clamped to
/// each municipality's bounds, the excess or shortfall redistributed proportionally over the others
/// until stable. The stable point is computed directly: the factor λ such that
/// Σ clamp(λ·y_k, min_k, max_k) = H − Σ agreements, found on the sorted breakpoints min_k/y_k,
/// max_k/y_k of that piecewise-linear, non-decreasing function. Feasibility (Σ minimums ≤ H ≤
/// Σ maximums, no contradictory entries) is checked before, by <see cref="PreparedCounty"/>.
/// </summary>
internal static class DeviationSolver
{
    public static void Apply(double[] y, int[] lower, int[] upper, bool[] isFixed, int lanstal, double[] q, BoundState[] state)
    {
        var n = y.Length;
        double rest = lanstal;
        var positive = new List<int>(n);
        var zero = new List<int>();
        double positiveCapacity = 0, zeroMinimum = 0;
        var unlimited = false;
        for (var i = 0; i < n; i++)
        {
            if (isFixed[i])
            {
                q[i] = lower[i];
                state[i] = BoundState.Fixed;
                rest -= lower[i];
                continue;
            }
            if (y[i] > 0)
            {
                positive.Add(i);
                if (upper[i] == PreparedCounty.NoMaximum) unlimited = true;
                else positiveCapacity += upper[i];
            }
            else
            {
                zero.Add(i);
                zeroMinimum += lower[i];
            }
        }
        var target = rest - zeroMinimum;
        if (unlimited || positiveCapacity >= target)
        {
            Solve(positive, y, lower, upper, target, q, state, BoundState.Proportional);
            foreach (var i in zero)
            {
                q[i] = lower[i];
                state[i] = lower[i] > 0 ? BoundState.AtMinimum : BoundState.Proportional;
            }
            return;
        }
        // Every municipality with a positive model quota is at its maximum and places remain: share
        // them equally among the others (within their own bounds).
        foreach (var i in positive)
        {
            q[i] = upper[i];
            state[i] = BoundState.AtMaximum;
        }
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        Solve(zero, ones, lower, upper, rest - positiveCapacity, q, state, BoundState.EqualShare);
    }

    /// <summary>Finds λ with Σ clamp(λ·w_k, lo_k, hi_k) = target over <paramref name="members"/> and writes the values.</summary>
    private static void Solve(List<int> members, double[] w, int[] lower, int[] upper, double target, double[] q, BoundState[] state, BoundState free)
    {
        var m = members.Count;
        if (m == 0) return;
        var points = new double[2 * m + 1];
        var count = 0;
        points[count++] = 0;
        foreach (var i in members)
        {
            points[count++] = lower[i] / w[i];
            if (upper[i] != PreparedCounty.NoMaximum) points[count++] = upper[i] / w[i];
        }
        Array.Sort(points, 0, count);
        // Largest breakpoint t with g(t) ≤ target (g(0) = Σ minimums ≤ target by feasibility).
        int lo = 0, hi = count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (G(points[mid], members, w, lower, upper) <= target) lo = mid;
            else hi = mid - 1;
        }
        var t = points[lo];
        double constant = 0, slope = 0;
        foreach (var i in members)
        {
            var below = lower[i] / w[i];
            var above = upper[i] == PreparedCounty.NoMaximum ? double.PositiveInfinity : upper[i] / w[i];
            if (t < below) constant += lower[i];
            else if (t >= above) constant += upper[i];
            else slope += w[i];
        }
        var lambda = slope > 0 ? (target - constant) / slope : t;
        foreach (var i in members)
        {
            var below = lower[i] / w[i];
            var above = upper[i] == PreparedCounty.NoMaximum ? double.PositiveInfinity : upper[i] / w[i];
            if (t < below)
            {
                q[i] = lower[i];
                state[i] = BoundState.AtMinimum;
            }
            else if (t >= above)
            {
                q[i] = upper[i];
                state[i] = BoundState.AtMaximum;
            }
            else
            {
                q[i] = Math.Clamp(lambda * w[i], lower[i], upper[i] == PreparedCounty.NoMaximum ? double.MaxValue : upper[i]);
                state[i] = free;
            }
        }
    }

    private static double G(double lambda, List<int> members, double[] w, int[] lower, int[] upper)
    {
        double sum = 0;
        foreach (var i in members)
        {
            var v = lambda * w[i];
            if (v < lower[i]) v = lower[i];
            else if (upper[i] != PreparedCounty.NoMaximum && v > upper[i]) v = upper[i];
            sum += v;
        }
        return sum;
    }
}
