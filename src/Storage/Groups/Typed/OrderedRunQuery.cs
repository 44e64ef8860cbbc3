namespace StorageTyped;

/// <summary>Ordered runs of a typed group, to which further ordering keys can be added (ThenBy).</summary>
/// <typeparam name="T">The [RunParameters] type.</typeparam>
public sealed class OrderedRunQuery<T> : RunQuery<T> where T : IRunParameters<T>
{
    private readonly IOrderedEnumerable<Run<T>> _ordered;

    internal OrderedRunQuery(IOrderedEnumerable<Run<T>> ordered)
        : base(ordered) => _ordered = ordered;

    /// <summary>Orders runs with equal earlier keys by another parameter.</summary>
    public OrderedRunQuery<T> ThenBy<TKey>(Func<T, TKey> keySelector, IComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        return new OrderedRunQuery<T>(_ordered.ThenBy(run => keySelector(run.Parameters), comparer));
    }

    /// <summary>Orders runs with equal earlier keys by another parameter, largest first.</summary>
    public OrderedRunQuery<T> ThenByDescending<TKey>(Func<T, TKey> keySelector, IComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        return new OrderedRunQuery<T>(_ordered.ThenByDescending(run => keySelector(run.Parameters), comparer));
    }
}
