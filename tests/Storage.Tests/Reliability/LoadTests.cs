namespace StorageTyped.Tests.Reliability;

/// <summary>
/// Issue 8's concurrency load: 8 processes × 4 threads create 4,000 runs in one main folder, each with its
/// parameters and an array, while two more processes load the group and refresh its index over and over (never
/// seeing a damaged run, never a value the run's file does not hold); STORAGETYPED_LOAD_RUNS raises the count.
/// </summary>
public sealed class LoadTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static int Runs => int.TryParse(Environment.GetEnvironmentVariable("STORAGETYPED_LOAD_RUNS"), out int runs) && runs > 0 ? runs : 4000;

    [Theory]
    [InlineData("enumerated")]
    [InlineData("random")]
    public void Eight_processes_with_four_threads_create_every_run_whole(string mode)
    {
        const int processes = 8, threads = 4;
        int perProcess = Runs / processes;
        string main = "Load" + mode;
        var workers = Enumerable.Range(0, processes)
            .Select(p => ExternalTool.StartWorker(new[] { "create", _temp.DataFolder, main, mode, threads.ToString(), perProcess.ToString(), "p" + p, "arrays" }))
            .ToList();
        var refreshers = Enumerable.Range(0, 2).Select(_ => ExternalTool.StartWorker(new[] { "group-refresh", _temp.DataFolder, main, "10" })).ToList();
        foreach (var worker in workers.Concat(refreshers))
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(10)), "a worker did not finish in 10 minutes");
            Assert.True(worker.ExitCode == 0, worker.StandardError.ReadToEnd());
        }

        string[] folders = Directory.GetDirectories(_temp.MainFolder(main)).Where(f => !Path.GetFileName(f).StartsWith('.')).ToArray();
        Assert.Equal(processes * perProcess, folders.Length);
        var creators = new HashSet<string>();
        foreach (string folder in folders)
        {
            var sm = StorageManager.Open(folder);
            Assert.Equal(9, sm.GetAllParams().Count);
            string creator = (string)sm.LoadParam("creator")!;
            Assert.True(creators.Add(creator), $"two runs claim {creator}");
            double[] arr = sm.LoadNp<double>("arr");
            Assert.Equal(100, arr.Length);
            Assert.Equal(sm.LoadParam<int>("thread"), (int)arr[0]);
            Assert.Equal(sm.LoadParam<int>("index"), (int)arr[1]);
        }
        var group = new StorageManagerGroup(main, options: _temp.Options);
        Assert.Equal(folders.Length, group.Count);
        Assert.Empty(group.UnreadableRuns);
        Assert.Equal(creators.OrderBy(c => c, StringComparer.Ordinal), group.GetParamList("creator").Select(c => (string)c!).OrderBy(c => c, StringComparer.Ordinal));
        if (mode == "enumerated")
            Assert.Equal(Enumerable.Range(1, folders.Length), folders.Select(f => int.Parse(Path.GetFileName(f)[main.Length..])).OrderBy(n => n));
    }
}
