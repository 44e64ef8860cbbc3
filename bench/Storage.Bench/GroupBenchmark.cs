using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 5's figures: the seed's group analysis (construction + SortBy("score") + GetMultiParamList of 3 parameters
/// + smg["number_of_neurons&gt;1000"]) over 1,000, 10,000 and 100,000 runs, each measured in a fresh process: cold
/// (no index), warm (index present, every run checked) and warm trusting the index; beside it the time to only
/// read every config.ini, PymoNNto's algorithm in Python, and peak memory. The data sets are generated once under
/// $TMPDIR/storagetyped-bench/group-data and reused.
/// </summary>
internal static class GroupBenchmark
{
    private const string Tag = "Bench";
    private static readonly string[] ThreeParams = ["score", "number_of_neurons", "learning_rate"];

    private sealed record Sample(double Ms, double PeakMb, string Counts);

    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int[] sizes = (options.String("sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int repeats = options.Int("repeats", 3);
        bool python = !options.Flag("no-python");
        bool analyze = options.String("only") is null or "analyze";
        bool npList = options.String("only") is null or "nplist";
        string root = options.String("data") ?? Path.Combine(Path.GetTempPath(), "storagetyped-bench", "group-data");
        Console.WriteLine($"Group analysis: construction + SortBy(\"score\") + GetMultiParamList of 3 + smg[\"number_of_neurons>1000\"], each in a fresh process; median of {repeats} ({Environment.ProcessorCount} cores, data under {root}).");
        Console.WriteLine();
        Console.WriteLine("| runs | cold (ms) | warm, every run checked (ms) | warm, IndexCheck.AddedAndRemovedRunsOnly (ms) | read every config.ini (ms) | read every config.ini, 2 threads (ms) | PymoNNto (ms) | PymoNNto / cold | PymoNNto / warm | PymoNNto / warm trusting | cold / read | peak MB (cold) | peak MB PymoNNto | GetNpList (ms) | PymoNNto get_np_list (ms) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (int size in sizes)
        {
            string data = EnsureData(root, size);
            string indexFile = IndexFile(data);
            var cold = new List<Sample>();
            var warm = new List<Sample>();
            var trusting = new List<Sample>();
            var read = new List<Sample>();
            var readParallel = new List<Sample>();
            var pymonnto = new List<Sample>();
            var npListSamples = new List<Sample>();
            var pymonntoNp = new List<Sample>();
            for (int r = 0; r < repeats; r++)
            {
                if (analyze)
                {
                    read.Add(Child("readall", data));
                    readParallel.Add(Child("readall-parallel", data));
                    if (File.Exists(indexFile)) File.Delete(indexFile);
                    cold.Add(Child("analyze", data, "EveryRun"));
                    warm.Add(Child("analyze", data, "EveryRun"));
                    trusting.Add(Child("analyze", data, "AddedAndRemovedRunsOnly"));
                    if (python) pymonnto.Add(Python(data, "analyze"));
                }
                if (npList)
                {
                    npListSamples.Add(Child("nplist", data));
                    if (python) pymonntoNp.Add(Python(data, "nplist"));
                }
            }
            double Med(List<Sample> samples) => samples.Count == 0 ? double.NaN : Stats.Median(samples.Select(s => s.Ms));
            double coldMs = Med(cold), warmMs = Med(warm), trustMs = Med(trusting), readMs = Med(read), pyMs = Med(pymonnto);
            double peak = cold.Count == 0 ? double.NaN : Stats.Median(cold.Select(s => s.PeakMb));
            double pyPeak = pymonnto.Count == 0 ? double.NaN : Stats.Median(pymonnto.Select(s => s.PeakMb));
            Console.WriteLine($"| {size:N0} | {coldMs:F0} | {warmMs:F0} | {trustMs:F0} | {readMs:F0} | {Med(readParallel):F0} | {pyMs:F0} | {pyMs / coldMs:F1}× | {pyMs / warmMs:F1}× | {pyMs / trustMs:F1}× | {coldMs / readMs:F2} | {peak:F0} | {pyPeak:F0} | {Format(Med(npListSamples))} | {Format(Med(pymonntoNp))} |");
            if (cold.Count > 0) Console.Error.WriteLine($"  cold: {cold[0].Counts}; warm: {warm[0].Counts}; trusting: {trusting[0].Counts}; PymoNNto {(pymonnto.Count > 0 ? pymonnto[0].Counts : "-")}");
            if (npListSamples.Count > 0) Console.Error.WriteLine($"  GetNpList: {npListSamples[0].Counts}; PymoNNto {(pymonntoNp.Count > 0 ? pymonntoNp[0].Counts : "-")}");
        }
    }

    private static string Format(double ms) => double.IsNaN(ms) ? "–" : ms.ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>The child side: one measurement in this fresh process, printed as JSON.</summary>
    public static void RunChild(string[] args)
    {
        string mode = args[0], data = args[1];
        var storageOptions = new StorageOptions { DataFolder = data };
        string mainFolder = Path.Combine(data, "StorageManager", Tag);
        long start = Stopwatch.GetTimestamp();
        string counts;
        switch (mode)
        {
            case "analyze":
            {
                var check = Enum.Parse<IndexCheck>(args[2]);
                var smg = new StorageManagerGroup(Tag, options: storageOptions, check: check);
                double constructed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                smg.SortBy("score");
                var lists = smg.GetMultiParamList(ThreeParams);
                var big = smg["number_of_neurons>1000"];
                counts = $"{smg.Count} runs, {lists[0].Count} complete rows, {big.Count} above 1000; constructed in {constructed:F0} ms";
                break;
            }
            case "nplist":
            {
                var smg = new StorageManagerGroup(Tag, options: storageOptions);
                start = Stopwatch.GetTimestamp();
                var arrays = smg.GetNpList("arr");
                double loadedMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                foreach (var array in arrays) array?.Dispose();
                double loadedPeakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
                Console.WriteLine(JsonSerializer.Serialize(new Sample(loadedMs, loadedPeakMb, $"{arrays.Count} arrays")));
                return;
            }
            case "readall":
            {
                long bytes = 0;
                foreach (string run in Directory.EnumerateDirectories(mainFolder, Tag + "*"))
                    bytes += File.ReadAllBytes(Path.Combine(run, "config.ini")).Length;
                counts = $"{bytes} bytes";
                break;
            }
            case "readall-parallel":
            {
                long bytes = 0;
                Parallel.ForEach(Directory.EnumerateDirectories(mainFolder, Tag + "*"), run =>
                    Interlocked.Add(ref bytes, File.ReadAllBytes(Path.Combine(run, "config.ini")).Length));
                counts = $"{bytes} bytes";
                break;
            }
            default:
                throw new ArgumentException($"unknown child mode {mode}");
        }
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(JsonSerializer.Serialize(new Sample(ms, peakMb, counts)));
    }

    private static Sample Child(params string[] arguments)
    {
        string self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        info.ArgumentList.Add("group-child");
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        return RunForSample(info);
    }

    private static Sample Python(string data, string what)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "baseline", "pymonnto_group.py");
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { script, data, what }) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"the Python baseline failed: {output}{error}");
        using var json = JsonDocument.Parse(output);
        var rootElement = json.RootElement;
        return new Sample(rootElement.GetProperty("seconds").GetDouble() * 1000, rootElement.GetProperty("peak_mb").GetDouble(), rootElement.GetProperty("counts").ToString());
    }

    private static Sample RunForSample(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"a benchmark child failed: {output}{error}");
        return JsonSerializer.Deserialize<Sample>(output.Trim().Split('\n')[^1])!;
    }

    /// <summary>Where the library keeps the group index of the data set in <paramref name="data"/> (outside the main folder).</summary>
    internal static string IndexFile(string data) => Path.Combine(data, ".storagetyped", "StorageManager", Tag, Tag + ".group-index");

    /// <summary>
    /// The data folder of a data set of <paramref name="runs"/> runs, generated when it is not complete; without
    /// arrays (N&lt;runs&gt;-params) for sets too large to give every run an arr.npy on a shared disk.
    /// </summary>
    internal static string EnsureData(string root, int runs, bool arrays = true)
    {
        string folder = Path.Combine(root, "N" + runs.ToString(CultureInfo.InvariantCulture) + (arrays ? "" : "-params"));
        string data = Path.Combine(folder, "Data");
        string marker = Path.Combine(folder, "complete");
        if (File.Exists(marker)) return data;
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(data);
        Console.Error.WriteLine($"  generating {runs:N0} runs under {folder} (reused by later runs of this benchmark) …");
        var clock = Stopwatch.StartNew();
        string script = Path.Combine(AppContext.BaseDirectory, "baseline", "make_group_data.py");
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false };
        foreach (string argument in new[] { script, data, runs.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(argument);
        if (!arrays) info.ArgumentList.Add("--no-arrays");
        using (var process = Process.Start(info)!)
        {
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException("generating the data set failed");
        }
        File.WriteAllText(marker, DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"  generated in {clock.Elapsed.TotalSeconds:F0} s");
        return data;
    }
}
