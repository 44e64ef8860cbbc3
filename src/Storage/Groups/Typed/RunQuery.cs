using StorageTyped.Groups;

namespace StorageTyped;

/// <summary>
/// Runs of a typed group, filtered, ordered and projected by their parameters. One model: every operator's lambda
/// takes the parameters, <typeparamref name="T"/> (<c>Where(p =&gt; p.Score &gt; 0.5)</c>, <c>OrderBy(p =&gt; …)</c>,
/// <c>Count(p =&gt; …)</c>, <c>First(p =&gt; …)</c>), and what a query yields is runs: <c>foreach</c> gives each
/// <see cref="Run{T}"/>, which still reaches its files through <see cref="Run{T}.Storage"/>. C# query syntax works
/// too (<c>from p in smg where p.Score &gt; 0.5 orderby p.LearningRate select p.Score</c>). Evaluated lazily, in
/// memory, like LINQ to objects (ordering by a nullable value puts null first, as LINQ does).
/// </summary>
/// <remarks>
/// A RunQuery is deliberately not an <see cref="IEnumerable{T}"/> of runs, so that no operator of LINQ to objects,
/// whose lambdas would take the <see cref="Run{T}"/> instead, stands beside these: for the rest of LINQ over runs
/// (Zip, Last, Aggregate …) call <see cref="AsEnumerable"/> or <see cref="ToList"/>.
/// </remarks>
/// <typeparam name="T">The [RunParameters] type.</typeparam>
public partial class RunQuery<T> where T : IRunParameters<T>
{
    private readonly IEnumerable<Run<T>>? _source;

    internal RunQuery(IEnumerable<Run<T>> source) => _source = source;

    private protected RunQuery()
    {
    }

    /// <summary>The runs this query stands for.</summary>
    private protected virtual IEnumerable<Run<T>> Source => _source!;

    /// <summary>The runs whose parameters satisfy <paramref name="predicate"/>.</summary>
    public RunQuery<T> Where(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new RunQuery<T>(Source.Where(run => predicate(run.Parameters)));
    }

    /// <summary>The runs ordered by a parameter (stable; null first for nullable keys, as in LINQ).</summary>
    public OrderedRunQuery<T> OrderBy<TKey>(Func<T, TKey> keySelector, IComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        return new OrderedRunQuery<T>(Source.OrderBy(run => keySelector(run.Parameters), comparer));
    }

    /// <summary>The runs ordered by a parameter, largest first (stable).</summary>
    public OrderedRunQuery<T> OrderByDescending<TKey>(Func<T, TKey> keySelector, IComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        return new OrderedRunQuery<T>(Source.OrderByDescending(run => keySelector(run.Parameters), comparer));
    }

    /// <summary>A value computed from each run's parameters.</summary>
    public IEnumerable<TResult> Select<TResult>(Func<T, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Source.Select(run => selector(run.Parameters));
    }

    /// <summary>A value computed from each run's parameters and the run itself (its files, its folder).</summary>
    public IEnumerable<TResult> Select<TResult>(Func<T, Run<T>, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Source.Select(run => selector(run.Parameters, run));
    }

