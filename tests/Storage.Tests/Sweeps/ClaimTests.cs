using System.Diagnostics;
using System.Globalization;
using StorageTyped.Runs;
using StorageTyped.Sweeps;
using static StorageTyped.Tests.Sweeps.SweepTestRuns;

namespace StorageTyped.Tests.Sweeps;

/// <summary>Claims: a point another process holds is waited for, and taken over once that process is gone.</summary>
public sealed class ClaimTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private SweepOptions Options => new() { Storage = _temp.Options, MaxParallelism = 2 };

    private static string IdOf(IReadOnlyDictionary<string, object?> point) =>
        PreparedPoint<IReadOnlyDictionary<string, object?>>.Prepare([point], DictionaryPointFormat.Instance)[0].Id;

    private string ClaimPath(string main, string id, int generation)
    {
        string folder = Path.Combine(LibraryFolder.For(_temp.MainFolder(main)), "claims");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{id}.{generation}");
    }

    private static void WriteClaim(string path, string owner, string host, int pid, double processStart) =>
        File.WriteAllText(path, $"owner = {owner}\nhost = {host}\npid = {pid}\nprocess_start_unix = {processStart.ToString(CultureInfo.InvariantCulture)}\nattempts_before = 0\n");

    private int RunCount(string main) =>
        Directory.Exists(_temp.MainFolder(main)) ? Directory.GetDirectories(_temp.MainFolder(main)).Count(d => !Path.GetFileName(d).StartsWith('.')) : 0;

    private static Task Save(IReadOnlyDictionary<string, object?> point, StorageManager run, CancellationToken token)
    {
        run.SaveParam("result", (int)point["index"]! * 2);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_point_held_by_a_live_process_on_this_host_is_waited_for_and_taken_over_when_the_process_dies()
    {
        using var holder = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        double started = (holder.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
        string held = ClaimPath("Held", IdOf(Point(1)), 1);
        WriteClaim(held, "elsewhere-1-1", Environment.MachineName, holder.Id, started);

        var sweep = Sweep.RunAsync("Held", Points(3), Save, Options);
        // The other two points complete; point 1 waits for its holder.
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (RunCount("Held") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the free points did not run");
            await Task.Delay(20);
        }
        await Task.Delay(700);
        Assert.False(sweep.IsCompleted);
        Assert.Equal(2, RunCount("Held"));

        holder.Kill();
        holder.WaitForExit();
        var result = await sweep;

        Assert.Equal(3, result.Completed.Count);
        var takeover = ClaimRecord.Parse(File.ReadAllBytes(Path.ChangeExtension(held, ".2")));
        Assert.Equal(Environment.ProcessId, takeover.ProcessId);
        Assert.Equal(PointState.Completed, takeover.Final);
        AssertEachPointCompletedOnce("Held", _temp.Options, 3);
    }

    [Fact]
    public async Task A_claim_from_another_host_counts_while_its_heartbeat_is_fresh_and_expires_with_it()
    {
        string main = "Remote";
        string library = LibraryFolder.For(_temp.MainFolder(main));
        Directory.CreateDirectory(Path.Combine(library, "owners"));
        string ownerFile = Path.Combine(library, "owners", "node17-4242-1000");
        File.WriteAllText(ownerFile, "host = node17\n");
        string stale = ClaimPath(main, IdOf(Point(0)), 1), fresh = ClaimPath(main, IdOf(Point(1)), 1);
        WriteClaim(stale, "node9-77-1000", "node9", 77, 1000);          // its owner file is missing: long gone
        WriteClaim(fresh, "node17-4242-1000", "node17", 4242, 1000);    // its owner beats now
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddMinutes(-10));
        File.SetLastWriteTimeUtc(fresh, DateTime.UtcNow.AddMinutes(-10));

        var clock = Stopwatch.StartNew();
        var result = await Sweep.RunAsync(main, Points(2), Save, Options with { HeartbeatTimeout = TimeSpan.FromSeconds(3) });

        // The stale claim is taken at once; the fresh one only after its owner stopped beating for the timeout.
        Assert.Equal(2, result.Completed.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.5), $"took {clock.Elapsed}");
        Assert.True(File.Exists(Path.ChangeExtension(stale, ".2")));
        Assert.True(File.Exists(Path.ChangeExtension(fresh, ".2")));
        AssertEachPointCompletedOnce(main, _temp.Options, 2);
    }

    [Fact]
    public async Task A_point_another_process_failed_during_the_sweep_is_reported_not_run_again_and_one_failed_before_is_run_again()
    {
        string main = "Ended";
        var options = Options with { MaxParallelism = 1 };
        // Failed before this sweep: run again.
        var before = await Sweep.RunAsync(main, [Point(0)], (p, run, token) => throw new InvalidOperationException("old failure"), options);
        Assert.Single(before.Failed);
        await Task.Delay(50);
        var again = await Sweep.RunAsync(main, [Point(0)], Save, options);
        Assert.Single(again.Completed);

        // Failed by another sweep while this one waited for it: reported with that run's error.
        using var release = new SemaphoreSlim(0);
        var other = Sweep.RunAsync(main, [Point(5)], async (p, run, token) =>
        {
            await release.WaitAsync(token);
            throw new ArithmeticException("failed over there");
        }, options);
        while (RunCount(main) < 3) await Task.Delay(10);
        var waiting = Sweep.RunAsync(main, [Point(5)], Save, options);
        await Task.Delay(300);
        release.Release();
        await other;
        var result = await waiting;
        var failed = Assert.Single(result.Failed);
        Assert.Equal("System.ArithmeticException: failed over there", failed.Error);
        Assert.Null(failed.Exception);
        Assert.Equal(0, failed.Attempts);
    }

    [Fact]
    public void Sweeps_of_one_process_claiming_the_same_points_at_once_own_each_point_once()
    {
        // Several sweeps of one process share an owner id, so they tell their claims apart by registration: a claim is
        // registered before its file exists, or another sweep could read the new file as abandoned and take it over.
        const int Ids = 300, Claimers = 4;
        var store = new ClaimStore(_temp.MainFolder("Together"), TimeSpan.FromMinutes(2));
        var claims = new List<PointClaim>[Claimers];
        using var start = new Barrier(Claimers);
        var threads = Enumerable.Range(0, Claimers).Select(c => new Thread(() =>
        {
            claims[c] = [];
            start.SignalAndWait();
            for (int i = 0; i < Ids; i++)
            {
                var attempt = store.TryClaim($"point{(i + c * 7) % Ids:D3}", 0, DateTime.UtcNow, _ => false);
                if (attempt.Outcome == ClaimOutcome.Owned) claims[c].Add(attempt.Claim!);
                else Assert.Equal(ClaimOutcome.Held, attempt.Outcome);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var owned = claims.SelectMany(list => list).ToList();
        Assert.Equal(Ids, owned.Count);
        Assert.Equal(Ids, owned.Select(c => c.Id).Distinct().Count());
        Assert.All(owned, c => Assert.Equal(1, c.Generation));
        Assert.All(owned, c => Assert.False(c.IsTakenOver));
        owned.ForEach(c => c.Release(PointState.Completed));
    }

    [Fact]
    public async Task A_takeover_supersedes_a_run_its_dead_owner_made_but_never_named_and_a_slow_owner_sees_the_takeover()
    {
        string main = "Unnamed";
        using var gone = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        gone.Kill();
        gone.WaitForExit();
        string id = IdOf(Point(1));
        string orphanPath = "";
        // Point 0's body plays a process that claimed point 1, made its run and died before naming the run in its claim:
        // after this sweep's group load, so only the claim tells the sweep to look for that run.
        var result = await Sweep.RunAsync(main, Points(2), (p, run, token) =>
        {
            if ((int)p["index"]! == 0)
            {
                WriteClaim(ClaimPath(main, id, 1), "here-1-1", Environment.MachineName, gone.Id, 1000);
                var orphan = StorageManager.Create(main, Point(1), options: _temp.Options);
                orphan.SaveParam("point", id, section: "Sweep");
                orphanPath = orphan.Path;
            }
            return Task.CompletedTask;
        }, Options with { MaxParallelism = 1 });

        Assert.Equal(2, result.Completed.Count);
        var orphanRun = StorageManager.Open(orphanPath, _temp.Options);
        Assert.Equal(true, orphanRun.LoadParam("superseded", section: "Sweep"));
        Assert.Equal(Path.GetFileName(result.Completed[1].Path), orphanRun.LoadParamText("superseded_by", "Sweep"));
        Assert.NotEqual(RunStatus.Completed, orphanRun.Status);
        AssertEachPointCompletedOnce(main, _temp.Options, 2);

        // The owner of a claim that a newer generation replaced (its heartbeat ran out) sees it after naming its run.
        var store = new ClaimStore(_temp.MainFolder(main), TimeSpan.FromMinutes(2));
        var slow = store.TryClaim("slow", 0, DateTime.UtcNow, _ => false).Claim!;
        Assert.False(slow.IsTakenOver);
        WriteClaim(store.PathOf("slow", 2), "node9-77-1000", "node9", 77, 1000);
        Assert.True(slow.IsTakenOver);
        slow.Release(PointState.Interrupted);
    }

    [Fact]
    public void A_run_is_completed_or_superseded_never_both()
    {
        var options = _temp.Options;
        var first = StorageManager.Create("Marks", new Dictionary<string, object?> { ["a"] = 1 }, options: options);
        Assert.False(RunMarks.SupersedeUnlessCompleted(first.Path, null, false));
        Assert.False(RunMarks.CompleteUnlessSuperseded(first));
        Assert.Equal(RunStatus.Interrupted, first.Status);
        Assert.Equal(true, first.LoadParam("superseded", section: "Sweep"));

        var second = StorageManager.Create("Marks", new Dictionary<string, object?> { ["a"] = 2 }, options: options);
        Assert.True(RunMarks.CompleteUnlessSuperseded(second));
        Assert.True(RunMarks.SupersedeUnlessCompleted(second.Path, "Marks9", false));
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.False(second.HasParam("superseded", section: "Sweep"));
    }
}
