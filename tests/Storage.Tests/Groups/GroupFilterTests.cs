using System.Diagnostics;
using static StorageTyped.Tests.Groups.GroupTestRuns;

namespace StorageTyped.Tests.Groups;

/// <summary>Where and WhereStatus: groups of some runs, their statuses read as StorageManager.Status reads them, and refreshes.</summary>
public sealed class GroupFilterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Runs in every status: Life1 completed, Life2 failed, Life3 running here (this process), Life4 without provenance,
    /// Life5 killed with SIGKILL (recorded running, its process gone), Life6 running on another host, Life7 recorded interrupted.</summary>
    private StorageManagerGroup RunsInEveryStatus()
    {
        Create(_temp, "Life", 1, P(("n", 1), ("score", 0.5))).Complete();
        Create(_temp, "Life", 2, P(("n", 2))).Fail(new InvalidOperationException("diverged"));
        Create(_temp, "Life", 3, P(("n", 3)));
        new StorageManager("Life", options: _temp.Options with { RunNumber = 4, RecordProvenance = false }).SaveParam("n", 4);

        using (var worker = ExternalTool.StartWorker(new[] { "lifetime", _temp.DataFolder, "Life", "wait" }))
        {
            string path = worker.StandardOutput.ReadLine()!;
            worker.Kill();
            Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)));
            string killed = Path.Combine(_temp.MainFolder("Life"), "Life5");
            if (path != killed) Directory.Move(path, killed);
        }
        StorageManager.Open(Path.Combine(_temp.MainFolder("Life"), "Life5")).SaveParam("n", 5);

        var elsewhere = Create(_temp, "Life", 6, P(("n", 6)));
        elsewhere.SaveParam("host", "another-host-" + Guid.NewGuid().ToString("N"), StorageManager.ProvenanceSection);
        elsewhere.SaveParam("pid", 1, StorageManager.ProvenanceSection);
        var stopped = Create(_temp, "Life", 7, P(("n", 7)));
        stopped.SaveParam("status", "interrupted", StorageManager.ProvenanceSection);
        return new StorageManagerGroup("Life", options: _temp.Options);
    }

    [Fact]
    public void GetStatusList_says_what_StorageManager_Status_says_of_each_run()
    {
        var smg = RunsInEveryStatus();

        var statuses = smg.GetStatusList();

        Assert.Equal(smg.Select(run => run.Status), statuses);
        Assert.Equal(new[] { RunStatus.Completed, RunStatus.Failed, RunStatus.Running, RunStatus.Unknown, RunStatus.Interrupted, RunStatus.Running, RunStatus.Interrupted }, statuses);
        Assert.Equal("running", StorageManager.Open(Path.Combine(smg.MainFolderPath, "Life5")).LoadParamText("status", StorageManager.ProvenanceSection));
    }

    [Fact]
    public void WhereStatus_keeps_the_runs_in_the_given_statuses_and_leaves_the_group_as_it_was()
    {
        var smg = RunsInEveryStatus();

        Assert.Equal(new[] { "Life1" }, Names(smg.WhereStatus(RunStatus.Completed)));
        Assert.Equal(new[] { "Life3", "Life6" }, Names(smg.WhereStatus(RunStatus.Running)));
        Assert.Equal(new[] { "Life2", "Life5", "Life7" }, Names(smg.WhereStatus(RunStatus.Failed, RunStatus.Interrupted)));
        Assert.Equal(new[] { "Life4" }, Names(smg.WhereStatus(RunStatus.Unknown)));
        Assert.Equal(7, smg.Count);

        var finished = smg.WhereStatus(RunStatus.Completed, RunStatus.Failed);
        Assert.Equal(2, finished.Count);
        Assert.Equal(new object?[] { 1, 2 }, finished.GetParamList("n"));
        Assert.Equal(new object?[] { 0.5 }, finished["score"]);
        Assert.Throws<ArgumentException>(() => smg.WhereStatus());
        Assert.Throws<ArgumentException>(() => smg.WhereStatus((RunStatus)42));
    }

    [Fact]
    public void A_filtered_group_applies_its_filters_again_when_refreshed()
    {
        var smg = RunsInEveryStatus();
        var running = smg.WhereStatus(RunStatus.Running);
        Assert.Equal(new[] { "Life3", "Life6" }, Names(running));

        StorageManager.Open(Path.Combine(smg.MainFolderPath, "Life3")).Complete();
        Create(_temp, "Life", 8, P(("n", 8)));
        running.Refresh();

        Assert.Equal(new[] { "Life6", "Life8" }, Names(running));
        Assert.Equal(new[] { "Life3", "Life6" }, Names(smg.WhereStatus(RunStatus.Running))); // the loaded group still has what it read
    }

    [Fact]
    public void Where_makes_a_group_of_the_runs_a_query_selects_that_sorts_lists_and_aggregates_on_its_own()
    {
        for (int i = 1; i <= 8; i++)
            Create(_temp, "Net", i, i <= 6 ? P(("neurons", 100 * (i % 3 + 1)), ("score", i / 10.0)) : P(("only_big", true)));
        var smg = new StorageManagerGroup("Net", options: _temp.Options);

        var big = smg.Where("neurons >= 200");

        Assert.Equal(new[] { "Net1", "Net2", "Net4", "Net5" }, Names(big));
        Assert.Equal(8, smg.Count);
        Assert.Equal(4, big.Count);
        Assert.Equal(new[] { "time", "neurons", "score" }, big.GetAllParams()); // time: every run's creation time
        Assert.Contains("only_big", smg.GetAllParams());
        big.SortBy("score", descending: true);
        Assert.Equal(new[] { "Net5", "Net4", "Net2", "Net1" }, Names(big));
        Assert.Equal(new[] { "Net1", "Net2", "Net3", "Net4", "Net5", "Net6", "Net7", "Net8" }, Names(smg));
        var lists = big.GetMultiParamList(["neurons", "score"]);
        var (x, y) = big.RemoveDuplicatesGetEval(lists[0], lists[1], Aggregate.Count);
        Assert.Equal(new double[] { 200, 300 }, x);
        Assert.Equal(new double[] { 2, 2 }, y);
        Assert.Equal(new[] { "Net5", "Net2" }, Names(big.Where("neurons == 300"))); // in the sorted order of big
        Assert.Empty(big.Where("score > 5"));
    }

    [Fact]
    public void Virtual_parameters_go_with_runs_into_and_out_of_filtered_groups()
    {
        for (int i = 1; i <= 4; i++) Create(_temp, "V", i, P(("k", i)));
        var smg = new StorageManagerGroup("V", options: _temp.Options);
        smg.AddVirtualMultiParameter("label", new[] { "a", "b", "c", "d" });

        var odd = smg.Where("k == 1 or k == 3");
        Assert.Equal(new object?[] { "a", "c" }, odd.GetParamList("label"));
        odd.AddVirtualMultiParameter("weight", new[] { 10, 30 });
        Assert.Equal(new object?[] { 10, 30 }, odd["weight"]);
        Assert.Equal(new[] { "V3" }, Names(odd.Where("weight > 10")));
        Assert.Throws<ArgumentException>(() => odd.AddVirtualMultiParameter("weight", new[] { 1, 2, 3, 4 }));
        Assert.Empty(smg["weight"]); // the loaded group never saw it
        Assert.Equal(new[] { "V2" }, Names(smg.Where("label == 'b'")));
    }

    [Fact]
    public void A_malformed_query_fails_when_the_filtered_group_is_made()
    {
        Create(_temp, "Q", 1, P(("score", 1)));
        var smg = new StorageManagerGroup("Q", options: _temp.Options);

        var error = Assert.Throws<FormatException>(() => smg.Where("score = 5"));

        Assert.Contains("position 6", error.Message);
        Assert.Contains("      ^", error.Message);
        Assert.Throws<FormatException>(() => StorageManagerGroup.GetQueryKeys("score >"));
        Assert.Equal(new[] { "score", "n", "label" }, StorageManagerGroup.GetQueryKeys("score > 1 and (N == 2 or 'a' == label) or n > score"));
    }

    [Fact]
    public void ListRunFolders_names_the_runs_without_reading_them_and_FindDataFolder_walks_up()
    {
        foreach (long n in new long[] { 10, 2, 1 }) Create(_temp, "Sweep", n, P());
        Directory.CreateDirectory(Path.Combine(_temp.MainFolder("Sweep"), "SweepOther"));
        File.WriteAllText(Path.Combine(_temp.MainFolder("Sweep"), "Sweep3"), "a file, not a run");

        Assert.Equal(new[] { "Sweep1", "Sweep2", "Sweep10" }, StorageManagerGroup.ListRunFolders("Sweep", options: _temp.Options));
        Assert.Empty(StorageManagerGroup.ListRunFolders("Nothing", options: _temp.Options));
        Assert.False(Directory.Exists(Path.Combine(_temp.MainFolder("Sweep"), ".storagetyped")));

        string deep = Path.Combine(_temp.Root, "a", "b");
        Directory.CreateDirectory(deep);
        Assert.Equal(_temp.DataFolder, StorageOptions.FindDataFolder(deep));
    }

    private static string[] Names(IEnumerable<StorageManager> runs) => runs.Select(run => run.FolderName).ToArray();
}
