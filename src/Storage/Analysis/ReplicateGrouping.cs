namespace StorageTyped.Analysis;

/// <summary>
/// Groups runs into cells by their axis values and summarizes a metric over each cell's replicates: one pass over
/// the runs into a hash map, then the cells are sorted. Works on keys of any type: the untyped group passes
/// <see cref="ValueKey"/> arrays, the typed one the user's own key.
/// </summary>
/// <typeparam name="TKey">A cell's key.</typeparam>
/// <typeparam name="TReplicate">A replicate's value (as a key: <see cref="ValueKey"/> for the untyped group).</typeparam>
internal sealed class ReplicateGrouping<TKey, TReplicate> where TKey : notnull
{
    private readonly Dictionary<TKey, Cell> _cells;
    private readonly List<Cell> _inOrder = new();
    private readonly HashSet<TReplicate> _allReplicates;
    private readonly IEqualityComparer<TReplicate> _replicateComparer;

    public ReplicateGrouping(IEqualityComparer<TKey> keyComparer, IEqualityComparer<TReplicate> replicateComparer)
    {
        _cells = new Dictionary<TKey, Cell>(keyComparer);
        _replicateComparer = replicateComparer;
        _allReplicates = new HashSet<TReplicate>(replicateComparer);
    }

    /// <summary>What one cell gathered.</summary>
    public sealed class Cell(TKey key, IEqualityComparer<TReplicate> replicateComparer)
    {
        public TKey Key { get; } = key;

        public List<double> Values { get; } = new();

        public int NoneCount { get; set; }

        public int NaNCount { get; set; }

        public List<string> Runs { get; } = new();

        /// <summary>Replicates whose runs gave a value.</summary>
        public HashSet<TReplicate> Replicates { get; } = new(replicateComparer);
    }

    /// <summary>Adds a run: its cell, its metric value (null for None or missing), and its replicate (none when it has no replicate value).</summary>
    public void Add(TKey key, string run, double? value, bool hasReplicate, TReplicate replicate)
    {
        if (!_cells.TryGetValue(key, out Cell? cell))
        {
            _cells.Add(key, cell = new Cell(key, _replicateComparer));
            _inOrder.Add(cell);
        }
        cell.Runs.Add(run);
        if (value is not { } v)
        {
            cell.NoneCount++;
            return;
        }
        if (double.IsNaN(v))
        {
            cell.NaNCount++;
            return;
        }
        cell.Values.Add(v);
        if (!hasReplicate) return;
        cell.Replicates.Add(replicate);
        _allReplicates.Add(replicate);
    }

    /// <summary>
    /// The cells, sorted by <paramref name="keyOrder"/> (in order of first appearance when null), each with its statistics,
    /// its replicates and the replicates other cells have and it lacks, both sorted by <paramref name="replicateOrder"/>.
    /// </summary>
    public List<TResult> Summarize<TResult>(IComparer<TKey>? keyOrder, IComparer<TReplicate>? replicateOrder, double confidence,
        Func<Cell, SampleStatistics, TReplicate[], TReplicate[], TResult> make)
    {
        var cells = _inOrder.ToArray();
        if (keyOrder is not null)
        {
            // A stable sort: equal keys cannot occur, but a comparer that ties distinct keys keeps their first-seen order.
            var positions = Enumerable.Range(0, cells.Length).ToArray();
            Array.Sort(positions, (a, b) => { int order = keyOrder.Compare(cells[a].Key, cells[b].Key); return order != 0 ? order : a.CompareTo(b); });
            cells = Array.ConvertAll(positions, p => cells[p]);
        }
        var results = new List<TResult>(cells.Length);
        foreach (Cell cell in cells)
        {
            var statistics = SampleStatistics.Of(cell.Values.ToArray(), cell.NoneCount, cell.NaNCount, confidence);
            var present = cell.Replicates.ToArray();
            var missing = _allReplicates.Where(r => !cell.Replicates.Contains(r)).ToArray();
            if (replicateOrder is not null)
            {
                Array.Sort(present, replicateOrder);
                Array.Sort(missing, replicateOrder);
            }
            results.Add(make(cell, statistics, present, missing));
        }
        return results;
    }
}
