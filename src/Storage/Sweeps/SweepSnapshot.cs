using StorageTyped.Provenance;

namespace StorageTyped.Sweeps;

/// <summary>One run of a sweep point, as the group's index saw it.</summary>
/// <param name="FolderName">The run folder's name.</param>
/// <param name="Status">Its status, with the dead-process rule applied (<see cref="StorageManagerGroup.GetStatusList"/>).</param>
/// <param name="RecordedRunning">True when config.ini still says running (whatever the process's fate): it may yet complete.</param>
/// <param name="Attempt">Its [Sweep] attempt, 0 when unknown.</param>
/// <param name="Superseded">A later run of the point has taken its place.</param>
/// <param name="Position">The run's position in the group's table.</param>
internal sealed record SweepRun(string FolderName, RunStatus Status, bool RecordedRunning, int Attempt, bool Superseded, int Position);

/// <summary>The runs of one point, in the order the group lists them.</summary>
internal sealed class PointRuns
{
    public List<SweepRun> Runs { get; } = new(1);

    /// <summary>The point's completed run, or null.</summary>
    public SweepRun? Completed => Runs.Find(static run => run.Status == RunStatus.Completed);

    /// <summary>The point's latest run: the highest attempt (the last listed among equals).</summary>
    public SweepRun? Latest
    {
        get
        {
            SweepRun? latest = null;
            foreach (var run in Runs)
                if (latest is null || run.Attempt >= latest.Attempt) latest = run;
            return latest;
        }
    }

    /// <summary>The highest attempt number among the runs (or their count, when older runs lack it).</summary>
    public int Attempts => Math.Max(Runs.Count, Runs.Count == 0 ? 0 : Runs.Max(static run => run.Attempt));
}

/// <summary>
/// What a main folder's runs say about sweep points, read in one group load (the group's index makes a reload of
/// 100,000 runs cost about half a second): for each point id, its runs and their states.
/// </summary>
internal sealed class SweepSnapshot
{
    private readonly Dictionary<string, PointRuns> _byPoint;

    private SweepSnapshot(StorageManagerGroup group, Dictionary<string, PointRuns> byPoint)
    {
        Group = group;
        MainFolder = group.MainFolderPath;
        _byPoint = byPoint;
    }

    /// <summary>The main folder.</summary>
    public string MainFolder { get; }

    /// <summary>The group the snapshot was read from.</summary>
    public StorageManagerGroup Group { get; }

    /// <summary>Every point that has a run, with its runs.</summary>
    public IReadOnlyDictionary<string, PointRuns> Points => _byPoint;

    /// <summary>Loads the runs of main folder <paramref name="mainFolderName"/> (run folders named after it).</summary>
    public static SweepSnapshot Load(string mainFolderName, StorageOptions options)
    {
        var group = new StorageManagerGroup(mainFolderName, options: options);
        var byPoint = new Dictionary<string, PointRuns>(StringComparer.Ordinal);
        if (group.Count == 0) return new SweepSnapshot(group, byPoint);
        var indexed = group.IndexedRuns;
        var statuses = group.GetStatusList();
        var sweep = group.GetMultiParamList([SweepKeys.Point, SweepKeys.Attempt, SweepKeys.Superseded], SweepKeys.Section, removeNone: false);
        var recorded = group.GetParamList(ProvenanceKeys.Status, ProvenanceKeys.Section);
        for (int run = 0; run < indexed.Count; run++)
        {
            if (sweep[0][run] is not string id || !PointIdentity.IsId(id)) continue;
            if (!byPoint.TryGetValue(id, out var runs)) byPoint.Add(id, runs = new PointRuns());
            int attempt = sweep[1][run] is int number && number > 0 ? number : 0;
            runs.Runs.Add(new SweepRun(indexed.FolderName(run), statuses[run], recorded[run] is string text && ProvenanceKeys.Parse(text) == RunStatus.Running,
                attempt, sweep[2][run] is true, run));
        }
        return new SweepSnapshot(group, byPoint);
    }

    /// <summary>The [Parameters] of the run at <paramref name="position"/> (time left out), from the group's index.</summary>
    public IReadOnlyDictionary<string, object?> ParametersOf(int position)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        var indexed = Group.IndexedRuns;
        foreach (string key in Group.GetAllParams(includeVirtualParameters: false))
        {
            if (key == "time") continue;
            var cell = indexed.Find(position, StorageManager.DefaultSection, key);
            switch (cell.Kind)
            {
                case TypedParameters.ParameterCellKind.Integer: parameters[key] = cell.Bits is >= int.MinValue and <= int.MaxValue ? (int)cell.Bits : cell.Bits; break;
                case TypedParameters.ParameterCellKind.Double: parameters[key] = BitConverter.Int64BitsToDouble(cell.Bits); break;
                case TypedParameters.ParameterCellKind.Text: parameters[key] = ParameterText.ParseValue(cell.Text!); break;
            }
        }
        return parameters;
    }

    /// <summary>The runs of point <paramref name="id"/>, or null when it has none.</summary>
    public PointRuns? Of(string id) => _byPoint.GetValueOrDefault(id);

    /// <summary>The full path of a run folder of this main folder.</summary>
    public string PathOf(string folderName) => Path.Combine(MainFolder, folderName);
}
