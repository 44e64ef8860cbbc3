using StorageTyped;

// The main job: a parameter sweep of a (stand-in) network simulation, run on every core through Sweep.RunAsync, then
// analysed with the typed group. Each point becomes a run folder under ./Data/StorageManager/QuickStart/ (or under
// the first Data folder above the current directory). Run it again: the points that are done are skipped.
var grid = NetworkParams.Grid(numberOfNeurons: [500, 1000, 2000], learningRate: [0.01, 0.1], seed: Enumerable.Range(0, 5));

Console.WriteLine($"Sweeping {grid.Count()} points (3 sizes × 2 learning rates × 5 seeds) on {Environment.ProcessorCount} cores …");
SweepResult<NetworkParams> result;
using (var bar = new TerminalProgressBar())
{
    result = await Sweep.RunAsync("QuickStart", grid, (NetworkParams p, StorageManager run, CancellationToken token) =>
    {
        var (score, curve) = Simulate(p, token);
        run.SaveParam(NetworkParams.Keys.Score, score);   // config.ini already holds p, [Provenance] and [Sweep]
        run.SaveNp("loss", curve);                         // loss.npy, for numpy
        return Task.CompletedTask;
    }, new SweepOptions { Progress = bar });
}
Console.WriteLine(result.Skipped.Count == result.Total
    ? $"All {result.Total} points were done already: skipped, nothing was run again (delete Data/StorageManager/QuickStart to start over)."
    : $"{result.Completed.Count} points run, {result.Skipped.Count} skipped (done before), {result.Failed.Count} failed, in {result.Elapsed.TotalSeconds:0.0} s.");

// The typed group: every run of the sweep, queried with LINQ over NetworkParams.
var smg = new StorageManagerGroup<NetworkParams>("QuickStart");
Console.WriteLine();
Console.WriteLine("smg.Where(p => p.NumberOfNeurons > 1000).OrderBy(p => p.Score):");
Console.WriteLine($"{"run",-14} {"number_of_neurons",17} {"lr",6} {"seed",4} {"score",8}");
foreach (Run<NetworkParams> run in smg.Where(p => p.NumberOfNeurons > 1000).OrderBy(p => p.Score))
{
    var p = run.Parameters;
    Console.WriteLine($"{run.Storage.FolderName,-14} {p.NumberOfNeurons,17} {p.LearningRate,6} {p.Seed,4} {p.Score,8:0.0000}");
}
Console.WriteLine();
Console.WriteLine("Every run, sorted and filtered from a terminal: runs list QuickStart --sort score --desc");
Console.WriteLine("(the runs tool; in this repository: dotnet run --project src/Storage.Cli -- list QuickStart). Status: runs sweep status QuickStart");
return result.ExitCode;

// Stand-in for a simulation: a weight learns log(number of neurons) from noisy steps; a larger learning rate
// learns faster but ends noisier. About 40 ms of work per point; the score is what it reached, minus its last error.
static (double Score, double[] Curve) Simulate(NetworkParams p, CancellationToken token)
{
    var random = new Random(p.Seed * 1_000_003 + p.NumberOfNeurons);
    double target = Math.Log(p.NumberOfNeurons), weight = 0, error = 0;
    const int Steps = 2_000_000, Samples = 100;
    var curve = new double[Samples];
    for (int step = 0; step < Steps; step++)
    {
        if (step % 100_000 == 0) token.ThrowIfCancellationRequested();
        double noise = random.NextDouble() - 0.5;
        weight += p.LearningRate * 1e-4 * (target - weight + 20 * noise);
        error = 0.999 * error + 0.001 * Math.Abs(target - weight);
        if (step % (Steps / Samples) == 0) curve[step / (Steps / Samples)] = error;
    }
    return (Math.Round(weight - error, 4), curve);
}

/// <summary>The parameters of one run: the grid varies the first three; Score is what the run reached.</summary>
[RunParameters]
public partial record NetworkParams
{
    public int NumberOfNeurons { get; init; } = 100;          // INI key number_of_neurons
    [IniKey("lr")] public double LearningRate { get; init; } = 0.01;
    public int Seed { get; init; }
    public double? Score { get; init; }                       // None until the run has it
}
