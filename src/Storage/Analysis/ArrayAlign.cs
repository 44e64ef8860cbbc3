namespace StorageTyped;

/// <summary>How <see cref="StorageManagerGroup.SummarizeArrays{T}"/> treats arrays of different shapes.</summary>
public enum ArrayAlign
{
    /// <summary>Every array must have the same shape; two that differ are an InvalidDataException naming both runs.</summary>
    Exact,

    /// <summary>Arrays may differ along the first axis (learning curves of runs that stopped early): all are cut to the shortest. The other axes must agree.</summary>
    Truncate,

    /// <summary>Arrays may differ along the first axis: the summary runs to the longest, and each element's N counts the runs that reach it. The other axes must agree.</summary>
    Pad,
}
