namespace Kommuntal.Core.Allocation;

/// <summary>
/// Integer apportionment with an exact sum and integer bounds.
/// </summary>
/// <remarks>
/// <para><b>Largest remainder (Hamilton)</b>: everyone gets the floor of the exact quota, the places
/// left go to the largest remainders; ties by larger exact quota, then by key (ordinal). Satisfies
/// the quota rule: every result is the floor or the ceiling of its exact quota. Because exact quotas
/// already lie within integer bounds, the bounds never force a departure from the quota rule. Not
/// house-monotone (Alabama paradox: raising the total can cost a municipality a place) and not
/// population-monotone in general.</para>
/// <para><b>Divisor methods</b> (D'Hondt: divisors 1, 2, 3, …; Sainte-Laguë: 1, 3, 5, … i.e. s + ½):
/// each place in turn goes to the highest priority quota / divisor(places so far), starting from the
/// lower bounds and skipping municipalities at their upper bound. House- and population-monotone,
/// but they can break the quota rule: D'Hondt never goes below the floor of the exact quota but can
/// exceed its ceiling (it favours the large); Sainte-Laguë can, rarely, go outside in either direction.</para>
/// </remarks>
public static class Apportionment
{
    /// <summary>Largest remainder without bounds; the quotas must sum to <paramref name="total"/>.</summary>
    public static int[] LargestRemainder(IReadOnlyList<double> quotas, IReadOnlyList<string> keys, int total)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        var q = quotas.ToArray();
        var lower = new int[q.Length];
        var upper = new int[q.Length];
        Array.Fill(upper, int.MaxValue);
        return Apportion(ApportionmentMethod.LargestRemainder, q, keys, total, lower, upper);
    }

    /// <summary>
    /// Apportions <paramref name="total"/> in proportion to <paramref name="quotas"/> (which sum to
    /// <paramref name="total"/> for largest remainder; any non-negative weights for the divisor
    /// methods) within integer bounds (<see cref="int.MaxValue"/> = no upper bound).
    /// </summary>
    public static int[] Apportion(ApportionmentMethod method, IReadOnlyList<double> quotas, IReadOnlyList<string> keys, int total,
        IReadOnlyList<int> lower, IReadOnlyList<int> upper)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        var n = quotas.Count;
        if (keys.Count != n || lower.Count != n || upper.Count != n) throw new ArgumentException("Quotas, keys and bounds must have the same length.");
        var seats = new int[n];
        var rank = new int[n];
        Apportion(method, quotas.ToArray(), keys.ToArray(), total, lower.ToArray(), upper.ToArray(), seats, rank);
        return seats;
    }

    /// <summary>The engine's entry point: writes the seats and (largest remainder) each remainder's rank; returns the leftover places.</summary>
    internal static int? Apportion(ApportionmentMethod method, double[] quotas, string[] keys, int total, int[] lower, int[] upper,
        int[] seats, int[] rank)
    {
        var n = quotas.Length;
        long minimum = 0, maximum = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(quotas[i]) || quotas[i] < 0) throw new ArgumentException($"Quota {quotas[i]} of {keys[i]} is not a number ≥ 0.", nameof(quotas));
            if (lower[i] < 0 || upper[i] < lower[i]) throw new ArgumentException($"Bounds [{lower[i]}, {upper[i]}] of {keys[i]} are invalid.", nameof(lower));
            minimum += lower[i];
            maximum += upper[i];
        }
        if (total < minimum || total > maximum) throw new ArgumentException($"The bounds allow {minimum}–{maximum} in all, not {total}.", nameof(total));
        return method switch
        {
            ApportionmentMethod.LargestRemainder => Hamilton(quotas, keys, total, lower, upper, seats, rank),
            ApportionmentMethod.SainteLague => Divisor(quotas, keys, total, lower, upper, seats, 0.5),
            ApportionmentMethod.DHondt => Divisor(quotas, keys, total, lower, upper, seats, 1.0),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
    }

    private static int Hamilton(double[] q, string[] keys, int total, int[] lower, int[] upper, int[] seats, int[] rank)
    {
        var n = q.Length;
        var order = new int[n];
        var remainder = new double[n];
        long assigned = 0;
        for (var i = 0; i < n; i++)
        {
            var f = Math.Floor(q[i]);
            remainder[i] = q[i] - f;
            seats[i] = (int)Math.Clamp(f, lower[i], upper[i]);
            assigned += seats[i];
            order[i] = i;
        }
        var left = total - assigned;
        if (left < 0 || left > n)
            throw new ArgumentException($"Exact quotas do not sum to {total} (their floors sum to {assigned}).", nameof(q));
        // Larger remainder first; ties by larger exact quota, then by key.
        Array.Sort(order, (a, b) =>
        {
            if (remainder[a] != remainder[b]) return remainder[b].CompareTo(remainder[a]);
            if (q[a] != q[b]) return q[b].CompareTo(q[a]);
            return string.CompareOrdinal(keys[a], keys[b]);
        });
        var leftover = (int)left;
        for (var r = 0; r < n; r++)
        {
            var i = order[r];
            rank[i] = r + 1;
            if (left > 0 && seats[i] < upper[i])
            {
                seats[i]++;
                left--;
            }
        }
        if (left != 0) throw new ArgumentException($"The bounds leave {left} places without a municipality.", nameof(upper));
        return leftover;
    }

    private static int? Divisor(double[] q, string[] keys, int total, int[] lower, int[] upper, int[] seats, double offset)
    {
        // The result is defined as place by place from the lower bounds (the sequence of awards does
        // not depend on the total, so one more place never costs anyone one: house monotonicity).
        // Fast path: start near the answer (the rounded quotas), add or remove places by priority, and
        // check the result is that of the place-by-place rule (every place given ranks before every
        // place not given); if not, e.g. after exact ties, run the rule itself.
        var order = new PriorityOrder(q, keys);
        if (TryFromRoundedQuotas(q, total, lower, upper, seats, offset, order)) return null;
        PlaceByPlace(q, total, lower, upper, seats, offset, order);
        return null;
    }

    /// <summary>The place municipality <paramref name="i"/> would get next (its priority with <paramref name="held"/> places), for <see cref="PriorityOrder"/>.</summary>
    private static (double Priority, int Index) Place(double[] q, int i, int held, double offset) => (q[i] / (held + offset), i);

    private static bool TryFromRoundedQuotas(double[] q, int total, int[] lower, int[] upper, int[] seats, double offset, PriorityOrder order)
    {
        var n = q.Length;
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            var start = offset == 1.0 ? Math.Floor(q[i]) : Math.Floor(q[i] + 0.5);
            seats[i] = (int)Math.Clamp(start, lower[i], upper[i]);
            sum += seats[i];
        }
        if (Math.Abs(sum - total) > n) return false; // far off: the place-by-place rule is as quick

        // The next place anyone could get (the first in order), and the last place given (the last in order).
        int NextOpen()
        {
            var best = -1;
            for (var i = 0; i < n; i++)
                if (seats[i] < upper[i] && (best < 0 || order.Compare(Place(q, i, seats[i], offset), Place(q, best, seats[best], offset)) < 0))
                    best = i;
            return best;
        }
        int LastGiven()
        {
            var worst = -1;
            for (var i = 0; i < n; i++)
                if (seats[i] > lower[i] && (worst < 0 || order.Compare(Place(q, i, seats[i] - 1, offset), Place(q, worst, seats[worst] - 1, offset)) > 0))
                    worst = i;
            return worst;
        }

        for (; sum < total; sum++) seats[NextOpen()]++;
        for (; sum > total; sum--) seats[LastGiven()]--;
        // The result is the place-by-place one when the last place given ranks before the next one open.
        var (last, next) = (LastGiven(), NextOpen());
        return last < 0 || next < 0 || order.Compare(Place(q, last, seats[last] - 1, offset), Place(q, next, seats[next], offset)) < 0;
    }

    private static void PlaceByPlace(double[] q, int total, int[] lower, int[] upper, int[] seats, double offset, PriorityOrder order)
    {
        var n = q.Length;
        long sum = 0;
        var queue = new PriorityQueue<int, (double Priority, int Index)>(n, order);
        for (var i = 0; i < n; i++)
        {
            seats[i] = lower[i];
            sum += seats[i];
            if (seats[i] < upper[i]) queue.Enqueue(i, Place(q, i, seats[i], offset));
        }
        for (; sum < total; sum++)
        {
            var best = queue.Dequeue();
            seats[best]++;
            if (seats[best] < upper[best]) queue.Enqueue(best, Place(q, best, seats[best], offset));
        }
    }

    /// <summary>
    /// Higher priority first; equal priorities by <see cref="Before"/>. Priorities within a relative
    /// 1e-12 of each other count as equal: quotas such as 39 and 3 tie exactly in arithmetic
    /// (39 / 19,5 = 3 / 1,5), and floating-point rounding must not break that tie one way for one
    /// total and the other way for the next.
    /// </summary>
    private sealed class PriorityOrder(double[] q, string[] keys) : IComparer<(double Priority, int Index)>
    {
        private const double RelativeTie = 1e-12;

        public int Compare((double Priority, int Index) x, (double Priority, int Index) y)
        {
            if (Math.Abs(x.Priority - y.Priority) > RelativeTie * Math.Max(Math.Abs(x.Priority), Math.Abs(y.Priority)))
                return y.Priority.CompareTo(x.Priority);
            if (x.Index == y.Index) return 0;
            return Before(x.Index, y.Index, q, keys) ? -1 : 1;
        }
    }

    /// <summary>Tie-break between equal priorities: larger exact quota first, then the lower key.</summary>
    private static bool Before(int a, int b, double[] q, string[] keys) =>
        q[a] != q[b] ? q[a] > q[b] : string.CompareOrdinal(keys[a], keys[b]) < 0;
}
