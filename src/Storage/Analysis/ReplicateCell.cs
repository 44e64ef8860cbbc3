using StorageTyped.Analysis;

namespace StorageTyped;

/// <summary>
/// One cell of a sweep summarized over its replicates (<see cref="StorageManagerGroup.SummarizeReplicates"/>): the
/// runs that share a value of every axis and differ only in the replicate parameter (the seed).
/// </summary>
public sealed class ReplicateCell : ReplicateStatistics
{
    internal ReplicateCell(in SampleStatistics statistics, IReadOnlyDictionary<string, object?> axes,
        IReadOnlyList<object?> replicates, IReadOnlyList<object?> missing, IReadOnlyList<string> runs)
        : base(statistics)
    {
        Axes = axes;
        Replicates = replicates;
        Missing = missing;
        Runs = runs;
    }

    /// <summary>The cell's value of each axis (key → value, keys case-insensitive); an axis the cell's runs lack is left out.</summary>
    public IReadOnlyDictionary<string, object?> Axes { get; }

    /// <summary>The replicate values whose runs gave a value (sorted); empty without a replicate parameter.</summary>
    public IReadOnlyList<object?> Replicates { get; }

    /// <summary>The replicate values some other cell has a value for and this one lacks (no run, or None or NaN), sorted.</summary>
    public IReadOnlyList<object?> Missing { get; }

    /// <summary>The run folders of the cell (those without a value too), in the group's order.</summary>
    public IReadOnlyList<string> Runs { get; }

    /// <summary>The axes, then N, mean and the interval.</summary>
    public override string ToString() =>
        string.Join(", ", Axes.Select(axis => $"{axis.Key} = {Groups.Query.ValueComparison.Describe(axis.Value)}")) + ": " + base.ToString();
}

/// <summary>
/// One cell of a typed sweep summarized over its replicates
/// (<see cref="RunQuery{T}.SummarizeReplicates{TKey, TReplicate}"/>): the runs that share a <see cref="Key"/>.
/// </summary>
/// <typeparam name="TKey">The cell's key, such as a tuple of parameters.</typeparam>
/// <typeparam name="TReplicate">The replicate parameter's type (the seed's).</typeparam>
public sealed class ReplicateCell<TKey, TReplicate> : ReplicateStatistics
{
    internal ReplicateCell(in SampleStatistics statistics, TKey key, IReadOnlyList<TReplicate> replicates,
        IReadOnlyList<TReplicate> missing, IReadOnlyList<string> runs)
        : base(statistics)
    {
        Key = key;
        Replicates = replicates;
        Missing = missing;
        Runs = runs;
    }

    /// <summary>The value the cell's runs share (what the <c>by</c> selector gave).</summary>
    public TKey Key { get; }

    /// <summary>The replicate values whose runs gave a value (sorted when the type is comparable).</summary>
    public IReadOnlyList<TReplicate> Replicates { get; }

    /// <summary>The replicate values some other cell has a value for and this one lacks.</summary>
    public IReadOnlyList<TReplicate> Missing { get; }

    /// <summary>The run folders of the cell (those without a value too), in the query's order.</summary>
    public IReadOnlyList<string> Runs { get; }

    /// <summary>The key, then N, mean and the interval.</summary>
    public override string ToString() => $"{Key}: {base.ToString()}";
}
