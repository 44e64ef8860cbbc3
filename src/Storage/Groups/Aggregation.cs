namespace StorageTyped.Groups;

/// <summary>
/// numpy's reductions for <see cref="Aggregate"/> and the eval strings PymoNNto scripts pass to
/// remove_duplicates_get_eval, and np.unique's grouping. Nothing is evaluated: the strings are looked up.
/// </summary>
internal static class Aggregation
{
    /// <summary>The strings accepted in place of an <see cref="Aggregate"/>, as PymoNNto scripts write them.</summary>
    public static readonly IReadOnlyDictionary<string, Aggregate> EvalStrings = new Dictionary<string, Aggregate>(StringComparer.Ordinal)
    {
        ["np.average(a)"] = Aggregate.Mean,
        ["np.mean(a)"] = Aggregate.Mean,
        ["np.std(a)"] = Aggregate.Std,
        ["np.median(a)"] = Aggregate.Median,
        ["np.min(a)"] = Aggregate.Min,
        ["np.max(a)"] = Aggregate.Max,
        ["np.sum(a)"] = Aggregate.Sum,
        ["len(a)"] = Aggregate.Count,
    };

    /// <summary>The aggregate an eval string names.</summary>
    /// <exception cref="ArgumentException">The string is not one of <see cref="EvalStrings"/>.</exception>
    public static Aggregate FromEvalString(string evalString, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(evalString, parameterName);
        if (EvalStrings.TryGetValue(evalString.Trim(), out var aggregate)) return aggregate;
        throw new ArgumentException(
            $"'{evalString}' is not an aggregation this library knows; nothing is evaluated as code. Use one of {string.Join(", ", EvalStrings.Keys.Select(k => "\"" + k + "\""))}, an Aggregate value, or a Func<double[], double>.",
            parameterName);
    }

    /// <summary>The function for an <see cref="Aggregate"/>.</summary>
    public static Func<double[], double> Function(Aggregate aggregate) => aggregate switch
    {
        Aggregate.Mean => Mean,
        Aggregate.Std => Std,
        Aggregate.Median => Median,
        Aggregate.Min => Min,
        Aggregate.Max => Max,
        Aggregate.Sum => Sum,
        Aggregate.Count => a => a.Length,
        _ => throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate, "Not an Aggregate value."),
    };

    /// <summary>
    /// np.unique(x) and, for each unique x, <paramref name="aggregate"/> of the y values at the positions where x
    /// has it. x comes out sorted; NaN x values form one last group (numpy's equal_nan).
    /// </summary>
    public static (double[] X, double[] Y) RemoveDuplicates(IReadOnlyList<double> x, IReadOnlyList<double> y, Func<double[], double> aggregate)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(aggregate);
        if (x.Count != y.Count)
            throw new ArgumentException($"x has {x.Count} values and y has {y.Count}; they must be pairs (one y per x). Pass lists from one GetMultiParamList call, which keeps them aligned.", nameof(y));
        var positions = new int[x.Count];
        var keys = new double[x.Count];
        for (int i = 0; i < positions.Length; i++) { positions[i] = i; keys[i] = x[i]; }
        // A stable sort (by value, then position) keeps each group's y values in their original order.
        Array.Sort(positions, (a, b) => { int order = keys[a].CompareTo(keys[b]); return order != 0 ? order : a.CompareTo(b); });

        var uniqueX = new List<double>();
        var resultY = new List<double>();
        var group = new List<double>();
        int start = 0;
        while (start < positions.Length)
        {
            double value = keys[positions[start]];
            int end = start;
            group.Clear();
            while (end < positions.Length && SameGroup(keys[positions[end]], value))
            {
                group.Add(y[positions[end]]);
                end++;
            }
            uniqueX.Add(value);
            resultY.Add(aggregate(group.ToArray()));
            start = end;
        }
        return (uniqueX.ToArray(), resultY.ToArray());
    }

    private static bool SameGroup(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));

    /// <summary>np.sum: pairwise summation as numpy does it, so that sums of many values agree with numpy's last digits more often.</summary>
    public static double Sum(double[] a) => PairwiseSum(a, 0, a.Length);

    public static double Mean(double[] a) => a.Length == 0 ? double.NaN : Sum(a) / a.Length;

    public static double Std(double[] a)
    {
        if (a.Length == 0) return double.NaN;
        double mean = Mean(a);
        var squares = new double[a.Length];
        for (int i = 0; i < a.Length; i++) { double d = a[i] - mean; squares[i] = d * d; }
        return Math.Sqrt(Sum(squares) / a.Length);
    }

    public static double Median(double[] a)
    {
        if (a.Length == 0) return double.NaN;
        foreach (double v in a) if (double.IsNaN(v)) return double.NaN;
        var sorted = (double[])a.Clone();
        Array.Sort(sorted);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static double Min(double[] a)
    {
        if (a.Length == 0) throw new ArgumentException("np.min of no values is undefined (numpy raises ValueError).", nameof(a));
        double min = a[0];
        foreach (double v in a) { if (double.IsNaN(v)) return double.NaN; if (v < min) min = v; }
        return min;
    }

    public static double Max(double[] a)
    {
        if (a.Length == 0) throw new ArgumentException("np.max of no values is undefined (numpy raises ValueError).", nameof(a));
        double max = a[0];
        foreach (double v in a) { if (double.IsNaN(v)) return double.NaN; if (v > max) max = v; }
        return max;
    }

    private static double PairwiseSum(double[] a, int start, int count)
    {
        // numpy: blocks of up to 128 summed with 8 accumulators, larger ranges split in halves.
        if (count < 8)
        {
            double sum = 0;
            for (int i = start; i < start + count; i++) sum += a[i];
            return sum;
        }
        if (count <= 128)
        {
            double r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
            double r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
            int i;
            for (i = 8; i < count - count % 8; i += 8)
            {
                r0 += a[start + i]; r1 += a[start + i + 1]; r2 += a[start + i + 2]; r3 += a[start + i + 3];
                r4 += a[start + i + 4]; r5 += a[start + i + 5]; r6 += a[start + i + 6]; r7 += a[start + i + 7];
            }
            double result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < count; i++) result += a[start + i];
            return result;
        }
        int half = count / 2;
        half -= half % 8;
        return PairwiseSum(a, start, half) + PairwiseSum(a, start + half, count - half);
    }
}
