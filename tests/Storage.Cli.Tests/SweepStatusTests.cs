using System.Text.Json;

namespace StorageTyped.Cli.Tests;

/// <summary>runs sweep status: a sweep's points by state, hosts and durations, from what its runs say.</summary>
public sealed class SweepStatusTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static IReadOnlyDictionary<string, object?> Point(int i) => new Dictionary<string, object?> { ["index"] = i, ["rate"] = 0.1 * i };

    /// <summary>9 points in 10 runs: 5 completed (one at its second attempt), 2 failed, 1 interrupted, 1 running now (its body waits for <paramref name="release"/>).</summary>
    private async Task<Task> MakeSweep(SemaphoreSlim release)
    {
        var options = new SweepOptions { Storage = _temp.Options, MaxParallelism = 2 };
        await Sweep.RunAsync("Net", Enumerable.Range(0, 7).Select(Point), async (p, run, token) =>
        {
            int index = (int)p["index"]!;
            await Task.Delay(10, token);
            if (index is 2 or 5 || (index == 0 && run.LoadParam<int>("attempt", 1, "Sweep") == 1)) throw new ArithmeticException($"diverged at point {index}");
        }, options with { Retries = 0 });
        await Sweep.RunAsync("Net", [Point(0)], (p, run, token) => Task.CompletedTask, options); // point 0 completes at its 2nd attempt
        using var cancel = new CancellationTokenSource();
        await Sweep.RunAsync("Net", [Point(8), Point(7)], async (p, run, token) =>
        {
            if ((int)p["index"]! == 8)
            {
                cancel.Cancel();
                await Task.Delay(Timeout.Infinite, token);
            }
        }, options with { MaxParallelism = 1 }, cancel.Token);
        var running = Sweep.RunAsync("Net", [Point(9)], async (p, run, token) => await release.WaitAsync(token), options);
        while (new StorageManagerGroup("Net", options: _temp.Options).Count < 10) await Task.Delay(20);
        return running;
    }

    [Fact]
    public async Task The_summary_counts_points_by_state_and_lists_hosts_durations_and_failures()
    {
        using var release = new SemaphoreSlim(0);
        var running = await MakeSweep(release);
        var result = RunsTool.RunIn(_temp.Root, "sweep", "status", "Net");
        release.Release();
        await running;

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Output.Split('\n');
        int Count(string state) => int.Parse(lines.First(l => l.Contains("│ " + state)).Split('│', StringSplitOptions.TrimEntries)[2]);
        Assert.Equal(5, Count("completed")); // 0, 1, 3, 4, 6 (7 never started: its sweep was cancelled first)
        Assert.Equal(1, Count("running"));
        Assert.Equal(2, Count("failed"));
        Assert.Equal(1, Count("interrupted"));
        Assert.Contains("Sweep Net: 9 points in 10 runs (1 earlier attempt)", result.Output);
        Assert.Contains(Environment.MachineName, result.Output);
        Assert.Contains("Completed runs took", result.Output);
        Assert.Contains("System.ArithmeticException: diverged at point 2", result.Output);
        Assert.Contains("System.ArithmeticException: diverged at point 5", result.Output);
        Assert.Contains("2 failed points", result.Output);
    }

    [Fact]
    public async Task Json_lists_every_point_with_its_state_run_host_duration_and_error()
    {
        using var release = new SemaphoreSlim(0);
        var running = await MakeSweep(release);
        var result = RunsTool.RunIn(_temp.Root, "sweep", "status", "Net", "--format", "json");
        release.Release();
        await running;

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(9, rows.Count);
        var expected = Sweep.GetStatus("Net", Enumerable.Range(0, 10).Select(Point), _temp.Options).Where(s => s.State != PointState.Pending).ToList();
        Assert.Equal(expected.Select(s => s.PointId).Order(), rows.Select(r => r.GetProperty("point").GetString()).Order());
        foreach (var row in rows)
        {
            var status = expected.Single(s => s.PointId == row.GetProperty("point").GetString());
            // The tool ran while point 9's body waited: running then, completed now.
            string state = status.Path!.EndsWith("Net10", StringComparison.Ordinal) ? "running" : status.State.ToString().ToLowerInvariant();
            Assert.Equal(state, row.GetProperty("state").GetString());
            Assert.Equal(Path.GetFileName(status.Path), row.GetProperty("run").GetString());
            Assert.Equal(Environment.MachineName, row.GetProperty("host").GetString());
            if (state == "completed") Assert.True(row.GetProperty("duration_s").GetDouble() >= 0);
            if (state == "failed") Assert.StartsWith("System.ArithmeticException: diverged", row.GetProperty("error").GetString());
        }
    }

    [Fact]
    public void A_group_without_sweep_runs_says_so()
    {
        new StorageManager("Plain", options: _temp.Options).SaveParam("a", 1);
        var result = RunsTool.RunIn(_temp.Root, "sweep", "status", "Plain");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no sweep points", result.Error);
        Assert.Equal(4, RunsTool.RunIn(_temp.Root, "sweep", "status", "Missing").ExitCode);
    }
}
