using System.Diagnostics;
using System.Text.Json;

namespace StorageTyped.Cli.Tests.Infrastructure;

/// <summary>
/// A data folder shared by the tests that only read it: group Net written by the library (with provenance in every
/// status) and group Py written by Debian's python3 with configparser and numpy, as PymoNNto writes runs.
/// </summary>
/// <remarks>
/// Net1..Net12: number_of_neurons (100, 200, 400 by i % 3), lr (0.1 for odd i, 0.01 for even), score (Net12 has
/// none), plastic (even i), label "net i", mixed (ints for i ≤ 6, strings after), ratio (ints for odd i, floats for
/// even). Net1–Net8 completed, Net9 and Net10 failed, Net11 recorded running by a process that is gone
/// (interrupted), Net12 running (this test process). Net1 has weights.npy (float64 3×4); Net2 a Fortran-order int32
/// array written by numpy.
/// </remarks>
public sealed class SweepData : IDisposable
{
    public const string PythonScript = """
import sys, os, json, time, configparser
import numpy as np
data = sys.argv[1]
main = os.path.join(data, 'StorageManager', 'Py')
os.makedirs(main, exist_ok=True)
def run(name, params):
    path = os.path.join(main, name)
    os.mkdir(path)
    config = configparser.ConfigParser()
    config.add_section('Parameters')
    config.set('Parameters', 'time', str(time.time()))
    for key, value in params.items():
        config.set('Parameters', key, str(value).replace('%', 'percent'))
    with open(os.path.join(path, 'config.ini'), 'w') as f:
        config.write(f)
    return path
run('Py', {'number_of_neurons': 900, 'score': 0.25, 'Plastic': True, 'label': 'net a', 'delays': [1, 2, 3]})
run('Py_0', {'number_of_neurons': 1200, 'score': np.float64(0.75), 'Plastic': False, 'label': '50% done', 'delays': (4, 5)})
p = run('Py1234', {'number_of_neurons': 5000, 'score': 0.5, 'Plastic': True, 'label': 'x', 'delays': np.array([1, 2])})
np.save(os.path.join(p, 'rates.npy'), np.asfortranarray(np.arange(6, dtype='>f4').reshape(2, 3)))
run('Py7', {'number_of_neurons': 10, 'label': 'unfinished'})
f = os.path.join(data, 'StorageManager', 'Net', 'Net2', 'spikes.npy')
np.save(f, np.asfortranarray(np.arange(24, dtype=np.int32).reshape(4, 6)))
print(json.dumps({'spikes': list(np.load(f).shape)}))
""";

    private readonly TempFolder _temp = new();

    public SweepData()
    {
        for (int i = 1; i <= 12; i++)
        {
            var sm = new StorageManager("Net", options: _temp.Options with { RunNumber = i, AddNewWhenExists = false });
            var parameters = new Dictionary<string, object?>
            {
                ["number_of_neurons"] = new[] { 100, 200, 400 }[i % 3],
                ["lr"] = i % 2 == 1 ? 0.1 : 0.01,
                ["plastic"] = i % 2 == 0,
                ["label"] = $"net {i}",
                ["mixed"] = i <= 6 ? i : $"x{i}",
                ["ratio"] = i % 2 == 1 ? (object)i : i + 0.5,
            };
            if (i != 12) parameters["score"] = new[] { 100, 200, 400 }[i % 3] / 400.0 + i * 0.01;
            sm.SaveParamDict(parameters);
            if (i == 1) sm.SaveNp("weights", new double[3, 4]);
            if (i <= 8) sm.Complete();
            else if (i <= 10) sm.Fail(new InvalidOperationException("diverged"));
            else if (i == 11) MarkRunningByAGoneProcess(sm);
        }
        var numpy = ExternalTool.RunPython(PythonScript, _temp.DataFolder);
        using var shapes = JsonDocument.Parse(numpy);
        SpikesShape = shapes.RootElement.GetProperty("spikes").EnumerateArray().Select(d => d.GetInt64()).ToArray();
    }

    /// <summary>The folder that holds Data.</summary>
    public string Root => _temp.Root;

    /// <summary>The Data folder.</summary>
    public string DataFolder => _temp.DataFolder;

    /// <summary>Options pointing at the Data folder.</summary>
    public StorageOptions Options => _temp.Options;

    /// <summary>Net2/spikes.npy's shape as numpy reads it.</summary>
    public long[] SpikesShape { get; }

    /// <summary>The path of a run.</summary>
    public string Run(string group, string run) => Path.Combine(_temp.MainFolder(group), run);

    /// <summary>Runs the tool in the project folder (so Data is found as a user's shell would find it).</summary>
    public ProcessResult Tool(params string[] arguments) => RunsTool.RunIn(Root, arguments);

    public void Dispose() => _temp.Dispose();

    /// <summary>What a SIGKILL leaves: status running, with the id and start time of a process that has ended, on this host.</summary>
    private static void MarkRunningByAGoneProcess(StorageManager sm)
    {
        using var gone = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        double started = (gone.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
        gone.Kill(); // SIGKILL: no chance to record anything
        gone.WaitForExit();
        sm.SaveParam("pid", gone.Id, StorageManager.ProvenanceSection);
        sm.SaveParam("process_start_unix", started, StorageManager.ProvenanceSection);
    }
}

[CollectionDefinition(Name)]
public sealed class SweepCollection : ICollectionFixture<SweepData>
{
    public const string Name = "sweep";
}
