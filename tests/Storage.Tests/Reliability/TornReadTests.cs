using System.Diagnostics;
using StorageTyped.Parameters;
using Xunit.Abstractions;

namespace StorageTyped.Tests.Reliability;

/// <summary>
/// Readers of config.ini, .npy and .msgpack files while another process rewrites them with contents of changing
/// size: every read is whole. 40,000 reads of each kind (120,000 in all); STORAGETYPED_TORN_READS sets the count
/// per kind for the long job.
/// </summary>
public sealed class TornReadTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ITestOutputHelper _output;

    public TornReadTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _temp.Dispose();

    private static int ReadsPerKind =>
        int.TryParse(Environment.GetEnvironmentVariable("STORAGETYPED_TORN_READS"), out int reads) && reads > 0 ? reads : 40_000;

    public sealed record CrashState(int Step, double[] Values);

    [Fact]
    public void Config_reads_are_whole_while_another_process_rewrites_it()
    {
        var sm = new StorageManager("TornIni", options: _temp.Options);
        sm.SaveParamDict(new Dictionary<string, object?> { ["iteration"] = -1, ["payload"] = "", ["check"] = 0 });
        string config = Path.Combine(sm.Path, "config.ini");
        ReadWhileRewritten(sm, "rewrite-config", "config.ini", () =>
        {
            var document = IniReader.Parse(File.ReadAllText(config), config);
            string? payload = document.Get("Parameters", "payload");
            string? check = document.Get("Parameters", "check");
            Assert.True(payload is not null && check is not null && document.Get("Parameters", "time") is not null, "partial config.ini");
            Assert.Equal(int.Parse(check!), payload!.Length);
        });
    }

    [Fact]
    public void Array_reads_are_whole_while_another_process_rewrites_it()
    {
        var sm = new StorageManager("TornNpy", options: _temp.Options);
        sm.SaveNp("arr", new double[] { 1 });
        ReadWhileRewritten(sm, "rewrite-array", "arr.npy", () =>
        {
            double[] values = sm.LoadNp<double>("arr");
            Assert.Equal(values.Length, (int)values[0]);
        });
    }

    [Fact]
    public void Object_reads_are_whole_while_another_process_rewrites_it()
    {
        var sm = new StorageManager("TornObj", options: _temp.Options);
        sm.SaveObj("state", new CrashState(0, Array.Empty<double>()));
        ReadWhileRewritten(sm, "rewrite-object", "state.msgpack", () =>
        {
            var state = sm.LoadObj<CrashState>("state");
            Assert.Equal(state.Step, state.Values.Length);
        });
    }

    /// <summary>Reads until the target count while a worker rewrites; the worker is killed afterwards.</summary>
    private void ReadWhileRewritten(StorageManager sm, string command, string file, Action readOnce)
    {
        using var writer = ExternalTool.StartWorker(new[] { command, sm.Path, "1000000000" });
        string path = Path.Combine(sm.Path, file);
        var original = File.GetLastWriteTimeUtc(path);
        var clock = Stopwatch.StartNew();
        while (File.GetLastWriteTimeUtc(path) == original)
        {
            if (writer.HasExited) Assert.Fail("the writer stopped: " + writer.StandardError.ReadToEnd());
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the writer never wrote");
            Thread.Sleep(5);
        }
        int target = ReadsPerKind;
        for (int reads = 0; reads < target; reads++)
        {
            readOnce();
            if (writer.HasExited) Assert.Fail("the writer stopped before the reads were done: " + writer.StandardError.ReadToEnd());
        }
        writer.Kill();
        writer.WaitForExit();
        _output.WriteLine($"{target:N0} whole reads of {file} in {clock.Elapsed.TotalSeconds:F1} s while another process rewrote it; 0 partial.");
    }
}
