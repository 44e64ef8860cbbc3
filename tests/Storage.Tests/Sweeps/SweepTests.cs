using StorageTyped.Runs;
using StorageTyped.Sweeps;
using static StorageTyped.Tests.Sweeps.SweepTestRuns;

namespace StorageTyped.Tests.Sweeps;

/// <summary>Sweep.RunAsync in one process: runs, resume, failures, retries, cancellation, progress, shards.</summary>
public sealed class SweepTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private SweepOptions Options => new() { Storage = _temp.Options, MaxParallelism = 2 };

    /// <summary>The run folders of a main folder (hidden folders of the library left out).</summary>
    private string[] RunFolders(string main) =>
        Directory.GetDirectories(_temp.MainFolder(main)).Where(d => !Path.GetFileName(d).StartsWith('.')).ToArray();

    private static Task Save(IReadOnlyDictionary<string, object?> point, StorageManager run, CancellationToken token)
    {
        run.SaveParam("result", (int)point["index"]! * 2);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_point_becomes_one_completed_run_holding_its_parameters_provenance_and_sweep_section()
    {
        var result = await Sweep.RunAsync("Grid", Points(12), Save, Options);

        Assert.Equal(12, result.Total);
        Assert.Equal(12, result.Completed.Count);
        Assert.Empty(result.Skipped);
        Assert.Empty(result.Failed);
        Assert.True(result.AllCompleted);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Enumerable.Range(0, 12), result.Completed.Select(o => (int)o.Point["index"]!)); // in the order given
        foreach (var outcome in result.Completed)
        {
            var run = StorageManager.Open(outcome.Path!);
            Assert.Equal(RunStatus.Completed, run.Status);
            Assert.Equal(outcome.Point["index"], run.LoadParam("index"));
            Assert.Equal(outcome.Point["label"], run.LoadParam("label"));
            Assert.Equal((int)outcome.Point["index"]! * 2, run.LoadParam("result"));
            Assert.Equal(outcome.PointId, run.LoadParamText("point", "Sweep"));
            Assert.Equal(1, run.LoadParam("attempt", section: "Sweep"));
            Assert.Equal(1, outcome.Attempts);
            Assert.Null(outcome.Error);
        }
        AssertEachPointCompletedOnce("Grid", _temp.Options, 12);
    }

    [Fact]
    public async Task Running_again_skips_every_completed_point_and_makes_no_run()
    {
        await Sweep.RunAsync("Again", Points(10), Save, Options);
        int bodies = 0;
        var again = await Sweep.RunAsync("Again", Points(10), (p, run, token) => { Interlocked.Increment(ref bodies); return Task.CompletedTask; }, Options);

        Assert.Equal(0, bodies);
        Assert.Empty(again.Completed);
        Assert.Equal(10, again.Skipped.Count);
        Assert.True(again.AllCompleted);
        Assert.All(again.Skipped, o => Assert.Equal(RunStatus.Completed, StorageManager.Open(o.Path!).Status));
        Assert.Equal(10, RunFolders("Again").Length);
        Assert.Equal("10 points: 0 completed, 10 skipped (done before), 0 failed", again.ToString());
    }

    [Fact]
    public async Task A_changed_value_is_a_new_point_and_a_point_given_twice_runs_once()
    {
        await Sweep.RunAsync("Changed", Points(3), Save, Options);
        var points = Points(3);
        points.Add(new Dictionary<string, object?> { ["index"] = 1, ["rate"] = 0.501, ["label"] = "point 1" }); // equal to point 1
        points.Add(new Dictionary<string, object?> { ["index"] = 1, ["rate"] = 0.502, ["label"] = "point 1" }); // one value differs
        var result = await Sweep.RunAsync("Changed", points, Save, Options);

        Assert.Equal(4, result.Total);
        Assert.Equal(3, result.Skipped.Count);
        Assert.Equal(0.502, Assert.Single(result.Completed).Point["rate"]);
    }

    [Fact]
    public async Task A_body_that_throws_fails_its_run_with_type_and_message_and_the_next_sweep_runs_the_point_again_in_a_new_folder()
    {
        var result = await Sweep.RunAsync("Fails", Points(5), (p, run, token) =>
            (int)p["index"]! == 3 ? throw new ArithmeticException("diverged at step 17") : Save(p, run, token), Options);

        var failed = Assert.Single(result.Failed);
        Assert.Equal(3, failed.Point["index"]);
        Assert.Equal("System.ArithmeticException: diverged at step 17", failed.Error);
        Assert.IsType<ArithmeticException>(failed.Exception);
        Assert.Equal(4, result.Completed.Count);
        Assert.Equal(1, result.ExitCode);
        var failedRun = StorageManager.Open(failed.Path!);
        Assert.Equal(RunStatus.Failed, failedRun.Status);
        Assert.Equal("System.ArithmeticException", failedRun.LoadParamText("error_type", "Provenance"));
        Assert.Equal("diverged at step 17", failedRun.LoadParamText("error_message", "Provenance"));

        var again = await Sweep.RunAsync("Fails", Points(5), Save, Options);
        var redone = Assert.Single(again.Completed);
        Assert.Equal(4, again.Skipped.Count);
        Assert.NotEqual(failed.Path, redone.Path);
        Assert.Equal(2, StorageManager.Open(redone.Path!).LoadParam("attempt", section: "Sweep"));
        // The failed run stays, with its error, marked as replaced by the new one.
        Assert.Equal(RunStatus.Failed, failedRun.Status);
        Assert.Equal(true, failedRun.LoadParam("superseded", section: "Sweep"));
        Assert.Equal(Path.GetFileName(redone.Path), failedRun.LoadParamText("superseded_by", "Sweep"));
        AssertEachPointCompletedOnce("Fails", _temp.Options, 5);
    }

    [Fact]
    public async Task Retries_run_a_failed_point_again_at_once_in_a_new_folder()
    {
        var result = await Sweep.RunAsync("Retry", Points(4), (p, run, token) =>
            (int)p["index"]! % 2 == 0 && run.LoadParam<int>("attempt", 0, "Sweep") == 1
                ? throw new TimeoutException("first attempt times out")
                : Save(p, run, token),
            Options with { Retries = 1 });

        Assert.Equal(4, result.Completed.Count);
        Assert.Empty(result.Failed);
        Assert.Equal(new[] { 2, 1, 2, 1 }, result.Completed.Select(o => o.Attempts));
        var byPoint = StatusesByPoint("Retry", _temp.Options);
        Assert.Equal(6, byPoint.Values.Sum(l => l.Count));
        Assert.All(byPoint.Values, l => Assert.Single(l, s => s == RunStatus.Completed));

        var always = await Sweep.RunAsync("Retry", [Point(100)], (p, run, token) => throw new InvalidOperationException("never"), Options with { Retries = 2 });
        Assert.Equal(3, Assert.Single(always.Failed).Attempts);
        Assert.Equal(3, StatusesByPoint("Retry", _temp.Options).Values.Single(l => l.Count == 3).Count(s => s == RunStatus.Failed));
    }

    [Fact]
    public async Task A_cancelled_token_stops_taking_points_and_marks_the_stopped_runs_interrupted_and_a_rerun_finishes()
    {
        using var cancel = new CancellationTokenSource();
        int started = 0;
        var result = await Sweep.RunAsync("Cancel", Points(20), async (p, run, token) =>
        {
            if (Interlocked.Increment(ref started) == 2) cancel.Cancel();
            await Task.Delay(Timeout.Infinite, token);
        }, Options, cancel.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(130, result.ExitCode);
        Assert.Equal(2, result.Interrupted.Count);
        Assert.Equal(18, result.NotStarted);
        Assert.Empty(result.Completed);
        foreach (var stopped in result.Interrupted)
        {
            var run = StorageManager.Open(stopped.Path!);
            Assert.Equal(RunStatus.Interrupted, run.Status);
            Assert.Equal("Cancelled", run.LoadParamText("error_type", "Provenance"));
        }
        Assert.Equal(2, RunFolders("Cancel").Length);

        var rerun = await Sweep.RunAsync("Cancel", Points(20), Save, Options);
        Assert.Equal(20, rerun.Completed.Count);
        AssertEachPointCompletedOnce("Cancel", _temp.Options, 20);
        Assert.All(result.Interrupted, o => Assert.Equal(true, StorageManager.Open(o.Path!).LoadParam("superseded", section: "Sweep")));
    }

    [Fact]
    public async Task Progress_reports_done_total_failed_the_rate_and_the_time_left()
    {
        var progress = new RecordingProgress<SweepProgress>();
        await Sweep.RunAsync("Progress", Points(3), Save, Options); // 3 points done before
        var result = await Sweep.RunAsync("Progress", Points(12), async (p, run, token) =>
        {
            await Task.Delay(20, token);
            if ((int)p["index"]! == 7) throw new InvalidOperationException("bad point");
        }, Options with { Progress = progress });

        var reports = progress.Reports;
        var first = reports[0];
        Assert.Equal(12, first.Total);
        Assert.Equal(3, first.Skipped);
        Assert.Equal(3, first.Done);
        Assert.Equal(0, first.Rate);
        Assert.Null(first.EstimatedTimeLeft);
        var last = reports.MaxBy(r => r.Done);
        Assert.Equal(12, last.Done);
        Assert.Equal(8, last.Completed);
        Assert.Equal(1, last.Failed);
        Assert.True(last.Rate > 0, $"rate {last.Rate}");
        Assert.Equal(TimeSpan.Zero, last.EstimatedTimeLeft);
        Assert.Contains(reports, r => r.Done < 12 && r.EstimatedTimeLeft > TimeSpan.Zero);
        Assert.Contains(reports, r => r.Running > 0);
        Assert.True(reports.Max(r => r.Running) <= 2);
        // the rate is points run per second: 9 points at 2 at a time of ≥ 20 ms cannot run faster than 100/s
        Assert.True(last.Rate < 100, $"rate {last.Rate}");
        Assert.Single(result.Failed);
    }

    [Fact]
    public async Task Shards_deal_the_points_out_evenly_and_together_run_each_once()
    {
        var points = Points(101);
        var shares = new List<IReadOnlyList<SweepOutcome<IReadOnlyDictionary<string, object?>>>>();
        for (int shard = 0; shard < 4; shard++)
            shares.Add((await Sweep.RunAsync("Shards", points, Save, Options with { Shard = new SweepShard(shard, 4) })).Completed);

        Assert.Equal(new[] { 26, 25, 25, 25 }, shares.Select(s => s.Count));
        Assert.Equal(101, shares.SelectMany(s => s).Select(o => o.PointId).Distinct().Count());
        // Within a share the points keep the caller's order.
        Assert.All(shares, s => Assert.Equal(s.Select(o => (int)o.Point["index"]!).Order(), s.Select(o => (int)o.Point["index"]!)));
        // A share does not depend on the order the points are listed in.
        var reversed = PreparedPoint<IReadOnlyDictionary<string, object?>>.ShareOf(
            PreparedPoint<IReadOnlyDictionary<string, object?>>.Prepare(Enumerable.Reverse(points), DictionaryPointFormat.Instance), new SweepShard(2, 4));
        Assert.Equal(shares[2].Select(o => o.PointId).Order(), reversed.Select(p => p.Id).Order());

        var all = await Sweep.RunAsync("Shards", points, Save, Options);
        Assert.Equal(101, all.Skipped.Count);
        AssertEachPointCompletedOnce("Shards", _temp.Options, 101);
    }

    [Fact]
    public async Task Overlapping_sweeps_in_one_process_share_the_points_and_run_none_twice()
    {
        var points = Points(40);
        int bodies = 0;
        Task Body(IReadOnlyDictionary<string, object?> p, StorageManager run, CancellationToken token)
        {
            Interlocked.Increment(ref bodies);
            return Task.Delay(5, token);
        }
        var results = await Task.WhenAll(
            Sweep.RunAsync("Overlap", points, Body, Options),
            Sweep.RunAsync("Overlap", points, Body, Options with { Shard = new SweepShard(0, 2) }),
            Sweep.RunAsync("Overlap", points, Body, Options with { Shard = new SweepShard(0, 1) }));

        Assert.Equal(40, bodies);
        Assert.Equal(40, results.Sum(r => r.Completed.Count));
        Assert.All(results, r => Assert.True(r.AllCompleted));
        AssertEachPointCompletedOnce("Overlap", _temp.Options, 40);
    }

    [Fact]
    public async Task A_point_that_cannot_be_stored_refuses_the_sweep_before_any_run_is_made()
    {
        var points = Points(3);
        points.Add(new Dictionary<string, object?> { ["index"] = 9, ["label"] = "ends in a space " });
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Sweep.RunAsync("Refused", points, Save, Options));
        Assert.Contains("Point 3", error.Message);
        Assert.False(Directory.Exists(_temp.MainFolder("Refused")));

        var badKey = new[] { (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["../x"] = 1 } };
        Assert.Contains("Point 0", (await Assert.ThrowsAsync<ArgumentException>(() => Sweep.RunAsync("Refused", badKey, Save, Options))).Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Sweep.RunAsync("Refused", Points(1), Save, Options with { Storage = _temp.Options with { RecordProvenance = false } }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sweep.RunAsync("Refused", Points(1), Save, Options with { MaxParallelism = -1 }));
        Assert.False(Directory.Exists(_temp.MainFolder("Refused")));
    }

    [Fact]
    public async Task The_main_folder_holds_only_runs_and_the_claims_live_in_the_library_folder()
    {
        await Sweep.RunAsync("Tidy", Points(6), Save, Options);

        string main = _temp.MainFolder("Tidy");
        Assert.All(Directory.GetFileSystemEntries(main), entry => Assert.True(
            Directory.Exists(entry) && Path.GetFileName(entry).StartsWith("Tidy", StringComparison.Ordinal) || Path.GetFileName(entry).StartsWith('.'), entry));
        string claims = Path.Combine(LibraryFolder.For(main), "claims");
        var files = Directory.GetFiles(claims).Select(Path.GetFileName).ToList();
        Assert.Equal(6, files.Count);
        Assert.All(files, name => Assert.Matches("^p[0-9a-f]{31}\\.1$", name));
        var record = ClaimRecord.Parse(File.ReadAllBytes(Path.Combine(claims, files[0]!)));
        Assert.Equal(PointState.Completed, record.Final);
        Assert.Equal(Environment.ProcessId, record.ProcessId);
        Assert.Empty(Directory.GetFiles(Path.Combine(LibraryFolder.For(main), "owners"))); // this process's heartbeat file goes with the sweep
    }

    [Fact]
    public async Task GetStatus_tells_pending_completed_failed_and_interrupted_points()
    {
        var points = Points(6);
        using var cancel = new CancellationTokenSource();
        await Sweep.RunAsync("Status", points.Take(3), (p, run, token) => (int)p["index"]! == 1 ? throw new InvalidOperationException("x") : Save(p, run, token), Options);
        await Sweep.RunAsync("Status", points.Skip(3).Take(1), async (p, run, token) => { cancel.Cancel(); await Task.Delay(Timeout.Infinite, token); }, Options, cancel.Token);

        var status = Sweep.GetStatus("Status", points, _temp.Options);
        Assert.Equal(new[] { PointState.Completed, PointState.Failed, PointState.Completed, PointState.Interrupted, PointState.Pending, PointState.Pending },
            status.Select(s => s.State));
        Assert.All(status.Take(4), s => Assert.True(Directory.Exists(s.Path)));
        Assert.All(status.Skip(4), s => Assert.Null(s.Path));
        Assert.Equal(points[5], status[5].Point);
    }

    [Fact]
    public void Shards_come_from_slurm_or_kubernetes_variables()
    {
        SweepShard? From(params (string Name, string Value)[] variables) =>
            SweepShard.FromVariables(name => variables.FirstOrDefault(v => v.Name == name).Value);

        Assert.Null(From());
        Assert.Equal(new SweepShard(2, 4), From(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "4")));
        Assert.Equal(new SweepShard(0, 4), From(("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_MAX", "4")));
        Assert.Equal(new SweepShard(3, 4), From(("SLURM_ARRAY_TASK_ID", "16"), ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_ARRAY_TASK_MIN", "10"), ("SLURM_ARRAY_TASK_STEP", "2")));
        Assert.Equal(new SweepShard(5, 8), From(("JOB_COMPLETION_INDEX", "5"), ("STORAGETYPED_SHARD_COUNT", "8")));
        Assert.Contains("STORAGETYPED_SHARD_COUNT", Assert.Throws<InvalidOperationException>(() => From(("JOB_COMPLETION_INDEX", "5"))).Message);
        Assert.Contains("SLURM_ARRAY_TASK_COUNT", Assert.Throws<InvalidOperationException>(() => From(("SLURM_ARRAY_TASK_ID", "5"))).Message);
        Assert.Contains("evenly stepped", Assert.Throws<InvalidOperationException>(() => From(("SLURM_ARRAY_TASK_ID", "7"), ("SLURM_ARRAY_TASK_COUNT", "3"), ("SLURM_ARRAY_TASK_MIN", "0"))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SweepShard(4, 4));
    }

    [Fact]
    public void All_cores_means_the_cpus_slurm_gave_the_task_when_it_says()
    {
        Assert.Equal(Environment.ProcessorCount, SweepRunner<int>.DefaultParallelism(_ => null));
        Assert.Equal(3, SweepRunner<int>.DefaultParallelism(name => name == "SLURM_CPUS_PER_TASK" ? "3" : null));
        Assert.Equal(Environment.ProcessorCount, SweepRunner<int>.DefaultParallelism(name => name == "SLURM_CPUS_PER_TASK" ? "0" : null));
    }
}
