using StorageTyped;
using TypedAot;

// Writes a small sweep with a [RunParameters] record, reads every run back typed and checks the round trip.
// Published with PublishAot=true this runs as a native program: the generated code uses no reflection.
string dataFolder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "storagetyped-aot-sample", "Data");
var options = new StorageOptions { DataFolder = dataFolder };
int failures = 0;
var written = new List<(string Path, SweepParams Parameters)>();
foreach (int size in new[] { 100, 200 })
{
    foreach (Optimizer optimizer in Enum.GetValues<Optimizer>())
    {
        var parameters = new SweepParams
        {
            NumberOfNeurons = size,
            Optimizer = optimizer,
            Rates = [0.1, 1e-05],
            Started = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            Score = size == 100 ? null : 0.75,
        };
        var sm = new StorageManager("TypedAot", options: options);
        sm.SaveParams(parameters);
        written.Add((sm.Path, parameters));
    }
}

foreach (var (path, expected) in written)
{
    var loaded = StorageManager.Open(path).LoadParams<SweepParams>();
    bool same = loaded.NumberOfNeurons == expected.NumberOfNeurons && loaded.Optimizer == expected.Optimizer
        && loaded.Rates.SequenceEqual(expected.Rates) && loaded.Started == expected.Started && loaded.Score == expected.Score
        && loaded.Label == "default label";
    if (!same) failures++;
    Console.WriteLine($"{(same ? "ok  " : "FAIL")} {Path.GetFileName(path)}: {SweepParams.Keys.NumberOfNeurons}={loaded.NumberOfNeurons} "
        + $"{SweepParams.Keys.Optimizer}={loaded.Optimizer} score={loaded.Score?.ToString() ?? "None"} rates=[{string.Join(", ", loaded.Rates)}]");
}

try
{
    var broken = new StorageManager("TypedAot", options: options);
    broken.SaveParam(SweepParams.Keys.NumberOfNeurons, "many");
    broken.LoadParams<SweepParams>();
    Console.WriteLine("FAIL a bad value loaded without an error");
    failures++;
}
catch (FormatException e)
{
    Console.WriteLine("ok   bad value: " + e.Message);
}

Console.WriteLine(failures == 0 ? $"{written.Count} runs written and read back typed" : $"{failures} failures");
return failures == 0 ? 0 : 1;

namespace TypedAot
{
    public enum Optimizer { Sgd, Adam }

    [RunParameters]
    public partial record SweepParams
    {
        public int NumberOfNeurons { get; init; } = 100;
        public Optimizer Optimizer { get; init; }
        public double[] Rates { get; init; } = [];
        public DateTime Started { get; init; }
        public double? Score { get; init; }
        public string Label { get; init; } = "default label";
    }
}
