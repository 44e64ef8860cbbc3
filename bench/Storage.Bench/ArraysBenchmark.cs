using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 3's figure: SaveNp and LoadNp of 1 MiB, 100 MiB and 1 GiB of float64 against File.WriteAllBytes and
/// File.ReadAllBytes of the same bytes (the whole .npy file) and against numpy's np.save and np.load (Debian
/// python3) in the same run, with the page cache warm; and the time to open a memory map. Rounds alternate between
/// the C# side and numpy so that drifting machine load touches both; medians over all repeats.
/// </summary>
/// <remarks>
/// Every write starts after sync(2), outside the timing, on every side: otherwise a process that has already
/// written gigabytes is throttled by the kernel's dirty-page limits while a fresh numpy process is not. No garbage
/// collection is forced: an induced collection makes the GC return freed memory to the system, and the next large
/// allocation then pays page faults that a running program would not.
/// </remarks>
internal static class ArraysBenchmark
{
    private const double MiB = 1024 * 1024;

    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int[] sizes = (options.String("sizes") ?? "1,100,1024").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int rounds = options.Int("rounds", 3);
        string? folder = options.String("folder");
        using var scratch = new Scratch("arrays");
        string root = folder ?? scratch.Root;
        Directory.CreateDirectory(root);
        Console.WriteLine($"float64 arrays, page cache warm, files in {root} ({DescribeFileSystem(root)}); medians of {rounds} rounds alternating C# and numpy; {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, numpy {NumpyVersion()}.");
        Console.WriteLine();
        Console.WriteLine("| size | operation | StorageTyped (MiB/s) | File.*AllBytes (MiB/s) | ratio | numpy (MiB/s) | ratio |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        var mapRows = new List<string>();
        foreach (int mib in sizes)
        {
            int repeatsPerRound = mib <= 1 ? 60 : mib <= 100 ? 5 : 2;
            var times = Measure(root, mib, rounds, repeatsPerRound);
            string size = mib >= 1024 ? $"{mib / 1024} GiB" : $"{mib} MiB";
            Row(size, "save: SaveNp vs WriteAllBytes vs np.save", mib, times["SaveNp"], times["WriteAllBytes"], times["np.save"]);
            Row(size, "load: LoadNp<double> vs ReadAllBytes vs np.load", mib, times["LoadNp<double>"], times["ReadAllBytes"], times["np.load"]);
            Row(size, "load: LoadNp (NDArray) vs ReadAllBytes vs np.load", mib, times["LoadNp"], times["ReadAllBytes"], times["np.load"]);
            mapRows.Add($"| {size} | {Stats.Median(times["LoadNpMapped"]) * 1e6:F0} | {Stats.Median(times["np.load mmap"]) * 1e6:F0} |");
        }
        Console.WriteLine();
        Console.WriteLine("| size | LoadNpMapped open + dispose (µs) | np.load(mmap_mode='r') (µs) |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (string row in mapRows) Console.WriteLine(row);
    }

    private static void Row(string size, string operation, int mib, List<double> ours, List<double> raw, List<double> numpy)
    {
        double oursRate = mib / Stats.Median(ours), rawRate = mib / Stats.Median(raw), numpyRate = mib / Stats.Median(numpy);
        Console.WriteLine($"| {size} | {operation} | {oursRate:N0} | {rawRate:N0} | {oursRate / rawRate:F2} | {numpyRate:N0} | {oursRate / numpyRate:F2} |");
    }

    private static Dictionary<string, List<double>> Measure(string root, int mib, int rounds, int repeatsPerRound)
    {
        var times = new Dictionary<string, List<double>>();
        void Add(string name, double seconds) => (times.TryGetValue(name, out var list) ? list : times[name] = []).Add(seconds);

        var sm = new StorageManager("Bench", options: new StorageOptions { DataFolder = Path.Combine(root, "Data") });
        double[] data = new double[mib * 1024 * 1024 / 8];
        for (int i = 0; i < data.Length; i++) data[i] = i * 0.5;
        string key = $"a{mib}";
        sm.SaveNp(key, data);
        string npyPath = Path.Combine(sm.Path, key + ".npy");
        byte[] fileBytes = File.ReadAllBytes(npyPath); // the same bytes as the .npy file
        string rawPath = Path.Combine(sm.Path, $"raw{mib}.bin");
        File.WriteAllBytes(rawPath, fileBytes);

        for (int round = 0; round < rounds; round++)
        {
            for (int r = 0; r < repeatsPerRound; r++)
            {
                Sync();
                Add("WriteAllBytes", Time(() => File.WriteAllBytes(rawPath, fileBytes)));
                Sync();
                Add("SaveNp", Time(() => sm.SaveNp(key, data)));
                Add("ReadAllBytes", Time(() => GC.KeepAlive(File.ReadAllBytes(rawPath))));
                Add("LoadNp<double>", Time(() => GC.KeepAlive(sm.LoadNp<double>(key))));
                Add("LoadNp", Time(() => sm.LoadNp(key).Dispose()));
                for (int m = 0; m < 10; m++)
                    Add("LoadNpMapped", Time(() => sm.LoadNpMapped<double>(key).Dispose()));
            }
            var numpy = RunNumpy(sm.Path, mib, repeatsPerRound);
            foreach (double s in numpy["save"]) Add("np.save", s);
            foreach (double s in numpy["load"]) Add("np.load", s);
            foreach (double s in numpy["map"]) Add("np.load mmap", s);
        }
        File.Delete(rawPath);
        File.Delete(npyPath);
        File.Delete(Path.Combine(sm.Path, $"numpy_{mib}.npy"));
        return times;
    }

    /// <summary>Seconds one call takes.</summary>
    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    [DllImport("libc", EntryPoint = "sync")]
    private static extern void Sync();

    private static Dictionary<string, double[]> RunNumpy(string folder, int mib, int repeats)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "baseline", "npy_numpy.py");
        string output = RunPython(script, folder, mib.ToString(CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture));
        return JsonSerializer.Deserialize<Dictionary<string, double[]>>(output)!;
    }

    private static string NumpyVersion() => RunPython("-c", "import numpy; print(numpy.__version__)").Trim();

    private static string RunPython(params string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"python3 {string.Join(' ', arguments)} failed: {error}");
        return output;
    }

    private static string DescribeFileSystem(string path)
    {
        string full = Path.GetFullPath(path);
        var best = DriveInfo.GetDrives().Where(d => full.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal)).MaxBy(d => d.RootDirectory.FullName.Length);
        return best is null ? "unknown file system" : $"{best.DriveFormat} at {best.RootDirectory.FullName}";
    }
}
