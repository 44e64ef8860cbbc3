namespace StorageTyped;

/// <summary>
/// How <see cref="StorageManagerGroup.RemoveDuplicatesGetEval(IReadOnlyList{object}, IReadOnlyList{object}, Aggregate)"/>
/// combines the y values that share an x value, with numpy's semantics.
/// </summary>
public enum Aggregate
{
    /// <summary>The arithmetic mean (np.mean, np.average without weights).</summary>
    Mean,

    /// <summary>The population standard deviation, as np.std (ddof = 0).</summary>
    Std,

    /// <summary>The median (the mean of the two middle values for an even count), as np.median.</summary>
    Median,

    /// <summary>The smallest value (np.min); NaN when any value is NaN, as numpy.</summary>
    Min,

    /// <summary>The largest value (np.max); NaN when any value is NaN, as numpy.</summary>
    Max,

    /// <summary>The sum (np.sum).</summary>
    Sum,

    /// <summary>How many values share the x value (len(a)).</summary>
    Count,
}
