using StorageTyped.Groups;

namespace StorageTyped.Analysis;

/// <summary>
/// The statistics of one sample, computed as numpy and scipy compute them: the mean with numpy's pairwise sum, the
/// standard deviation with ddof 1 (np.std(a, ddof=1)), the standard error scipy.stats.sem(a), and the interval
/// scipy.stats.t.interval(confidence, n - 1, loc=mean, scale=sem).
/// </summary>
internal readonly record struct SampleStatistics(int N, double Mean, double Std, double Sem, double CiLow, double CiHigh,
    double Min, double Max, int NoneCount, int NaNCount)
{
    /// <summary>The statistics of <paramref name="values"/> (none of them NaN); None and NaN values left out before are counted.</summary>
    public static SampleStatistics Of(double[] values, int noneCount, int nanCount, double confidence)
    {
        int n = values.Length;
        if (n == 0) return new SampleStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, noneCount, nanCount);
        double mean = Aggregation.Sum(values) / n;
        double min = values[0], max = values[0];
        foreach (double v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (n == 1) return new SampleStatistics(1, mean, double.NaN, double.NaN, double.NaN, double.NaN, min, max, noneCount, nanCount);
        var squares = new double[n];
        for (int i = 0; i < n; i++)
        {
            double d = values[i] - mean;
            squares[i] = d * d;
        }
        double std = Math.Sqrt(Aggregation.Sum(squares) / (n - 1));
        double sem = std / Math.Sqrt(n);
        double t = StudentT.TwoSidedQuantile(confidence, n - 1);
        return new SampleStatistics(n, mean, std, sem, mean - t * sem, mean + t * sem, min, max, noneCount, nanCount);
    }

    /// <summary>The statistics of values that may be null (None or missing) or NaN, which are left out and counted.</summary>
    public static SampleStatistics OfNullable(IEnumerable<double?> values, double confidence)
    {
        var kept = new List<double>();
        int none = 0, nan = 0;
        foreach (double? value in values)
        {
            if (value is not { } v) none++;
            else if (double.IsNaN(v)) nan++;
            else kept.Add(v);
        }
        return Of(kept.ToArray(), none, nan, confidence);
    }

    /// <summary>Refuses a confidence level outside (0, 1).</summary>
    public static void CheckConfidence(double confidence, string parameterName)
    {
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(parameterName, confidence, "The confidence level must lie between 0 and 1 (0.95 for a 95 % interval).");
    }
}
