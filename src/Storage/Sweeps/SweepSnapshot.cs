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
/// 100,000 runs cost a fraction of a second): for each point id, its runs and their states. Kept as arrays by run,
/// chained by point, so that checking a finished sweep of 100,000 points makes no object per run.
/// </summary>
internal sealed class SweepSnapshot
{
    private readonly Dictionary<string, int> _firstRun;
    private readonly int[] _nextRun;
    private readonly List<RunStatus> _status;
    private readonly List<object?>[] _sweep;
    private readonly List<object?> _recorded;
    private readonly Groups.IndexedRuns _indexed;
    private readonly Lazy<HashSet<string>> _known;

    private SweepSnapshot(StorageManagerGroup group, Dictionary<string, int> firstRun, int[] nextRun, List<RunStatus> status,
        List<object?>[] sweep, List<object?> recorded)
    {
        Group = group;
        MainFolder = group.MainFolderPath;
        _indexed = group.IndexedRuns;
        _firstRun = firstRun;
        _nextRun = nextRun;
        _status = status;
        _sweep = sweep;
        _recorded = recorded;
        _known = new Lazy<HashSet<string>>(() =>
        {
            var names = new HashSet<string>(_indexed.Count, StringComparer.Ordinal);
            for (int run = 0; run < _indexed.Count; run++) names.Add(_indexed.FolderName(run));
            return names;
        });
    }

    /// <summary>The main folder.</summary>
    public string MainFolder { get; }

    /// <summary>The group the snapshot was read from.</summary>
    public StorageManagerGroup Group { get; }

    /// <summary>Every point that has a run, with its runs, in the order of their first run.</summary>
    public IEnumerable<(string Id, PointRuns Runs)> Points =>
        _firstRun.OrderBy(static entry => entry.Value).Select(entry => (entry.Key, Of(entry.Key)!));

    /// <summary>Loads the runs of main folder <paramref name="mainFolderName"/> (run folders named after it).</summary>
    /// <param name="mainFolderName">The main folder.</param>
    /// <param name="options">The data folder.</param>
    /// <param name="check">
    /// How far runs the index knows are checked. A sweep deciding what to skip may trust the index for them
    /// (<see cref="IndexCheck.AddedAndRemovedRunsOnly"/>): a completed run stays completed, and a run the index still
    /// shows unfinished is looked at again through its claim before anything is run.
    /// </param>
    public static SweepSnapshot Load(string mainFolderName, StorageOptions options, IndexCheck check = IndexCheck.EveryRun)
    {
        var group = new StorageManagerGroup(mainFolderName, options: options, check: check);
        var statuses = group.GetStatusList();
        var sweep = group.GetMultiParamList([SweepKeys.Point, SweepKeys.Attempt, SweepKeys.Superseded], SweepKeys.Section, removeNone: false);
        var recorded = group.GetParamList(ProvenanceKeys.Status, ProvenanceKeys.Section);
        var firstRun = new Dictionary<string, int>(group.Count, StringComparer.Ordinal);
        var nextRun = new int[group.Count];
        var lastRun = new Dictionary<string, int>(StringComparer.Ordinal); // only for points with several runs
        for (int run = 0; run < nextRun.Length; run++)
        {
            nextRun[run] = -1;
            if (sweep[0][run] is not string id || !PointIdentity.IsId(id)) continue;
            if (firstRun.TryAdd(id, run)) continue;
            int last = lastRun.TryGetValue(id, out int known) ? known : firstRun[id];
            nextRun[last] = run;
            lastRun[id] = run;
        }
        return new SweepSnapshot(group, firstRun, nextRun, statuses, sweep, recorded);
    }

    /// <summary>The folder name of point <paramref name="id"/>'s completed run, or null when it has none.</summary>
    public string? CompletedRun(string id)
    {
        if (!_firstRun.TryGetValue(id, out int run)) return null;
        for (; run >= 0; run = _nextRun[run])
            if (_status[run] == RunStatus.Completed) return _indexed.FolderName(run);
        return null;
    }

    /// <summary>The runs of point <paramref name="id"/>, or null when it has none.</summary>
    public PointRuns? Of(string id)
    {
        if (!_firstRun.TryGetValue(id, out int run)) return null;
        var runs = new PointRuns();
        for (; run >= 0; run = _nextRun[run])
        {
            int attempt = _sweep[1][run] is int number && number > 0 ? number : 0;
            runs.Runs.Add(new SweepRun(_indexed.FolderName(run), _status[run],
                _recorded[run] is string text && ProvenanceKeys.Parse(text) == RunStatus.Running, attempt, _sweep[2][run] is true, run));
        }
        return runs;
    }

    /// <summary>The [Parameters] of the run at <paramref name="position"/> (time left out), from the group's index.</summary>
    public IReadOnlyDictionary<string, object?> ParametersOf(int position)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (string key in Group.GetAllParams(includeVirtualParameters: false))
        {
            if (key == "time") continue;
            var cell = _indexed.Find(position, StorageManager.DefaultSection, key);
            switch (cell.Kind)
            {
                case TypedParameters.ParameterCellKind.Integer: parameters[key] = cell.Bits is >= int.MinValue and <= int.MaxValue ? (int)cell.Bits : cell.Bits; break;
                case TypedParameters.ParameterCellKind.Double: parameters[key] = BitConverter.Int64BitsToDouble(cell.Bits); break;
                case TypedParameters.ParameterCellKind.Text: parameters[key] = ParameterText.ParseValue(cell.Text!); break;
            }
        }
        return parameters;
    }

    /// <summary>Whether the snapshot holds the run folder <paramref name="folderName"/> (a run made later does not).</summary>
    public bool Knows(string folderName) => _known.Value.Contains(folderName);

    /// <summary>The full path of a run folder of this main folder.</summary>
    public string PathOf(string folderName) => Path.Combine(MainFolder, folderName);
}
