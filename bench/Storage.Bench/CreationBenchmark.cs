using System.Diagnostics;
using System.Globalization;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 2's figure: creating N runs, each with 8 parameters through SaveParamDict, enumerated and random; the
/// cost of the first and the last 1,000 runs; the floor (a bare mkdir and one file per run) and PymoNNto's
/// algorithm in Python, on the same disk in the same run. --tmpfs repeats everything on /dev/shm.
/// </summary>
internal static class CreationBenchmark
{
    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int runs = options.Int("runs", 10_000);
        int repeats = options.Int("repeats", 3);
        var roots = new List<(string Name, string Path)> { ("disk ($TMPDIR)", Path.GetTempPath()) };
        if (options.Flag("tmpfs")) roots.Add(("tmpfs (/dev/shm)", "/dev/shm"));
        Console.WriteLine($"Creating {runs:N0} runs with 8 parameters each; medians of {repeats} repeats; {Environment.ProcessorCount} cores; {DateTime.Now:yyyy-MM-dd HH:mm}.");
        foreach (var (name, root) in roots)
        {
            Console.WriteLine();
            Console.WriteLine($"### {name}");
            Console.WriteLine();
            Console.WriteLine("| what | total (s) | µs per run | first 1,000 (ms) | last 1,000 (ms) | last/first |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            var totals = new Dictionary<string, double>();
            // Then what the provenance costs: the same runs without [Provenance] and without Complete() (two config.ini
            // writes per run instead of three), as PymoNNto's own runs are.
            foreach (bool recordProvenance in new[] { true, false })
            {
                foreach (string mode in new[] { "enumerated", "random" })
                {
                    var results = Enumerable.Range(0, repeats).Select(_ => Measure(root, runs, mode == "random", recordProvenance)).ToList();
                    double total = Stats.Median(results.Select(r => r.Total));
                    double first = Stats.Median(results.Select(r => r.First));
                    double last = Stats.Median(results.Select(r => r.Last));
                    string what = recordProvenance ? mode : mode + ", RecordProvenance = false";
                    totals[what] = total;
                    Console.WriteLine($"| StorageTyped, {what} | {total:F2} | {total / runs * 1e6:F0} | {first * 1000:F0} | {last * 1000:F0} | {last / first:F2} |");
                }
            }
            double floor = Stats.Median(Enumerable.Range(0, repeats).Select(_ => MeasureFloor(root, runs)));
            Console.WriteLine($"| floor: mkdir + one 200-byte file per run, no library | {floor:F2} | {floor / runs * 1e6:F0} | | | |");
            if (options.Flag("python"))
            {
                foreach (string mode in new[] { "random", "enumerated" })
                {
                    double seconds = RunPythonBaseline(root, runs, mode);
                    Console.WriteLine($"| PymoNNto's algorithm (Python), {mode} | {seconds:F2} | {seconds / runs * 1e6:F0} | | | |");
                    Console.WriteLine($"| → PymoNNto {mode} / StorageTyped {mode} | **{seconds / totals[mode]:F1}×** | | | | |");
                    if (mode == "random")
                        Console.WriteLine($"| → PymoNNto random / StorageTyped enumerated | **{seconds / totals["enumerated"]:F1}×** | | | | |");
                    Console.WriteLine($"| → PymoNNto {mode} / StorageTyped {mode}, RecordProvenance = false | **{seconds / totals[mode + ", RecordProvenance = false"]:F1}×** | | | | |");
                }
            }
        }
    }

    private static (double Total, double First, double Last) Measure(string root, int runs, bool random, bool recordProvenance = true)
    {
        using var scratch = new Scratch("creation", root);
        var storageOptions = new StorageOptions { DataFolder = scratch.DataFolder, RecordProvenance = recordProvenance };
        var perRun = new double[runs];
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
            if (recordProvenance) sm.Complete(); // the run's end is recorded now, not all at once when the process exits
            perRun[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        double total = Stopwatch.GetElapsedTime(startAll).TotalSeconds;
        int window = Math.Min(1000, runs);
        return (total, perRun.Take(window).Sum(), perRun.Skip(runs - window).Sum());
    }

    /// <summary>What any layout with a folder and a parameter file per run must pay on this disk.</summary>
    private static double MeasureFloor(string root, int runs)
    {
        using var scratch = new Scratch("floor", root);
        string main = Path.Combine(scratch.DataFolder, "StorageManager", "Bench");
        Directory.CreateDirectory(main);
        byte[] content = new byte[200];
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < runs; i++)
        {
            string folder = Path.Combine(main, "Bench" + i.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "config.ini"), content);
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double RunPythonBaseline(string root, int runs, string mode)
    {
        using var scratch = new Scratch("creation-python", root);
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
