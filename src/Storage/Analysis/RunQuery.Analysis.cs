using StorageTyped.Analysis;

namespace StorageTyped;

public partial class RunQuery<T>
{
    /// <summary>
    /// Which parameters of <typeparamref name="T"/> vary over these runs and which are the same in all of them, from
    /// the values the runs load as (a key a run lacks takes the record's default). Values are given as the untyped
    /// group reads their text (an enum by its name, a list as an array); see <see cref="StorageManagerGroup.DetectSchema"/>.
    /// </summary>
    public SweepSchema DetectSchema()
    {
        var builder = new SchemaBuilder();
        foreach (string key in T.ParameterKeys) builder.Declare(key);
        int count = 0;
        foreach (Run<T> run in Source)
        {
            count++;
            var entries = new ParameterWriter(T.ParameterKeys.Count);
            T.WriteParameters(run.Parameters, entries);
            foreach (var (key, text) in entries.Entries) builder.Add(key, ParameterText.ParseValue(text));
        }
        return builder.Build(count);
    }

    /// <summary>
    /// A value summarized over replicates: the runs are grouped into cells by <paramref name="by"/> (a parameter or
    /// a tuple of them) and each cell gets N, mean, standard deviation (ddof 1), standard error, Student's t
    /// interval, min and max of <paramref name="value"/>, and the replicates other cells have and it lacks (see
    /// <see cref="ReplicateStatistics"/> for the formulas). Null and NaN values are left out and counted. Cells are
    /// in ascending order of their key when it is comparable (tuples of numbers and strings are), else in order of
    /// first appearance.
    /// </summary>
    /// <param name="by">The cell's key, such as <c>p =&gt; (p.NumberOfNeurons, p.LearningRate)</c>.</param>
    /// <param name="value">The value to summarize, such as <c>p =&gt; p.Score</c>.</param>
    /// <param name="replicate">What tells replicates apart, such as <c>p =&gt; p.Seed</c>.</param>
    /// <param name="confidence">The confidence level of the interval.</param>
    public IReadOnlyList<ReplicateCell<TKey, TReplicate>> SummarizeReplicates<TKey, TReplicate>(Func<T, TKey> by, Func<T, double?> value,
        Func<T, TReplicate> replicate, double confidence = 0.95) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(replicate);
        SampleStatistics.CheckConfidence(confidence, nameof(confidence));
        var grouping = new ReplicateGrouping<TKey, TReplicate>(EqualityComparer<TKey>.Default, EqualityComparer<TReplicate>.Default);
        foreach (Run<T> run in Source)
            grouping.Add(by(run.Parameters), run.FolderName, value(run.Parameters), hasReplicate: true, replicate(run.Parameters));
        return grouping.Summarize(IsComparable<TKey>() ? Comparer<TKey>.Default : null, IsComparable<TReplicate>() ? Comparer<TReplicate>.Default : null, confidence,
            (cell, statistics, present, missing) => new ReplicateCell<TKey, TReplicate>(statistics, cell.Key, present, missing, cell.Runs.AsReadOnly())).AsReadOnly();
    }

    private static bool IsComparable<TValue>()
    {
        // Without MakeGenericType, which NativeAOT may lack: Comparer<T>.Default handles nullable forms of comparable types.
        Type type = Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue);
        return typeof(IComparable<TValue>).IsAssignableFrom(typeof(TValue)) || typeof(IComparable).IsAssignableFrom(type);
    }
}
