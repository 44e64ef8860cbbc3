namespace StorageTyped.Tests.Sweeps;

/// <summary>Untyped points and what the runs of a main folder say about them, for the sweep tests.</summary>
internal static class SweepTestRuns
{
    /// <summary>Point i: {index, rate, label}, as the test worker's sweep makes them.</summary>
    public static IReadOnlyDictionary<string, object?> Point(int i) => new Dictionary<string, object?>
    {
        ["index"] = i,
        ["rate"] = 0.5 + i * 0.001,
        ["label"] = "point " + i,
    };

    public static List<IReadOnlyDictionary<string, object?>> Points(int count) => Enumerable.Range(0, count).Select(Point).ToList();

    /// <summary>
    /// For each point id, the statuses of its runs (from a fresh group load). A run folder without config.ini (a process
    /// killed between making the folder and writing its first config.ini) belongs to no point and is left out.
    /// </summary>
    public static Dictionary<string, List<RunStatus>> StatusesByPoint(string main, StorageOptions options)
    {
        var group = new StorageManagerGroup(main, options: options);
        var statuses = group.GetStatusList();
        var points = group.GetParamList("point", section: "Sweep");
        var runs = group.StorageManagerList;
        var byPoint = new Dictionary<string, List<RunStatus>>();
        for (int i = 0; i < group.Count; i++)
        {
            if (points[i] is null && !File.Exists(Path.Combine(runs[i].Path, "config.ini"))) continue;
            string id = Assert.IsType<string>(points[i]);
            if (!byPoint.TryGetValue(id, out var list)) byPoint[id] = list = new List<RunStatus>();
            list.Add(statuses[i]);
        }
        return byPoint;
    }

    /// <summary>Every one of <paramref name="count"/> points has exactly one completed run; no point has two.</summary>
    public static void AssertEachPointCompletedOnce(string main, StorageOptions options, int count)
    {
        var byPoint = StatusesByPoint(main, options);
        Assert.Equal(count, byPoint.Count);
        foreach (var (id, statuses) in byPoint)
            Assert.True(statuses.Count(s => s == RunStatus.Completed) == 1, $"point {id} has runs {string.Join(", ", statuses)}");
    }

    /// <summary>No point has two completed runs (points may still be unfinished).</summary>
    public static void AssertNoPointCompletedTwice(string main, StorageOptions options)
    {
        foreach (var (id, statuses) in StatusesByPoint(main, options))
            Assert.True(statuses.Count(s => s == RunStatus.Completed) <= 1, $"point {id} has runs {string.Join(", ", statuses)}");
    }
}

/// <summary>An IProgress that reports on the reporting thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = new();

    public void Report(T value)
    {
        lock (_reports) _reports.Add(value);
    }

    public List<T> Reports
    {
        get { lock (_reports) return _reports.ToList(); }
    }
}
