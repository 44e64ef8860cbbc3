using System.Globalization;
using System.Text;

namespace StorageTyped.Report.Tests.Infrastructure;

[RunParameters]
public partial record SweepParams
{
    public int NumberOfNeurons { get; init; }
    [IniKey("lr")] public double LearningRate { get; init; }
    public int Seed { get; init; }
    public double? Score { get; init; }
}

/// <summary>Sweeps for the report's tests, written through the library (with [Provenance]) or as bare config.ini files.</summary>
public static class SampleSweeps
{
    /// <summary>
    /// 3 sizes × 2 learning rates × 4 seeds with a loss curve each and a rate curve (shorter for seed 0); seed 3 of (2000, 0.1) is missing, one run has no
    /// score (None) and one scored NaN, two runs failed; a video in Sweep1.
    /// </summary>
    public static void WriteReplicated(StorageOptions options, string main = "Sweep")
    {
        var random = new Random(42);
        foreach (int neurons in new[] { 500, 1000, 2000 })
        foreach (double lr in new[] { 0.01, 0.1 })
        for (int seed = 0; seed < 4; seed++)
        {
            if (neurons == 2000 && lr == 0.1 && seed == 3) continue;
            double? score = Math.Round(Math.Log10(neurons) / 4 - lr + 0.03 * random.NextDouble(), 4);
            if (neurons == 1000 && lr == 0.01 && seed == 2) score = null;
            if (neurons == 500 && lr == 0.1 && seed == 1) score = double.NaN;
            var run = StorageManager.Create(main, new SweepParams { NumberOfNeurons = neurons, LearningRate = lr, Seed = seed, Score = score }, options: options);
            var loss = new double[120];
            for (int i = 0; i < loss.Length; i++) loss[i] = Math.Exp(-i / (10.0 + neurons / 100.0)) + 0.05 * random.NextDouble();
            run.SaveNp("loss", loss);
            run.SaveNp("rate", Enumerable.Range(0, seed == 0 ? 30 : 40).Select(i => Math.Sin(i / 5.0) + seed).ToArray()); // ragged: seed 0 stopped early
            if (seed == 1 && lr == 0.01 && neurons != 1000) run.Fail(new InvalidOperationException("diverged"));
            else run.Complete();
        }
        File.WriteAllBytes(Path.Combine(options.DataFolder!, "StorageManager", main, main + "1", "activity.mp4"), [0, 0, 0, 24]);
    }

    /// <summary>
    /// <paramref name="runs"/> runs written as bare config.ini files (as PymoNNto's configparser writes them, without
    /// [Provenance]): 10 sizes × 10 learning rates × seeds, and a score. Fast: one small file per run.
    /// </summary>
    public static void WriteBare(string dataFolder, string main, int runs)
    {
        string folder = Path.Combine(dataFolder, "StorageManager", main);
        Parallel.For(0, runs, i =>
        {
            int neurons = 100 * (1 + i % 10);
            double lr = 0.001 * (1 + i / 10 % 10);
            int seed = i / 100;
            double score = Math.Log10(neurons) / 4 - lr + 0.05 * new Random(i).NextDouble();
            var text = new StringBuilder();
            text.Append("[Parameters]\ntime = 1795530005.0\n")
                .Append(CultureInfo.InvariantCulture, $"number_of_neurons = {neurons}\nlr = {ParameterText.Format(lr)}\nseed = {seed}\nscore = {ParameterText.Format(score)}\n\n");
            string run = Path.Combine(folder, main + (i + 1).ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(run);
            File.WriteAllText(Path.Combine(run, "config.ini"), text.ToString());
        });
    }
}
