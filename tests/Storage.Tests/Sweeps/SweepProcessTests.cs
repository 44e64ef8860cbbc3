using System.Diagnostics;
using System.Globalization;
using StorageTyped.Runs;
using StorageTyped.Sweeps;
using Xunit.Abstractions;
using static StorageTyped.Tests.Sweeps.SweepTestRuns;

namespace StorageTyped.Tests.Sweeps;

/// <summary>
/// Real processes (tests/Storage.TestWorker's sweep command) running one sweep at once, and killed with SIGKILL: every
/// point ends completed exactly once, and a dead process's claims are taken over.
/// </summary>
public sealed class SweepProcessTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ITestOutputHelper _output;

    public SweepProcessTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _temp.Dispose();

    /// <summary>A sweep worker process and the progress it printed.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Task _reader;
        private int _completed = -1;

        public Worker(IEnumerable<string> arguments)
        {
            Process = ExternalTool.StartWorker(arguments);
            _reader = Task.Run(() =>
            {
                string? line;
                while ((line = Process.StandardOutput.ReadLine()) is not null)
                {
                    string[] parts = line.Split(' ');
                    if (parts[0] == "progress") Volatile.Write(ref _completed, int.Parse(parts[1], CultureInfo.InvariantCulture));
                    else if (parts[0] == "result") Result = line;
                }
            });
            Error = Process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        public Task<string> Error { get; }

        /// <summary>Points completed by this process so far; -1 before its sweep reported.</summary>
        public int Completed => Volatile.Read(ref _completed);

        public string? Result { get; private set; }

        public void Kill()
        {
            Process.Kill(); // SIGKILL
            Process.WaitForExit();
            _reader.Wait();
        }

        public int WaitForExit()
        {
            Assert.True(Process.WaitForExit(TimeSpan.FromMinutes(4)), "the sweep worker did not finish in 4 minutes");
            Process.WaitForExit();
            _reader.Wait();
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill();
            Process.Dispose();
        }
    }

    private Worker StartSweep(string main, int points, int bodyMilliseconds, params string[] more) =>
        new(new[] { "sweep", _temp.DataFolder, main, points.ToString(CultureInfo.InvariantCulture), bodyMilliseconds.ToString(CultureInfo.InvariantCulture), "--parallel", "2" }.Concat(more));

    [Fact]
    public void Three_processes_share_a_300_point_sweep_and_one_killed_halfway_loses_no_point()
    {
        const int Points = 300;
        using var victim = StartSweep("Three", Points, 200);
        using var second = StartSweep("Three", Points, 30);
        using var third = StartSweep("Three", Points, 30);
        var workers = new[] { victim, second, third };

        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (workers.Sum(w => Math.Max(0, w.Completed)) < Points / 2 || victim.Completed < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweep did not get halfway in 3 minutes");
            Thread.Sleep(10);
        }
        victim.Kill();
        int doneAtKill = workers.Sum(w => Math.Max(0, w.Completed));
        Assert.Equal(0, second.WaitForExit());
        Assert.Equal(0, third.WaitForExit());
        _output.WriteLine($"killed at {doneAtKill} points done; victim {victim.Completed}, others: {second.Result} | {third.Result}");

        AssertEachPointCompletedOnce("Three", _temp.Options, Points);
        // Every claim the killed process left unfinished was taken over by a generation of a survivor.
        string claims = Path.Combine(LibraryFolder.For(_temp.MainFolder("Three")), "claims");
        var left = Directory.GetFiles(claims)
            .Select(path => (Path: path, Record: ClaimRecord.Parse(File.ReadAllBytes(path))))
            .Where(c => c.Record.ProcessId == victim.Process.Id && c.Record.Final is null)
            .ToList();
        Assert.NotEmpty(left);
        foreach (var (path, _) in left)
        {
            string id = Path.GetFileNameWithoutExtension(path);
            int generation = int.Parse(Path.GetExtension(path)[1..], CultureInfo.InvariantCulture);
            var next = ClaimRecord.Parse(File.ReadAllBytes(Path.Combine(claims, $"{id}.{generation + 1}")));
            Assert.NotEqual(victim.Process.Id, next.ProcessId);
            Assert.Equal(PointState.Completed, next.Final);
        }
        // The runs the killed process left are marked interrupted and superseded, each made under one of its unfinished
        // claims. A claim may have no such run: the kill came between the claim and the run's creation, or after the
        // run completed and before the claim said so (then the survivor's claim names that completed run).
        var runsOfVictim = new StorageManagerGroup("Three", options: _temp.Options).StorageManagerList
            .Where(run => run.LoadParamText("pid", "Provenance") == victim.Process.Id.ToString(CultureInfo.InvariantCulture) && run.Status != RunStatus.Completed)
            .ToList();
        Assert.All(runsOfVictim, run => Assert.Equal(true, run.LoadParam("superseded", section: "Sweep")));
        Assert.All(runsOfVictim, run => Assert.Equal(RunStatus.Interrupted, run.Status));
        var leftPoints = left.Select(c => Path.GetFileNameWithoutExtension(c.Path)).ToList();
        Assert.Equal(runsOfVictim.Count, runsOfVictim.Select(run => run.LoadParamText("point", "Sweep")).Distinct().Count());
        Assert.All(runsOfVictim, run => Assert.Contains(run.LoadParamText("point", "Sweep"), leftPoints));
        foreach (var (_, record) in left.Where(c => c.Record.Run is not null))
        {
            var named = StorageManager.Open(Path.Combine(_temp.MainFolder("Three"), record.Run!));
            Assert.True(named.Status == RunStatus.Completed || runsOfVictim.Any(run => run.Path == named.Path), $"{record.Run} is {named.Status}");
        }
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void A_signal_stops_the_sweep_marks_the_stopped_runs_interrupted_and_a_rerun_finishes(string signal)
    {
        const int Points = 40;
        string main = "Signal" + signal;
        using (var worker = StartSweep(main, Points, 2000))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (Directory.Exists(_temp.MainFolder(main)) ? Directory.GetDirectories(_temp.MainFolder(main)).Count(d => !Path.GetFileName(d).StartsWith('.')) < 2 : true)
            {
                Assert.True(DateTime.UtcNow < deadline && !worker.Process.HasExited, "the sweep did not start two points");
                Thread.Sleep(10);
            }
            ExternalTool.Run("kill", ["-" + signal, worker.Process.Id.ToString(CultureInfo.InvariantCulture)], null, null);
            Assert.Equal(130, worker.WaitForExit());
            Assert.Matches("^result completed=0 skipped=0 failed=0 interrupted=2 cancelled=True$", worker.Result);
        }
        var group = new StorageManagerGroup(main, options: _temp.Options);
        Assert.Equal(2, group.Count);
        Assert.All(group.StorageManagerList, run => Assert.Equal(RunStatus.Interrupted, run.Status));
        Assert.All(group.StorageManagerList, run => Assert.Equal("Cancelled", run.LoadParamText("error_type", "Provenance")));
        // Every claim ended: another process need not wait for the stopped points.
        string claims = Path.Combine(LibraryFolder.For(_temp.MainFolder(main)), "claims");
        Assert.All(Directory.GetFiles(claims), path => Assert.Equal(PointState.Interrupted, ClaimRecord.Parse(File.ReadAllBytes(path)).Final));

        using var rerun = StartSweep(main, Points, 1);
        Assert.Equal(0, rerun.WaitForExit());
        AssertEachPointCompletedOnce(main, _temp.Options, Points);
    }

    [Fact]
    public void Twenty_kills_at_random_moments_each_followed_by_a_rerun_complete_every_point_once()
    {
        int kills = int.TryParse(Environment.GetEnvironmentVariable("STORAGETYPED_SWEEP_KILLS"), out int configured) && configured > 0 ? configured : 20;
        int points = Math.Max(200, kills * 10); // enough work left for every kill to land on a running sweep
        int killedWhileRunning = 0, killed = 0;
        // Two lanes, one sweep each, so that both cores work: kills 0, 2, 4 … hit lane 0's sweep, 1, 3, 5 … lane 1's.
        Parallel.For(0, 2, lane =>
        {
            string main = "Crash" + lane;
            var random = new Random(20261201 + lane);
            for (int k = lane; k < kills; k += 2)
            {
                using var worker = StartSweep(main, points, 20);
                bool whileRunning = random.Next(5) > 0;
                if (whileRunning)
                {
                    // Most kills land while points run: 0–150 ms after the sweep's first report.
                    var deadline = DateTime.UtcNow.AddMinutes(2);
                    while (worker.Completed < 0 && !worker.Process.HasExited)
                    {
                        Assert.True(DateTime.UtcNow < deadline, "the worker did not start its sweep in 2 minutes");
                        Thread.Sleep(2);
                    }
                    Thread.Sleep(random.Next(0, 150));
                }
                else
                {
                    Thread.Sleep(random.Next(0, 300)); // at start-up
                }
                if (worker.Process.HasExited)
                {
                    Assert.True(worker.Process.ExitCode == 0, worker.Error.Result);
                    break; // it finished every point before the kill: nothing is left to crash
                }
                worker.Kill();
                Interlocked.Increment(ref killed);
                if (whileRunning) Interlocked.Increment(ref killedWhileRunning);
                AssertNoPointCompletedTwice(main, _temp.Options);
            }
            using var last = StartSweep(main, points, 20);
            Assert.Equal(0, last.WaitForExit());
            _output.WriteLine($"lane {lane}: last run {last.Result}");
            AssertEachPointCompletedOnce(main, _temp.Options, points);
        });
        _output.WriteLine($"{killed} kills, {killedWhileRunning} of them while points ran");
        Assert.Equal(kills, killed);
        Assert.True(killedWhileRunning >= kills / 2, $"only {killedWhileRunning} of {kills} kills hit a running sweep");
    }
}