    /// <summary>The runs grouped by a parameter (groups in order of first appearance).</summary>
    public IEnumerable<IGrouping<TKey, Run<T>>> GroupBy<TKey>(Func<T, TKey> keySelector)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        return Source.GroupBy(run => keySelector(run.Parameters));
    }

    /// <summary>Values computed from the runs' parameters, grouped by a parameter.</summary>
    public IEnumerable<IGrouping<TKey, TElement>> GroupBy<TKey, TElement>(Func<T, TKey> keySelector, Func<T, TElement> elementSelector)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentNullException.ThrowIfNull(elementSelector);
        return Source.GroupBy(run => keySelector(run.Parameters), run => elementSelector(run.Parameters));
    }

    /// <summary>The first <paramref name="count"/> runs (all of them when there are fewer).</summary>
    public RunQuery<T> Take(int count) => new(Source.Take(count));

    /// <summary>The first run.</summary>
    /// <exception cref="InvalidOperationException">There is none.</exception>
    public Run<T> First() => Source.First();

    /// <summary>The first run whose parameters satisfy <paramref name="predicate"/>.</summary>
    /// <exception cref="InvalidOperationException">There is none.</exception>
    public Run<T> First(Func<T, bool> predicate) => Where(predicate).Source.First();

    /// <summary>The first run, or null.</summary>
    public Run<T>? FirstOrDefault() => Source.FirstOrDefault();

    /// <summary>The first run whose parameters satisfy <paramref name="predicate"/>, or null.</summary>
    public Run<T>? FirstOrDefault(Func<T, bool> predicate) => Where(predicate).Source.FirstOrDefault();

    /// <summary>The number of runs.</summary>
    public int Count() => Source is ICollection<Run<T>> collection ? collection.Count : Source.Count();

    /// <summary>The number of runs whose parameters satisfy <paramref name="predicate"/>.</summary>
    public int Count(Func<T, bool> predicate) => Where(predicate).Source.Count();

    /// <summary>Whether there is a run.</summary>
    public bool Any() => Source.Any();

    /// <summary>Whether some run's parameters satisfy <paramref name="predicate"/>.</summary>
    public bool Any(Func<T, bool> predicate) => Where(predicate).Source.Any();

    /// <summary>Whether every run's parameters satisfy <paramref name="predicate"/>.</summary>
    public bool All(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Source.All(run => predicate(run.Parameters));
    }

    /// <summary>The parameters of the runs, in order.</summary>
    public IEnumerable<T> Parameters => Source.Select(run => run.Parameters);

    /// <summary>
    /// For each value of one parameter, statistics of another over the runs that share it (what PymoNNto's
    /// remove_duplicates_get_eval is used for): count, mean, population standard deviation (np.std), min and max.
    /// Runs whose value is null or NaN are left out; keys in ascending order.
    /// </summary>
    /// <param name="groupBy">The parameter to group by, such as <c>p =&gt; p.NumberOfNeurons</c>.</param>
    /// <param name="value">The value to summarize, such as <c>p =&gt; p.Score</c>.</param>
    public IReadOnlyList<ParameterSummary<TKey>> Summarize<TKey>(Func<T, TKey> groupBy, Func<T, double?> value) where TKey : notnull
    {
        var groups = Collect(groupBy, value);
        var summaries = new List<ParameterSummary<TKey>>(groups.Count);
        foreach (var (key, values) in groups)
        {
            double[] a = values.ToArray();
            summaries.Add(new ParameterSummary<TKey>(key, a.Length,
                Aggregation.Function(Aggregate.Mean)(a), Aggregation.Function(Aggregate.Std)(a),
                Aggregation.Function(Aggregate.Min)(a), Aggregation.Function(Aggregate.Max)(a)));
        }
        return summaries;
    }

    /// <summary>
    /// The typed remove_duplicates_get_eval: the distinct values of one parameter in ascending order, and for each
    /// the aggregate (numpy's semantics) of another over the runs that share it; null and NaN values are left out.
    /// </summary>
    public (TKey[] X, double[] Y) RemoveDuplicatesGetEval<TKey>(Func<T, TKey> x, Func<T, double?> y, Aggregate aggregation = Aggregate.Mean) where TKey : notnull =>
        RemoveDuplicatesGetEval(x, y, Aggregation.Function(aggregation));

    /// <summary>As <see cref="RemoveDuplicatesGetEval{TKey}(Func{T, TKey}, Func{T, double?}, Aggregate)"/>, combining with any function.</summary>
    public (TKey[] X, double[] Y) RemoveDuplicatesGetEval<TKey>(Func<T, TKey> x, Func<T, double?> y, Func<double[], double> aggregation) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        var groups = Collect(x, y);
        var keys = new TKey[groups.Count];
        var results = new double[groups.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = groups[i].Key;
            results[i] = aggregation(groups[i].Values.ToArray());
        }
        return (keys, results);
    }

    private List<(TKey Key, List<double> Values)> Collect<TKey>(Func<T, TKey> groupBy, Func<T, double?> value) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(groupBy);
        ArgumentNullException.ThrowIfNull(value);
        var byKey = new SortedDictionary<TKey, List<double>>();
        foreach (var run in Source)
        {
            double? v = value(run.Parameters);
            if (v is not { } number || double.IsNaN(number)) continue;
            TKey key = groupBy(run.Parameters);
            if (!byKey.TryGetValue(key, out var values)) byKey.Add(key, values = new List<double>());
            values.Add(number);
        }
        return byKey.Select(pair => (pair.Key, pair.Value)).ToList();
    }

    /// <summary>The runs, in order (what <c>foreach</c> over the query gives).</summary>
    public IEnumerator<Run<T>> GetEnumerator() => Source.GetEnumerator();

    /// <summary>The runs as a sequence for LINQ to objects, whose operators' lambdas take the <see cref="Run{T}"/>.</summary>
    public IEnumerable<Run<T>> AsEnumerable() => Source;

    /// <summary>The runs, in order, in a new list.</summary>
    public List<Run<T>> ToList() => [.. Source];
}
