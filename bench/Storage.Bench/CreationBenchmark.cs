using System.Diagnostics;
using System.Globalization;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 2's figure: creating N runs, each with 8 parameters through SaveParamDict, enumerated and random; the
/// cost of the first and the last 1,000 runs; optionally PymoNNto's algorithm in Python on the same machine.
/// </summary>
internal static class CreationBenchmark
{
    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int runs = options.Int("runs", 10_000);
        int repeats = options.Int("repeats", 3);
        Console.WriteLine($"Creating {runs:N0} runs with 8 parameters each, median of {repeats} repeats ({Environment.ProcessorCount} cores, {Environment.OSVersion}).");
        Console.WriteLine();
        Console.WriteLine("| mode | total (s) | runs/s | first 1,000 (ms) | last 1,000 (ms) | last/first |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var totals = new Dictionary<string, double>();
        foreach (bool random in new[] { false, true })
        {
            var results = Enumerable.Range(0, repeats).Select(_ => Measure(runs, random)).ToList();
            double total = Stats.Median(results.Select(r => r.Total));
            double first = Stats.Median(results.Select(r => r.First));
            double last = Stats.Median(results.Select(r => r.Last));
            string mode = random ? "random" : "enumerated";
            totals[mode] = total;
            Console.WriteLine($"| StorageTyped {mode} | {total:F2} | {runs / total:N0} | {first * 1000:F0} | {last * 1000:F0} | {last / first:F2} |");
        }

        if (options.Flag("python"))
        {
            foreach (string mode in new[] { "random", "enumerated" })
            {
                double seconds = RunPythonBaseline(runs, mode);
                Console.WriteLine($"| PymoNNto's algorithm (Python) {mode} | {seconds:F2} | {runs / seconds:N0} | | | |");
                Console.WriteLine($"|   ratio PymoNNto / StorageTyped ({mode}) | {seconds / totals[mode]:F1}× | | | | |");
            }
        }
    }

    private static (double Total, double First, double Last) Measure(int runs, bool random)
    {
        using var scratch = new Scratch("creation");
        var storageOptions = new StorageOptions { DataFolder = scratch.DataFolder };
        var perRun = new double[runs];
        var clock = new Stopwatch();
        long startAll = Stopwatch.GetTimestamp();
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            var sm = new StorageManager("Bench", randomNr: random, options: storageOptions);
            sm.SaveParamDict(new Dictionary<string, object?>
            {
                ["number_of_neurons"] = 100 + i % 900,
                ["learning_rate"] = 0.001 * (1 + i % 7),
                ["score"] = i * 0.001,
                ["seed"] = i,
                ["connectivity"] = 0.1,
                ["plastic"] = i % 2 == 0,
                ["label"] = "net" + (i % 13),
                ["delays"] = new[] { 1, 2, 3 },
            });
            perRun[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        double total = Stopwatch.GetElapsedTime(startAll).TotalSeconds;
        int window = Math.Min(1000, runs);
        return (total, perRun.Take(window).Sum(), perRun.Skip(runs - window).Sum());
    }

    private static double RunPythonBaseline(int runs, string mode)
    {
        using var scratch = new Scratch("creation-python");
        string script = Path.Combine(AppContext.BaseDirectory, "baseline", "pymonnto_creation.py");
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = scratch.Root };
        foreach (string a in new[] { script, scratch.DataFolder, runs.ToString(CultureInfo.InvariantCulture), mode }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("the Python baseline failed: " + output);
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
