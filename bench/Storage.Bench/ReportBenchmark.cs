using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 15's figures. <c>report</c>: <c>runs report</c> as a fresh process beside <c>runs list</c> on the group
/// benchmark's data sets (index warm), the file's size per run, and the time until the page is ready in Debian's
/// chromium (the page's own clock, read through --dump-dom, and the whole browser process). <c>array-summary</c>:
/// SummarizeArrays over N runs of L float64 in a fresh process, its time and peak working set, beside numpy
/// stacking the same arrays and taking nanmean/nanstd (ddof 1).
/// </summary>
internal static partial class ReportBenchmark
{
    private const string Tag = "Bench";

    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int[] sizes = (options.String("sizes") ?? "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int repeats = options.Int("repeats", 3);
        string root = options.String("data") ?? Path.Combine(Path.GetTempPath(), "storagetyped-bench", "group-data");
        string tool = Path.GetFullPath(options.String("tool") ?? Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RunsTool").Value!);
        string chromium = options.String("browser") ?? "/usr/bin/chromium";
        string output = Directory.CreateTempSubdirectory("report-bench").FullName;
        string html = Path.Combine(output, "report.html");
        var jobs = new (string Name, string[] Arguments)[]
        {
            ("list --limit 10", ["list", Tag, "--limit", "10"]),
            ("list --format csv (every run)", ["list", Tag, "--format", "csv"]),
            ("schema (DetectSchema: one pass)", ["schema", Tag]),
            ("report -o report.html --metric score", ["report", Tag, "-o", html, "--metric", "score", "--no-videos"]),
            ("report … (videos looked for)", ["report", Tag, "-o", html, "--metric", "score"]),
            ("report … --array arr (100 float64 per run)", ["report", Tag, "-o", html, "--metric", "score", "--array", "arr", "--no-videos"]),
        };
        Console.WriteLine($"runs report beside runs list, fresh processes, median of {repeats} in ms ({Environment.ProcessorCount} cores, load {Load()}, data under {root}).");
        Console.WriteLine();
        Console.WriteLine("| command | " + string.Join(" | ", sizes.Select(s => $"{s:N0} runs")) + " |");
        Console.WriteLine("| --- | " + string.Join(" | ", sizes.Select(_ => "---:")) + " |");
        var results = new double[jobs.Length, sizes.Length];
        var bytes = new long[sizes.Length];
        var ready = new double[sizes.Length];
        var browser = new double[sizes.Length];
        for (int s = 0; s < sizes.Length; s++)
        {
            string data = GroupBenchmark.EnsureData(root, sizes[s]);
            CliBenchmark.Time(tool, data, ["list", Tag, "--limit", "1"]); // the index, so that every row is a warm load
            for (int j = 0; j < jobs.Length; j++)
                results[j, s] = Stats.Median(Enumerable.Range(0, repeats).Select(_ => CliBenchmark.Time(tool, data, jobs[j].Arguments)));
            CliBenchmark.Time(tool, data, jobs[3].Arguments);
            bytes[s] = new FileInfo(html).Length;
            var pages = Enumerable.Range(0, repeats).Select(_ => OpenInChromium(chromium, html)).ToList();
            ready[s] = Stats.Median(pages.Select(p => p.ReadyMs));
            browser[s] = Stats.Median(pages.Select(p => p.ProcessMs));
        }
        for (int j = 0; j < jobs.Length; j++)
            Console.WriteLine($"| {jobs[j].Name} | " + string.Join(" | ", Enumerable.Range(0, sizes.Length).Select(s => results[j, s].ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Console.WriteLine("| → report / list --limit 10 | " + string.Join(" | ", Enumerable.Range(0, sizes.Length).Select(s => (results[3, s] / results[0, s]).ToString("F2", CultureInfo.InvariantCulture) + "×")) + " |");
        Console.WriteLine("| report file (KiB) | " + string.Join(" | ", bytes.Select(b => (b / 1024).ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Console.WriteLine("| bytes per run | " + string.Join(" | ", Enumerable.Range(0, sizes.Length).Select(s => (bytes[s] / (double)sizes[s]).ToString("F0", CultureInfo.InvariantCulture))) + " |");
        Console.WriteLine("| chromium: page ready (ms, the page's clock from navigation start) | " + string.Join(" | ", ready.Select(r => r.ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Console.WriteLine("| chromium: headless process, start to DOM dumped (ms) | " + string.Join(" | ", browser.Select(r => r.ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Directory.Delete(output, recursive: true);
    }

    /// <summary>SummarizeArrays in a fresh process beside numpy holding every array at once.</summary>
    public static void RunArraySummary(string[] args)
    {
        var options = new BenchOptions(args);
        int runs = options.Int("runs", 10_000), length = options.Int("length", 10_000), repeats = options.Int("repeats", 3);
        string folder = options.String("folder") ?? Path.Combine(Path.GetTempPath(), "storagetyped-bench", $"array-summary-{runs}x{length}");
        string data = Path.Combine(folder, "Data");
        string marker = Path.Combine(folder, "complete");
        if (!File.Exists(marker))
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Console.Error.WriteLine($"  writing {runs:N0} runs of {length:N0} float64 under {folder} …");
            var storage = new StorageOptions { DataFolder = data, RecordProvenance = false };
            Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                var random = new Random(i);
                var values = new double[length];
                for (int k = 0; k < length; k++) values[k] = Math.Exp(-k / 1000.0) + random.NextDouble() * 0.1;
                var sm = new StorageManager("Curves", options: storage with { RunNumber = i + 1, AddNewWhenExists = false });
                sm.SaveNp("loss", values);
            });
            File.WriteAllText(marker, "");
        }
        double gib = (double)runs * length * 8 / (1 << 30);
        Console.WriteLine($"SummarizeArrays<double>(\"loss\") over {runs:N0} runs × {length:N0} float64 ({gib:F2} GiB in the files), page cache warm, median of {repeats}; load {Load()}.");
        Console.WriteLine();
        Console.WriteLine("| what | time (s) | peak working set (MiB) |");
        Console.WriteLine("| --- | ---: | ---: |");
        var ours = Enumerable.Range(0, repeats).Select(_ => Child(["array-summary-child", data])).ToList();
        var numpy = Enumerable.Range(0, repeats).Select(_ => Numpy(data)).ToList();
        Console.WriteLine($"| StorageTyped SummarizeArrays (streamed through memory maps) | {Stats.Median(ours.Select(o => o.Seconds)):F2} | {Stats.Median(ours.Select(o => o.PeakMiB)):F0} |");
        Console.WriteLine($"| numpy: np.stack of every np.load, nanmean and nanstd(ddof=1) | {Stats.Median(numpy.Select(o => o.Seconds)):F2} | {Stats.Median(numpy.Select(o => o.PeakMiB)):F0} |");
    }

    public static void RunArraySummaryChild(string[] args)
    {
        var group = new StorageManagerGroup("Curves", options: new StorageOptions { DataFolder = args[0] });
        var clock = Stopwatch.StartNew();
        var summary = group.SummarizeArrays<double>("loss");
        double seconds = clock.Elapsed.TotalSeconds;
        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(JsonSerializer.Serialize(new { Seconds = seconds, PeakMiB = peak, summary.Runs }));
    }

    private sealed record Measured(double Seconds, double PeakMiB);

    private static Measured Child(string[] arguments) => Measure("dotnet", [Assembly.GetExecutingAssembly().Location, .. arguments]);

    /// <summary>Runs a process whose last line of output is a Measured as JSON.</summary>
    private static Measured Measure(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException(output.Result + error);
        return JsonSerializer.Deserialize<Measured>(output.Result.Trim().Split('\n')[^1])!;
    }

    private static Measured Numpy(string data)
    {
        const string Script = """
            import glob, json, resource, sys, time, warnings
            import numpy as np
            warnings.simplefilter('ignore')
            files = sorted(glob.glob(sys.argv[1] + '/StorageManager/Curves/*/loss.npy'))
            t = time.perf_counter()
            stack = np.stack([np.load(f) for f in files])
            mean, std = np.nanmean(stack, axis=0), np.nanstd(stack, axis=0, ddof=1)
            print(json.dumps({'Seconds': time.perf_counter() - t, 'PeakMiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
            """;
        return Measure("/usr/bin/python3", ["-c", Script, data]);
    }

    /// <summary>Opens the report in headless chromium and reads the page's own ready time from the dumped DOM.</summary>
    private static (double ReadyMs, double ProcessMs) OpenInChromium(string chromium, string html)
    {
        string profile = Directory.CreateTempSubdirectory("chromium-profile").FullName;
        var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,900", "--dump-dom", new Uri(html).AbsoluteUri })
            info.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var dom = process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        double ms = clock.Elapsed.TotalMilliseconds;
        Directory.Delete(profile, recursive: true);
        var match = ReadyAttribute().Match(dom.Result);
        if (!match.Success) throw new InvalidOperationException("The page never became ready in chromium (no data-ready-ms in the DOM).");
        return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), ms);
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    [GeneratedRegex("data-ready-ms=\"([0-9.]+)\"")]
    private static partial Regex ReadyAttribute();
}
