using System.Diagnostics;
using System.Text.RegularExpressions;
using StorageTyped.Tests.Sweeps;
using Xunit.Abstractions;

namespace StorageTyped.Cluster.Tests;

/// <summary>
/// A sweep on the real cluster, end to end: a job array whose tasks run Sweep.RunAsync over one Data folder, one task
/// cancelled with scancel in the middle of its share, the same sweep submitted again, and at the end every point
/// completed exactly once.
/// </summary>
[Collection(SlurmCluster.Collection)]
public sealed partial class SweepOnClusterTests(SlurmCluster cluster, ITestOutputHelper log) : IDisposable
{
    private const int Points = 40, Tasks = 4, PerTask = Points / Tasks;
    private const string Main = "ClusterSweep";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Worker => Path.Combine(AppContext.BaseDirectory, "Storage.TestWorker.dll");

    [Fact]
    public void A_sweep_with_a_cancelled_task_completes_every_point_exactly_once_after_a_second_submission()
    {
        cluster.Require();
        // The test worker's sweep: 40 untyped points, one at a time per task, each waiting 700 ms and saving result = 2i.
        string[] sweep = ["dotnet", Worker, "sweep", _temp.DataFolder, Main, Points.ToString(), "700", "--parallel", "1"];
        var first = new SlurmSubmission
        {
            Command = sweep,
            ArrayTasks = Tasks,
            CpusPerTask = 1,
            TimeLimit = TimeSpan.FromMinutes(10),
            JobName = "cluster-sweep",
            Output = Path.Combine(_temp.Root, "first-%a.out"),
        };

        string firstJob = Slurm.Submit(first);

        // Task 0 is in the first wave (the node runs as many tasks at once as it has CPUs): cancel it once it has
        // completed two points of its ten.
        string taskOutput = Path.Combine(_temp.Root, "first-0.out");
        WaitUntil(() => CompletedBy(taskOutput) >= 2, TimeSpan.FromMinutes(3), $"task 0 of job {firstJob} to complete 2 points", firstJob);
        cluster.Command("scancel", $"{firstJob}_0");
        var states = cluster.WaitForJob(firstJob, Tasks, TimeSpan.FromMinutes(5));

        Assert.True(states[0] == "CANCELLED", $"task 0 should be cancelled: {SlurmCluster.Describe(states)}");
        Assert.True(states.Where(p => p.Key != 0).All(p => p.Value == "COMPLETED"), $"{SlurmCluster.Describe(states)}\n{cluster.Logs()}");
        int cancelledTaskCompleted = CompletedBy(taskOutput);
        Assert.True(cancelledTaskCompleted < PerTask, $"task 0 completed all its points before scancel reached it:\n{File.ReadAllText(taskOutput)}");
        // The other tasks did their shares; the cancelled one stopped in the middle: no point twice, some missing.
        var afterFirst = SweepTestRuns.StatusesByPoint(Main, _temp.Options);
        int completedAfterFirst = afterFirst.Count(p => p.Value.Contains(RunStatus.Completed));
        Assert.Equal(Points - PerTask + cancelledTaskCompleted, completedAfterFirst);
        SweepTestRuns.AssertNoPointCompletedTwice(Main, _temp.Options);
        // The point task 0 was running when scancel's SIGTERM came is interrupted, not left running or failed.
        var unfinished = afterFirst.Values.SelectMany(runs => runs).Where(s => s != RunStatus.Completed).ToList();
        Assert.All(unfinished, status => Assert.Equal(RunStatus.Interrupted, status));
        for (int task = 1; task < Tasks; task++)
            Assert.Equal((PerTask, 0, 0), Result(Path.Combine(_temp.Root, $"first-{task}.out")));

        // The same sweep again, this time through the runs tool: only the missing points run.
        var submitted = RunsTool.RunWith(_temp.Root, cluster.ClientEnvironment,
            ["sweep", "submit", "--tasks", Tasks.ToString(), "--time", "10", "--job-name", "cluster-sweep", "--output", "second-%a.out", "--", .. sweep]);
        Assert.True(submitted.ExitCode == 0, submitted.Error);
        string secondJob = submitted.Output.Trim();
        var secondStates = cluster.WaitForJob(secondJob, Tasks, TimeSpan.FromMinutes(5));
        Assert.True(secondStates.Values.All(s => s == "COMPLETED"), $"{SlurmCluster.Describe(secondStates)}\n{cluster.Logs()}");

        var results = Enumerable.Range(0, Tasks).Select(task => Result(Path.Combine(_temp.Root, $"second-{task}.out"))).ToList();
        Assert.Equal(Points - completedAfterFirst, results.Sum(r => r.Completed));
        Assert.Equal(completedAfterFirst, results.Sum(r => r.Skipped));
        Assert.Equal(0, results.Sum(r => r.Failed));

        log.WriteLine($"job {firstJob}: task 0 cancelled after {cancelledTaskCompleted} of its {PerTask} points ({unfinished.Count} run interrupted), {completedAfterFirst} of {Points} points completed; " +
            $"job {secondJob}: {results.Sum(r => r.Completed)} completed, {results.Sum(r => r.Skipped)} skipped (per task: {string.Join(", ", results.Select(r => $"{r.Completed}/{r.Skipped}"))}).");
        SweepTestRuns.AssertEachPointCompletedOnce(Main, _temp.Options, Points);
        var group = new StorageManagerGroup(Main, options: _temp.Options);
        var indexes = group.GetParamList("index");
        var values = group.GetParamList("result");
        var statuses = group.GetStatusList();
        var completedIndexes = new List<long>();
        for (int i = 0; i < group.Count; i++)
        {
            if (statuses[i] != RunStatus.Completed) continue;
            completedIndexes.Add(Convert.ToInt64(indexes[i]));
            Assert.Equal(2 * Convert.ToInt64(indexes[i]), Convert.ToInt64(values[i]));
        }
        Assert.Equal(Enumerable.Range(0, Points).Select(i => (long)i), completedIndexes.Order());
    }

    /// <summary>How many points a task's output says it has completed (the test worker prints "progress completed done total").</summary>
    private static int CompletedBy(string output)
    {
        if (!File.Exists(output)) return 0;
        return ProgressLine().Matches(File.ReadAllText(output)).Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();
    }

    /// <summary>The completed, skipped and failed counts of the test worker's last line ("result completed=… skipped=… failed=…").</summary>
    private static (int Completed, int Skipped, int Failed) Result(string output)
    {
        string text = File.ReadAllText(output);
        Match result = ResultLine().Match(text);
        Assert.True(result.Success, $"{output} has no result line:\n{text}");
        return (int.Parse(result.Groups[1].Value), int.Parse(result.Groups[2].Value), int.Parse(result.Groups[3].Value));
    }

    private void WaitUntil(Func<bool> condition, TimeSpan timeout, string what, string jobId)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}: {SlurmCluster.Describe(cluster.TaskStates(jobId))}\n{cluster.Logs()}");
            Thread.Sleep(100);
        }
    }

    [GeneratedRegex(@"^progress (\d+) \d+ \d+$", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();

    [GeneratedRegex(@"^result completed=(\d+) skipped=(\d+) failed=(\d+)", RegexOptions.Multiline)]
    private static partial Regex ResultLine();
}
