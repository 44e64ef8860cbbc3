using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 7's figures: each runs command timed as a user meets it, a fresh `dotnet runs.dll …` process (startup and
/// JIT included), on the group benchmark's data sets (runs of tag Bench, 8 parameters plus time, written by
/// configparser); medians of several repeats. Beside it PymoNNto's group doing the list job (load, sort, query:
/// bench/baseline/pymonnto_group.py analyze), the nearest thing a PymoNNto user runs today.
/// </summary>
internal static class CliBenchmark
{
    private const string Tag = "Bench";

    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int[] sizes = (options.String("sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int repeats = options.Int("repeats", 3);
        string root = options.String("data") ?? Path.Combine(Path.GetTempPath(), "storagetyped-bench", "group-data");
        string tool = Path.GetFullPath(options.String("tool") ?? Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RunsTool").Value!);
        string output = Directory.CreateTempSubdirectory("runs-bench").FullName;
        var jobs = new (string Name, string[] Arguments)[]
        {
            ("--help", ["--help"]),
            ("list --limit 10, cold (no index)", ["list", Tag, "--limit", "10"]),
            ("list --limit 10", ["list", Tag, "--limit", "10"]),
            ("list --where … --sort score --desc --limit 10", ["list", Tag, "--where", "number_of_neurons>1000 and score>0.5", "--sort", "score", "--desc", "--limit", "10"]),
            ("list --format csv (every run)", ["list", Tag, "--format", "csv"]),
            ("list --format json (every run)", ["list", Tag, "--format", "json"]),
            ("params", ["params", Tag]),
            ("agg --by number_of_neurons --value score", ["agg", Tag, "--by", "number_of_neurons", "--value", "score"]),
            ("plot --agg mean --errorbars std -o .png", ["plot", Tag, "--x", "number_of_neurons", "--y", "score", "--agg", "mean", "--errorbars", "std", "-o", Path.Combine(output, "plot.png")]),
            ("export -o .parquet", ["export", Tag, "-o", Path.Combine(output, "runs.parquet")]),
            ("export -o .csv", ["export", Tag, "-o", Path.Combine(output, "runs.csv")]),
            ("groups", ["groups"]),
        };
        string how = tool.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? $"dotnet {tool}" : tool;
        Console.WriteLine($"runs commands as fresh processes ({how}), median of {repeats} in ms, wall and in brackets CPU (user + system of the process) ({Environment.ProcessorCount} cores, data under {root}, load average {ArraysFirstLoadBenchmark.LoadAverage()}).");
        Console.WriteLine();
        Console.WriteLine("| command | " + string.Join(" | ", sizes.Select(s => $"{s:N0} runs")) + " |");
        Console.WriteLine("| --- | " + string.Join(" | ", sizes.Select(_ => "---:")) + " |");
        var results = new double[jobs.Length + 1, sizes.Length];
        var cpu = new double[jobs.Length + 1, sizes.Length];
        for (int s = 0; s < sizes.Length; s++)
        {
            string data = GroupBenchmark.EnsureData(root, sizes[s]);
            string index = GroupBenchmark.IndexFile(data);
            for (int j = 0; j < jobs.Length; j++)
            {
                var samples = new List<double>();
                var cpuSamples = new List<double>();
                for (int r = 0; r < repeats; r++)
                {
                    if (jobs[j].Name.Contains("cold", StringComparison.Ordinal) && File.Exists(index)) File.Delete(index);
                    double before = ChildrenCpuMilliseconds();
                    samples.Add(Time(tool, data, jobs[j].Arguments));
                    cpuSamples.Add(ChildrenCpuMilliseconds() - before);
                }
                results[j, s] = Stats.Median(samples);
                cpu[j, s] = Stats.Median(cpuSamples);
            }
            results[jobs.Length, s] = Stats.Median(Enumerable.Range(0, repeats).Select(_ => TimePymonnto(data)));
        }
        for (int j = 0; j <= jobs.Length; j++)
        {
            string name = j < jobs.Length ? jobs[j].Name : "PymoNNto's group: load, sort_by, query (Python)";
            Console.WriteLine($"| {name} | " + string.Join(" | ", Enumerable.Range(0, sizes.Length).Select(s => j < jobs.Length
                ? $"{results[j, s].ToString("N0", CultureInfo.InvariantCulture)} ({cpu[j, s].ToString("N0", CultureInfo.InvariantCulture)})"
                : results[j, s].ToString("N0", CultureInfo.InvariantCulture))) + " |");
        }
        Directory.Delete(output, recursive: true);
    }

    /// <summary>A runs command as a fresh process, in ms.</summary>
    internal static double Time(string tool, string data, string[] arguments)
    {
        // A .dll is the framework-dependent tool; anything else is the executable as installed (NativeAOT).
        bool dll = tool.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(dll ? "dotnet" : tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (dll ? new[] { tool } : []).Concat(["--data", data]).Concat(arguments)) info.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        double ms = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"runs {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
        _ = output.Result;
        return ms;
    }

    /// <summary>User + system time of the finished children of this process (getrusage(RUSAGE_CHILDREN)), in ms.</summary>
    private static double ChildrenCpuMilliseconds()
    {
        Span<long> usage = stackalloc long[18]; // struct rusage: ru_utime, ru_stime (timeval each), then 14 longs
        if (GetRusage(-1, ref usage[0]) != 0) return double.NaN;
        return (usage[0] + usage[2]) * 1e3 + (usage[1] + usage[3]) * 1e-3;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, ref long usage);

    private static double TimePymonnto(string data)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "baseline", "pymonnto_group.py");
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { script, data, "analyze" }) info.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return clock.Elapsed.TotalMilliseconds; // the whole process, as for the tool
    }
}
