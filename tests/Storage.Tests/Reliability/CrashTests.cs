using System.Diagnostics;

using Xunit.Abstractions;

namespace StorageTyped.Tests.Reliability;

/// <summary>
/// A child process saving parameters, objects, text and arrays is killed with SIGKILL at random points, 200 times: every
/// file still parses, everything a returned call wrote is there, and no temporary file is visible.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ITestOutputHelper _output;

    public CrashTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _temp.Dispose();

    public sealed record CrashState(int Step, double[] Values);

    [Fact]
    public void Two_hundred_kills_lose_nothing_that_was_acknowledged()
    {
        int kills = int.TryParse(Environment.GetEnvironmentVariable("STORAGETYPED_CRASH_KILLS"), out int configured) && configured > 0 ? configured : 200;
        var random = new Random(20261124);
        var runs = Enumerable.Range(0, 2).Select(_ => new StorageManager("Crash", options: _temp.Options with { RecordProvenance = false })).ToArray();
        // Most kills land 0–150 ms after the worker's first acknowledged write (mid-loop); one in ten at start-up.
        var delays = Enumerable.Range(0, kills).Select(_ => random.Next(10) == 0 ? -1 : random.Next(0, 150)).ToArray();
        int killed = 0, killedWhileWriting = 0;
        // Two lanes, one run each, so that both cores work.
        Parallel.For(0, 2, lane =>
        {
            for (int k = lane; k < kills; k += 2)
            {
                if (KillOnce(runs[lane], delays[k])) Interlocked.Increment(ref killedWhileWriting);
                Interlocked.Increment(ref killed);
            }
        });
        Assert.Equal(kills, killed);
        _output.WriteLine($"{kills} SIGKILLs, {killedWhileWriting} of them after writes had been acknowledged; every file parsed and every acknowledged write was found.");
        Assert.True(killedWhileWriting > kills * 3 / 4, $"only {killedWhileWriting} of {kills} kills hit a worker that had started writing");
    }

    /// <summary>Kills one worker (at start-up when the delay is negative); true when it had acknowledged a write.</summary>
    private static bool KillOnce(StorageManager run, int delayMilliseconds)
    {
        var acknowledged = new Dictionary<string, int>();
        using var firstWrite = new ManualResetEventSlim();
        using var worker = ExternalTool.StartWorker(new[] { "crash-loop", run.Path });
        var reader = Task.Run(() =>
        {
            string? line;
            while ((line = worker.StandardOutput.ReadLine()) is not null)
            {
                string[] parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "ack") lock (acknowledged) acknowledged[parts[1]] = int.Parse(parts[2]);
                firstWrite.Set();
            }
            firstWrite.Set();
        });
        if (delayMilliseconds >= 0)
        {
            Assert.True(firstWrite.Wait(TimeSpan.FromMinutes(2)), "the worker wrote nothing in 2 minutes");
            Thread.Sleep(delayMilliseconds);
        }
        worker.Kill(); // SIGKILL on Unix
        worker.WaitForExit();
        reader.Wait();

        // Every file parses, whatever the moment of the kill.
        int next = run.LoadParam<int>("next", defaultValue: 0);
        if (acknowledged.TryGetValue("param", out int lastParam))
        {
            Assert.True(next >= lastParam + 1, $"parameter {lastParam} was acknowledged but next = {next}");
            for (int i = Math.Max(0, lastParam - 5); i <= lastParam; i++) Assert.Equal(i, run.LoadParam<int>("k" + i));
        }
        if (run.HasObj("state"))
        {
            var state = run.LoadObj<CrashState>("state");
            Assert.Equal(state.Step % 500, state.Values.Length);
            if (acknowledged.TryGetValue("obj", out int lastObject)) Assert.True(state.Step >= lastObject, $"object {lastObject} acknowledged, {state.Step} found");
        }
        if (acknowledged.TryGetValue("str", out int lastText))
        {
            string text = run.LoadStr("log");
            int step = int.Parse(text[5..text.IndexOf('\n')]);
            Assert.True(step >= lastText);
            Assert.Equal(step % 2000, text.Length - text.IndexOf('\n') - 1);
        }
        if (acknowledged.TryGetValue("npy", out int lastArray))
        {
            double[] weights = run.LoadNp<double>("weights");
            Assert.Equal(1 + (int)weights[0] % 4000, weights.Length);
            Assert.True((int)weights[0] >= lastArray, $"array {lastArray} acknowledged, {weights[0]} found");
            Assert.All(weights, w => Assert.Equal(weights[0], w));
        }
        // Temporary files are hidden: nothing half-written is visible under a name a reader looks at.
        foreach (string file in Directory.GetFiles(run.Path))
        {
            string name = Path.GetFileName(file);
            Assert.True(name.StartsWith('.') || name is "config.ini" or "state.msgpack" or "log.txt" or "weights.npy", $"unexpected visible file {name}");
        }
        return acknowledged.Count > 0;
    }
}
