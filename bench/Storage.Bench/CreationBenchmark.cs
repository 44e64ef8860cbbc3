using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace StorageTyped.Bench;

/// <summary>
/// Issues 2 and 16: creating N runs with 8 parameters each. The rows of issue 16 create each run with
/// StorageManager.Create (folder, time, parameters and [Provenance] in one write), dictionary and typed, enumerated
/// and random, beside the floor: a bare mkdir plus one file of the same size, through .NET
/// (Directory.CreateDirectory, File.WriteAllBytes) and through the four libc calls (mkdir, open, write, close).
/// The rows of issue 2 (new StorageManager + SaveParamDict + Complete: three writes) stay with --all. The first and
/// last 1,000 runs show whether creation slows as the main folder fills. Variants alternate within each repeat, so
/// that drifting load touches all; medians. PymoNNto's algorithm in Python with --python; --tmpfs repeats
/// everything on /dev/shm. The Python baseline's enumerated creation (tens of ms a run) runs only with --all.
/// </summary>
internal static class CreationBenchmark
{
    private const string MainFolder = "Bench";

    /// <summary>The thread CPU time of the last measurement's timed calls (user + system), less disturbed by other load than wall time.</summary>
    [ThreadStatic] private static double LastCpu;

    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int runs = options.Int("runs", 10_000);
        int repeats = options.Int("repeats", 3);
        bool all = options.Flag("all");
        var roots = new List<(string Name, string Path)>();
        if (!options.Flag("tmpfs-only")) roots.Add(("disk ($TMPDIR)", Path.GetTempPath()));
        if (options.Flag("tmpfs") || options.Flag("tmpfs-only")) roots.Add(("tmpfs (/dev/shm)", "/dev/shm"));
        string? only = options.String("only"); // for profiling one variant: its rows and ratios are then left out
        Console.WriteLine($"Creating {runs:N0} runs with 8 parameters each; medians of {repeats} repeats, variants alternating; {Environment.ProcessorCount} cores; {DateTime.Now:yyyy-MM-dd HH:mm}; load average {ArraysFirstLoadBenchmark.LoadAverage()}.");
        int fileSize = ConfigSize();
        var variants = new List<(string Name, Func<string, (double Total, double First, double Last)> Measure)>
        {
            ("Create (dictionary), enumerated", root => MeasureCreate(root, runs, random: false, typed: false)),
            ("Create (dictionary), random", root => MeasureCreate(root, runs, random: true, typed: false)),
            ("Create<BenchParams> (typed), enumerated", root => MeasureCreate(root, runs, random: false, typed: true)),
            ("Create<BenchParams> (typed), random", root => MeasureCreate(root, runs, random: true, typed: true)),
            ($"floor, .NET: Directory.CreateDirectory + File.WriteAllBytes of {fileSize} bytes", root => MeasureFloor(root, runs, fileSize, libc: false)),
            ($"floor, libc: mkdir + open, write, close of {fileSize} bytes", root => MeasureFloor(root, runs, fileSize, libc: true)),
        };
        if (all)
        {
            variants.Add(("new StorageManager + SaveParamDict + Complete, enumerated (3 writes)", root => MeasureThreeWrites(root, runs, random: false)));
            variants.Add(("new StorageManager + SaveParamDict + Complete, random (3 writes)", root => MeasureThreeWrites(root, runs, random: true)));
        }
        if (only is not null)
        {
            foreach (var (name, root) in roots)
                foreach (var variant in variants.Where(v => v.Name.Contains(only, StringComparison.Ordinal)))
                    for (int r = 0; r < repeats; r++)
                        Console.WriteLine($"{name}: {variant.Name}: {variant.Measure(root).Total / runs * 1e6:F0} µs per run, CPU {LastCpu / runs * 1e6:F0} µs");
            return;
        }
        foreach (var (name, root) in roots)
        {
            Console.WriteLine();
            Console.WriteLine($"### {name}");
            Console.WriteLine();
            var results = variants.ToDictionary(v => v.Name, _ => new List<(double Total, double First, double Last)>());
            var cpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
            for (int r = 0; r < repeats; r++)
                for (int v = 0; v < variants.Count; v++)
                {
                    var variant = variants[(v + r) % variants.Count];
                    results[variant.Name].Add(variant.Measure(root));
                    cpu[variant.Name].Add(LastCpu);
                }
            Console.WriteLine("| what | total (s) | µs per run | CPU µs per run | first 1,000 (ms) | last 1,000 (ms) | last/first |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            var perRun = new Dictionary<string, double>();
            var cpuPerRun = new Dictionary<string, double>();
            foreach (var (variantName, list) in results)
            {
                double total = Stats.Median(list.Select(x => x.Total));
                perRun[variantName] = total / runs;
                cpuPerRun[variantName] = Stats.Median(cpu[variantName]) / runs;
                bool isFloor = variantName.StartsWith("floor", StringComparison.Ordinal);
                double first = Stats.Median(list.Select(x => x.First)), last = Stats.Median(list.Select(x => x.Last));
                Console.WriteLine(isFloor
                    ? $"| {variantName} | {total:F2} | {total / runs * 1e6:F0} | {cpuPerRun[variantName] * 1e6:F0} | | | |"
                    : $"| {variantName} | {total:F2} | {total / runs * 1e6:F0} | {cpuPerRun[variantName] * 1e6:F0} | {first * 1000:F0} | {last * 1000:F0} | {last / first:F2} |");
            }
            string dotnetFloor = variants[4].Name, libcFloor = variants[5].Name;
            foreach (string v in variants.Select(v => v.Name).Where(n => n.StartsWith("Create", StringComparison.Ordinal)))
                Console.WriteLine($"| → {v} / .NET floor; / libc floor (wall; CPU) | **{perRun[v] / perRun[dotnetFloor]:F2}×**; {perRun[v] / perRun[libcFloor]:F2}× | | {cpuPerRun[v] / cpuPerRun[dotnetFloor]:F2}×; {cpuPerRun[v] / cpuPerRun[libcFloor]:F2}× | | | |");
            Console.WriteLine($"| → Create random / Create enumerated (dictionary; typed) | **{perRun[variants[1].Name] / perRun[variants[0].Name]:F2}×**; {perRun[variants[3].Name] / perRun[variants[2].Name]:F2}× | | {cpuPerRun[variants[1].Name] / cpuPerRun[variants[0].Name]:F2}×; {cpuPerRun[variants[3].Name] / cpuPerRun[variants[2].Name]:F2}× | | | |");
            if (options.Flag("python"))
            {
                // PymoNNto's enumerated creation probes every taken name (36 ms a run at 10,000): only with --all.
                foreach (string mode in all ? new[] { "random", "enumerated" } : ["random"])
                {
                    double seconds = RunPythonBaseline(root, runs, mode);
                    Console.WriteLine($"| PymoNNto's algorithm (Python), {mode} | {seconds:F2} | {seconds / runs * 1e6:F0} | | | | |");
                    Console.WriteLine($"| → PymoNNto {mode} / Create (dictionary) {mode} | **{seconds / runs / perRun[mode == "random" ? variants[1].Name : variants[0].Name]:F1}×** | | | | | |");
                }
            }
        }
    }

