using StorageTyped.Analysis;

namespace StorageTyped;

/// <summary>
/// The statistics of one sample of replicates (the runs of one cell of a sweep that differ only in their seed), as
/// numpy and scipy compute them. Values that are None, missing or NaN are left out and counted.
/// </summary>
/// <remarks>
/// With n values x₁ … xₙ: <see cref="Mean"/> = Σxᵢ / n (numpy's pairwise sum); <see cref="Std"/> =
/// √(Σ(xᵢ − mean)² / (n − 1)) (np.std(a, ddof=1), the sample standard deviation; the population one is
/// <see cref="Aggregate.Std"/>); <see cref="Sem"/> = Std / √n (scipy.stats.sem); <see cref="CiLow"/> and
/// <see cref="CiHigh"/> = mean ∓ t₍₀.₉₇₅, n−1₎ · Sem, Student's t interval (scipy.stats.t.interval(0.95, n − 1, mean,
/// sem)). With no value every statistic is NaN; with one, Std, Sem and the interval are NaN.
/// </remarks>
public class ReplicateStatistics
{
    private protected ReplicateStatistics(in SampleStatistics statistics)
    {
        N = statistics.N;
        Mean = statistics.Mean;
        Std = statistics.Std;
        Sem = statistics.Sem;
        CiLow = statistics.CiLow;
        CiHigh = statistics.CiHigh;
        Min = statistics.Min;
        Max = statistics.Max;
        NoneCount = statistics.NoneCount;
        NaNCount = statistics.NaNCount;
    }

    /// <summary>How many values the statistics are computed from (None, missing and NaN values left out).</summary>
    public int N { get; }

    /// <summary>The mean (np.mean); NaN without values.</summary>
    public double Mean { get; }

    /// <summary>The sample standard deviation, ddof 1 (np.std(a, ddof=1)); NaN for fewer than two values.</summary>
    public double Std { get; }

    /// <summary>The standard error of the mean, Std / √N (scipy.stats.sem); NaN for fewer than two values.</summary>
    public double Sem { get; }

    /// <summary>The low end of the confidence interval of the mean from Student's t (95 % unless asked otherwise).</summary>
    public double CiLow { get; }

    /// <summary>The high end of the confidence interval of the mean from Student's t.</summary>
    public double CiHigh { get; }

    /// <summary>The smallest value; NaN without values.</summary>
    public double Min { get; }

    /// <summary>The largest value; NaN without values.</summary>
    public double Max { get; }

    /// <summary>How many runs had no value: None, or the key missing.</summary>
    public int NoneCount { get; }

    /// <summary>How many runs had NaN.</summary>
    public int NaNCount { get; }

    /// <summary>The statistics of any values; null (None, missing) and NaN values are left out and counted.</summary>
    /// <param name="values">The values.</param>
    /// <param name="confidence">The confidence level of the interval (0.95 for 95 %).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidence"/> is not between 0 and 1.</exception>
    public static ReplicateStatistics Of(IEnumerable<double?> values, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        SampleStatistics.CheckConfidence(confidence, nameof(confidence));
        return new ReplicateStatistics(SampleStatistics.OfNullable(values, confidence));
    }

    /// <summary>N, mean and the interval, for reading in a debugger or a log.</summary>
    public override string ToString() => FormattableString.Invariant($"N = {N}, mean = {Mean:G6} [{CiLow:G6}, {CiHigh:G6}]");
}
