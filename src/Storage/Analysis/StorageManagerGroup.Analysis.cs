using StorageTyped.Analysis;
using StorageTyped.Groups.Index;
using StorageTyped.Groups.Query;

namespace StorageTyped;

public sealed partial class StorageManagerGroup
{
    /// <summary>
    /// Which parameters vary over the group's runs and which are the same in all of them (signac's detect_schema):
    /// for each varying key its sorted distinct values and their types, for each constant key its value. One pass
    /// over the runs. <c>time</c> (every run's creation time) is left out of [Parameters].
    /// </summary>
    /// <param name="section">The INI section to look at.</param>
    public SweepSchema DetectSchema(string section = StorageManager.DefaultSection)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = new SchemaBuilder();
        foreach (string key in SchemaKeys(section))
        {
            builder.Declare(key);
            CellSource cells = CellsOf(key, section);
            if (cells.StoredColumn is { } column)
            {
                builder.AddColumn(key, column, _order);
                continue;
            }
            foreach (int run in _order)
            {
                object? cell = cells[run];
                if (!ReferenceEquals(cell, CellValue.Missing)) builder.Add(key, CellValue.Materialize(cell));
            }
        }
        return builder.Build(_order.Length);
    }

    /// <summary>
    /// A metric summarized over replicates: the runs are grouped into cells by their values of the axes (every
    /// other varying parameter, unless <paramref name="by"/> names them) and each cell gets N, mean, standard
    /// deviation (ddof 1), standard error, Student's t interval, min and max of the metric over its runs, and the
    /// replicate values other cells have and it lacks. None, missing and NaN values are left out and counted.
    /// Cells are sorted by their axis values, in the group's order of values.
    /// </summary>
    /// <param name="metric">The value to summarize, such as <c>score</c>; numbers (bools as 0 and 1).</param>
    /// <param name="replicate">The parameter that tells replicates apart, such as <c>seed</c>; null when every run of a cell is a replicate.</param>
    /// <param name="by">The axes; by default every varying parameter (<see cref="DetectSchema"/>) other than the metric and the replicate. Name them when the runs hold other metrics, which would otherwise be taken for axes.</param>
    /// <param name="section">The INI section of the parameters.</param>
    /// <param name="confidence">The confidence level of the interval.</param>
    /// <exception cref="ArgumentException">No run has the metric, the replicate or an axis of <paramref name="by"/>.</exception>
    /// <exception cref="InvalidDataException">A run's metric is text or a list; the message names the run.</exception>
    public IReadOnlyList<ReplicateCell> SummarizeReplicates(string metric, string? replicate = "seed", IReadOnlyList<string>? by = null,
        string section = StorageManager.DefaultSection, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(section);
        SampleStatistics.CheckConfidence(confidence, nameof(confidence));
        var known = GetAllParams(section);
        RequireKey(metric, nameof(metric), known, section);
        if (replicate is not null) RequireKey(replicate, nameof(replicate), known, section);
        string[] axes;
        if (by is null)
        {
            axes = DetectSchema(section).Varying.Keys
                .Where(key => !key.Equals(metric, StringComparison.OrdinalIgnoreCase) && !key.Equals(replicate, StringComparison.OrdinalIgnoreCase))
                .ToArray();
        }
        else
        {
            axes = [.. by];
            foreach (string axis in axes) RequireKey(axis, nameof(by), known, section);
        }

        var axisCells = Array.ConvertAll(axes, axis => CellsOf(axis, section));
        CellSource metricCells = CellsOf(metric, section);
        CellSource? replicateCells = replicate is null ? null : CellsOf(replicate, section);
        var grouping = new ReplicateGrouping<ValueKey[], ValueKey>(ValueKey.SequenceComparer.Instance, EqualityComparer<ValueKey>.Default);
        foreach (int run in _order)
        {
            var key = new ValueKey[axes.Length];
            for (int a = 0; a < axes.Length; a++)
            {
                object? cell = axisCells[a][run];
                key[a] = ReferenceEquals(cell, CellValue.Missing) ? ValueKey.Absent : new ValueKey(CellValue.Materialize(cell));
            }
            double? value = MetricValue(metricCells[run], metric, run);
            object? replicateCell = replicateCells?[run] ?? CellValue.Missing;
            bool hasReplicate = !ReferenceEquals(replicateCell, CellValue.Missing);
            grouping.Add(key, _table.Names[run], value, hasReplicate, hasReplicate ? new ValueKey(CellValue.Materialize(replicateCell)) : ValueKey.Absent);
        }
        return grouping.Summarize(ValueKey.SequenceComparer.Instance, Comparer<ValueKey>.Default, confidence, (cell, statistics, present, missing) =>
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (int a = 0; a < axes.Length; a++)
                if (!cell.Key[a].IsAbsent) values[axes[a]] = cell.Key[a].Value;
            return new ReplicateCell(statistics, values.AsReadOnly(), Array.ConvertAll(present, r => r.Value), Array.ConvertAll(missing, r => r.Value), cell.Runs.AsReadOnly());
        }).AsReadOnly();
    }

    /// <summary>
    /// An array summarized element by element over the runs that hold it (key.npy): N, mean, standard deviation
    /// (ddof 1), standard error and Student's t interval of every element, NaN elements left out and counted in N.
    /// The arrays are streamed through memory maps, a few runs at a time on every core, so 10,000 runs of 10,000
    /// values never sit in memory together. Filter first (<see cref="Where"/>) to summarize one cell of a sweep.
    /// </summary>
    /// <typeparam name="T">The arrays' element type (their dtype: double for float64, float for float32, int for int32 …).</typeparam>
    /// <param name="key">The array's key.</param>
    /// <param name="align">What to do with arrays of different shapes: refuse them (<see cref="ArrayAlign.Exact"/>), cut them to the shortest or take them up to the longest along the first axis.</param>
    /// <param name="confidence">The confidence level of the interval.</param>
    /// <exception cref="InvalidDataException">Two runs hold arrays of different shapes (both are named) under <see cref="ArrayAlign.Exact"/>, or a file is damaged or of another dtype.</exception>
    public ArraySummary<T> SummarizeArrays<T>(string key, ArrayAlign align = ArrayAlign.Exact, double confidence = 0.95)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        RunKey.Validate(key, nameof(key));
        if (!Enum.IsDefined(align)) throw new ArgumentOutOfRangeException(nameof(align), align, "Use ArrayAlign.Exact, Truncate or Pad.");
        SampleStatistics.CheckConfidence(confidence, nameof(confidence));
        return ArrayAccumulation.Summarize<T>(key, Array.ConvertAll(_order, RunAt), align, confidence);
    }

    /// <summary>The runs (table positions) in the group's current order, for the report.</summary>
    internal int[] RunOrder => _order;

    /// <summary>A parameter's cells by table position (virtual parameters first), for the report.</summary>
    internal CellSource CellsFor(string key, string section) => CellsOf(key, section);

    /// <summary>The folder name of the run at a table position.</summary>
    internal string RunFolderName(int run) => _table.Names[run];

    /// <summary>The run at a table position.</summary>
    internal StorageManager RunAtPosition(int run) => RunAt(run);

    /// <summary>The keys <see cref="DetectSchema"/> looks at: every key of the section the group's runs have, time left out of [Parameters].</summary>
    private IEnumerable<string> SchemaKeys(string section) =>
        GetAllParams(section).Where(key => !(section == StorageManager.DefaultSection && key == "time"));

    private double? MetricValue(object? cell, string metric, int run)
    {
        if (cell is null || ReferenceEquals(cell, CellValue.Missing)) return null;
        if (ValueComparison.TryDouble(cell, out double value)) return value;
        throw new InvalidDataException(
            $"Run '{_table.Names[run]}' has {metric} = '{ValueComparison.Describe(CellValue.Materialize(cell))}', which is not a number; summarize a numeric parameter, or leave such runs out first with Where or WhereStatus.");
    }

    private static void RequireKey(string key, string parameterName, IReadOnlyCollection<string> known, string section)
    {
        if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"No run of the group has a parameter '{key}' in [{section}]; its parameters are {string.Join(", ", known)}.", parameterName);
    }
}