    private static Dictionary<string, object?> Parameters(int i) => new()
    {
        ["number_of_neurons"] = 100 + i % 900,
        ["learning_rate"] = 0.001 * (1 + i % 7),
        ["score"] = i * 0.001,
        ["seed"] = i,
        ["connectivity"] = 0.1,
        ["plastic"] = i % 2 == 0,
        ["label"] = "net" + (i % 13),
        ["delays"] = new[] { 1, 2, 3 },
    };

    private static BenchParams TypedParameters(int i) => new()
    {
        NumberOfNeurons = 100 + i % 900, LearningRate = 0.001 * (1 + i % 7), Score = i * 0.001, Seed = i,
        Connectivity = 0.1, Plastic = i % 2 == 0, Label = "net" + (i % 13), Delays = [1, 2, 3],
    };

    /// <summary>The size of the config.ini that Create writes for a typical run (the floor writes as many bytes).</summary>
    private static int ConfigSize()
    {
        using var scratch = new Scratch("creation-size");
        var sm = StorageManager.Create(MainFolder, Parameters(5000), options: new StorageOptions { DataFolder = scratch.DataFolder });
        sm.Complete();
        return (int)new FileInfo(Path.Combine(sm.Path, StorageManager.ConfigFileName)).Length;
    }

    private static (double Total, double First, double Last) MeasureCreate(string root, int runs, bool random, bool typed)
    {
        using var scratch = new Scratch("creation", root);
        var storageOptions = new StorageOptions { DataFolder = scratch.DataFolder };
        var perRun = new double[runs];
        var created = new List<StorageManager>(runs);
        // The parameters are the caller's, made before the timing.
        var parameters = typed ? null : Enumerable.Range(0, runs).Select(Parameters).ToArray();
        var typedParameters = typed ? Enumerable.Range(0, runs).Select(TypedParameters).ToArray() : null;
        double cpuStart = ArraysFirstLoadBenchmark.ThreadCpuSeconds();
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            created.Add(typed
                ? StorageManager.Create(MainFolder, typedParameters![i], randomNr: random, options: storageOptions)
                : StorageManager.Create(MainFolder, parameters![i], randomNr: random, options: storageOptions));
            perRun[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        double total = perRun.Sum();
        LastCpu = ArraysFirstLoadBenchmark.ThreadCpuSeconds() - cpuStart;
        // The runs end here, outside the timing, so that their completion is not left to the process's exit.
        foreach (var sm in created) sm.Complete();
        int window = Math.Min(1000, runs);
        return (total, perRun.Take(window).Sum(), perRun.Skip(runs - window).Sum());
    }

    private static (double Total, double First, double Last) MeasureThreeWrites(string root, int runs, bool random)
    {
        using var scratch = new Scratch("creation", root);
        var storageOptions = new StorageOptions { DataFolder = scratch.DataFolder };
        var perRun = new double[runs];
        double cpuStart = ArraysFirstLoadBenchmark.ThreadCpuSeconds();
        for (int i = 0; i < runs; i++)
        {
            var parameters = Parameters(i);
            long start = Stopwatch.GetTimestamp();
            var sm = new StorageManager(MainFolder, randomNr: random, options: storageOptions);
            sm.SaveParamDict(parameters);
            sm.Complete();
            perRun[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        LastCpu = ArraysFirstLoadBenchmark.ThreadCpuSeconds() - cpuStart;
        int window = Math.Min(1000, runs);
        return (perRun.Sum(), perRun.Take(window).Sum(), perRun.Skip(runs - window).Sum());
    }

    /// <summary>What any layout with a folder and a parameter file per run must pay on this disk.</summary>
    private static (double Total, double First, double Last) MeasureFloor(string root, int runs, int fileSize, bool libc)
    {
        using var scratch = new Scratch("floor", root);
        string main = Path.Combine(scratch.DataFolder, "StorageManager", MainFolder);
        Directory.CreateDirectory(main);
        byte[] content = new byte[fileSize];
        content.AsSpan().Fill((byte)'x');
        long start = Stopwatch.GetTimestamp();
        double cpuStart = ArraysFirstLoadBenchmark.ThreadCpuSeconds();
        for (int i = 0; i < runs; i++)
        {
            string folder = Path.Combine(main, MainFolder + i.ToString(CultureInfo.InvariantCulture));
            string file = Path.Combine(folder, "config.ini");
            if (libc) LibcFloor(folder, file, content);
            else
            {
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(file, content);
            }
        }
        double total = Stopwatch.GetElapsedTime(start).TotalSeconds;
        LastCpu = ArraysFirstLoadBenchmark.ThreadCpuSeconds() - cpuStart;
        return (total, double.NaN, double.NaN);
    }

    private static unsafe void LibcFloor(string folder, string file, byte[] content)
    {
        if (Mkdir(folder, 0x1FF) != 0) throw new IOException($"mkdir {folder}: errno {Marshal.GetLastPInvokeError()}");
        int fd = Open(file, 0x1 | 0x40 | 0x200 | 0x80000, 0x1B6); // O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666
        if (fd < 0) throw new IOException($"open {file}: errno {Marshal.GetLastPInvokeError()}");
        fixed (byte* data = content) Write(fd, data, content.Length);
        Close(fd);
    }

    [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static extern int Mkdir([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mode);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern unsafe nint Write(int fd, byte* buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

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
