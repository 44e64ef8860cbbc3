namespace StorageTyped;

/// <summary>
/// An array summarized element by element over runs (<see cref="StorageManagerGroup.SummarizeArrays{T}"/>): for each
/// element, how many runs gave a value and the mean, sample standard deviation (ddof 1), standard error and
/// Student's t interval of those values, with the formulas of <see cref="ReplicateStatistics"/>. The arrays are
/// flat, in C order, of the length <see cref="Shape"/> gives; NaN elements of a run are left out of that element.
/// </summary>
/// <typeparam name="T">The element type of the runs' arrays.</typeparam>
public sealed class ArraySummary<T> where T : unmanaged
{
    internal ArraySummary(string key, long[] shape, int runs, int runsWithout, int[] n, double[] mean, double[] std, double[] sem, double[] ciLow, double[] ciHigh)
    {
        Key = key;
        Shape = Array.AsReadOnly(shape);
        Runs = runs;
        RunsWithout = runsWithout;
        N = n;
        Mean = mean;
        Std = std;
        Sem = sem;
        CiLow = ciLow;
        CiHigh = ciHigh;
    }

    /// <summary>The array's key.</summary>
    public string Key { get; }

    /// <summary>The shape of the summary (the runs' shape, or the shortest or longest first axis when aligned).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>How many runs held the array.</summary>
    public int Runs { get; }

    /// <summary>How many runs of the group lacked it.</summary>
    public int RunsWithout { get; }

    /// <summary>For each element, how many runs gave a value (not NaN, and long enough when padded).</summary>
    public int[] N { get; }

    /// <summary>The element-wise mean; NaN where N is 0.</summary>
    public double[] Mean { get; }

    /// <summary>The element-wise sample standard deviation (ddof 1); NaN where N &lt; 2.</summary>
    public double[] Std { get; }

    /// <summary>The element-wise standard error of the mean; NaN where N &lt; 2.</summary>
    public double[] Sem { get; }

    /// <summary>The low end of each element's confidence interval of the mean; NaN where N &lt; 2.</summary>
    public double[] CiLow { get; }

    /// <summary>The high end of each element's confidence interval of the mean; NaN where N &lt; 2.</summary>
    public double[] CiHigh { get; }

    /// <summary>Key, shape and run count.</summary>
    public override string ToString() => $"{Key} ({string.Join(", ", Shape)}) over {Runs} runs";
}
