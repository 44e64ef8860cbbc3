using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 16's goals for the group, each figure one fresh process running one call sequence with its first call's
/// costs (JIT, first allocations, threads) included, beside its floor measured the same way in the same run:
/// cold analysis (construct, SortBy, GetMultiParamList of 3 keys, one query) against a sequential
/// File.ReadAllBytes of every config.ini; warm (index, every run checked) against a bare parallel stat of every
/// config.ini; trusting the index (first call and again in the same process); GetNpList's peak memory; and the
/// scale from 100,000 to 1,000,000 runs (that set has no arrays). Wall and CPU time (user + system of the process).
/// </summary>
internal static unsafe class GroupGoalsBenchmark
{
    private const string Tag = "Bench";
    private static readonly string[] ThreeParams = ["score", "number_of_neurons", "learning_rate"];
    private const string Query = "number_of_neurons>1000";

    /// <summary>One child's figures: wall and CPU of the whole sequence, its phases, peak memory, a check string.</summary>
    private sealed record Sample(double Ms, double CpuMs, double PeakMb, Dictionary<string, double> Phases, string Counts);

    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int[] sizes = (options.String("sizes") ?? "20000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int repeats = options.Int("repeats", 5);
        string only = options.String("only") ?? "all";
        string root = options.String("data") ?? Path.Combine(Path.GetTempPath(), "storagetyped-bench", "group-data");
        var variants = Variants(options.String("variants"));
        Console.WriteLine($"Group goals (issue 16 item 2): every figure one fresh process, one call sequence, first call's costs included; median of {repeats}, variants alternating; wall ms and [CPU ms]; {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, data under {root}; library: {string.Join(", ", variants.Select(v => $"{v.Name} ({v.Library})"))}; load average {ArraysFirstLoadBenchmark.LoadAverage()} at start.");
        var results = new Dictionary<int, Dictionary<string, List<Sample>>>();
        foreach (int size in sizes)
        {
            bool arrays = size < 1_000_000;
            string data = GroupBenchmark.EnsureData(root, size, arrays);
            string indexFile = GroupBenchmark.IndexFile(data);
            var samples = new Dictionary<string, List<Sample>>();
            void Add(string name, Sample sample)
            {
                if (!samples.TryGetValue(name, out var list)) samples[name] = list = [];
                list.Add(sample);
            }
            // One untimed warm-up of each kind: the page cache holds the main folder, the config.ini files and the index.
            Child(variants[0].Bench, "read-seq", data);
            Child(variants[0].Bench, "analyze", data, "EveryRun");
            for (int r = 0; r < repeats; r++)
            {
                if (only is "all" or "analyze")
                {
                    Add("read-seq", Child(variants[0].Bench, "read-seq", data));
                    Add("stat-par", Child(variants[0].Bench, "stat-par", data));
                    foreach (var variant in variants)
                    {
                        if (File.Exists(indexFile)) File.Delete(indexFile);
                        Add("cold" + variant.Suffix, Child(variant.Bench, "analyze", data, "EveryRun"));
                        Add("warm" + variant.Suffix, Child(variant.Bench, "analyze", data, "EveryRun"));
                        Add("trust" + variant.Suffix, Child(variant.Bench, "analyze", data, "AddedAndRemovedRunsOnly"));
                    }
                }
                if (arrays && only is "all" or "nplist")
                {
                    foreach (var variant in variants)
                    {
                        Add("nplist-typed" + variant.Suffix, Child(variant.Bench, "nplist-typed", data));
                        Add("nplist" + variant.Suffix, Child(variant.Bench, "nplist", data));
                    }
                }
            }
            results[size] = samples;
            Console.Error.WriteLine($"  {size:N0} done, load average {ArraysFirstLoadBenchmark.LoadAverage()}");
            foreach (var (name, list) in samples) Console.Error.WriteLine($"    {name}: {list[0].Counts}");
        }

        Console.WriteLine();
        Console.WriteLine("| runs | library | cold | read every config.ini, sequential | cold / read (goal ≤ 1.3) | warm, every run checked | bare parallel stat of every config.ini | warm / stat (goal ≤ 1.3) | trusting the index (goal ≤ 100 ms at 100,000) | trusting, again in the process | peak MB cold |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (size, s) in results)
            foreach (var v in variants)
            {
                if (!s.ContainsKey("cold" + v.Suffix)) continue;
                var (cold, warm, trust) = (s["cold" + v.Suffix], s["warm" + v.Suffix], s["trust" + v.Suffix]);
                Console.WriteLine($"| {size:N0} | {v.Name} | {Cell(cold)} | {Cell(s["read-seq"])} | {Ratio(cold, s["read-seq"])} | {Cell(warm)} | {Cell(s["stat-par"])} | {Ratio(warm, s["stat-par"])} | {Cell(trust)} | {Phase(trust, "again")} [{Phase(trust, "again-cpu")}] | {Med(cold, x => x.PeakMb):F0} |");
            }

        Console.WriteLine();
        Console.WriteLine("Phases (wall ms, medians; CPU ms and MB allocated in brackets): construct / SortBy / GetMultiParamList of 3 / query; the process's JIT time and methods compiled (System.Runtime.JitInfo), GC pauses and gen-0 collections; peak MB");
        Console.WriteLine();
        Console.WriteLine("| runs | variant | construct | SortBy | GetMultiParamList | query | whole | JIT ms (methods) | GC pause ms (gen 0) | peak MB |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (size, s) in results)
            foreach (var (name, list) in s.OrderBy(e => e.Key, StringComparer.Ordinal))
                Console.WriteLine($"| {size:N0} | {name} | {Phases(list, "construct")} | {Phases(list, "sort")} | {Phases(list, "multi")} | {Phases(list, "query")} | {Med(list, x => x.Ms):F0} | {Phase(list, "jit-ms")} ({Phase(list, "jit-methods")}) | {Phase(list, "gc-pause-ms")} ({Phase(list, "gc-count")}) | {Med(list, x => x.PeakMb):F0} |");

        if (results.Any(r => r.Value.Keys.Any(k => k.StartsWith("nplist", StringComparison.Ordinal))))
        {
            Console.WriteLine();
            Console.WriteLine("GetNpList(\"arr\") after constructing the group (index warm); the arrays themselves are runs × 100 float64 (800 bytes of data each); goal: peak ≤ 120 MB beyond them at 100,000 runs");
            Console.WriteLine();
            Console.WriteLine("| runs | variant | ms | peak MB | peak MB after constructing the group | arrays MB | peak beyond the arrays MB |");
            Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (size, s) in results)
                foreach (var (name, list) in s.Where(e => e.Key.StartsWith("nplist", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    double arraysMb = size * 800.0 / (1024 * 1024);
                    double peak = Med(list, x => x.PeakMb);
                    Console.WriteLine($"| {size:N0} | {(name.StartsWith("nplist-typed", StringComparison.Ordinal) ? "GetNpList<double>" : "GetNpList (NDArray)")}{name[name.IndexOf('@') is >= 0 and int at ? at.. : name.Length..]} | {Cell(list)} | {peak:F0} | {Phase(list, "peak-after-construct")} | {arraysMb:F0} | {peak - arraysMb:F0} |");
                }
        }

        var scale = results.Keys.Where(k => k >= 1_000_000 && results.ContainsKey(k / 10)).ToList();
        foreach (int big in scale)
        {
            Console.WriteLine();
            Console.WriteLine("Scale, one order of magnitude up (wall, medians; goals: cold and warm ≤ 11×, GetMultiParamList and the query ≤ 12×, peak < 1 GB)");
            Console.WriteLine();
            Console.WriteLine("| runs | library | cold | warm | trusting | GetMultiParamList (cold process) | query (cold process) | peak MB cold | peak MB warm |");
            Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            var b = results[big];
            var a = results[big / 10];
            foreach (var v in variants)
            {
                if (!b.ContainsKey("cold" + v.Suffix) || !a.ContainsKey("cold" + v.Suffix)) continue;
                List<Sample> B(string kind) => b[kind + v.Suffix];
                List<Sample> A(string kind) => a[kind + v.Suffix];
                Console.WriteLine($"| {big:N0} / {big / 10:N0} | {v.Name} | {Med(B("cold"), x => x.Ms) / Med(A("cold"), x => x.Ms):F1}× | {Med(B("warm"), x => x.Ms) / Med(A("warm"), x => x.Ms):F1}× | {Med(B("trust"), x => x.Ms) / Med(A("trust"), x => x.Ms):F1}× | {PhaseRatio(B("cold"), A("cold"), "multi")} | {PhaseRatio(B("cold"), A("cold"), "query")} | {Med(B("cold"), x => x.PeakMb):F0} | {Med(B("warm"), x => x.PeakMb):F0} |");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"load average {ArraysFirstLoadBenchmark.LoadAverage()} at the end.");
    }

    /// <summary>A library to measure: its name, its StorageTyped.dll, and a copy of this harness that loads it.</summary>
    private sealed record Variant(string Name, string Library, string Bench)
    {
        public string Suffix => Name == "this build" ? "" : "@" + Name;
    }

    /// <summary>
    /// This build's library, and with --variants name=path/StorageTyped.dll,… other builds of it measured side by side
    /// (each in a copy of this harness's folder with that dll in place), for example the library built with
    /// -p:StorageReadyToRun=false, or an older commit's.
    /// </summary>
    private static List<Variant> Variants(string? spec)
    {
        string self = Assembly.GetEntryAssembly()!.Location;
        var result = new List<Variant> { new("this build", Path.Combine(AppContext.BaseDirectory, "StorageTyped.dll"), self) };
        if (spec is null) return result;
        foreach (string part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] nameAndPath = part.Split('=', 2);
            if (nameAndPath.Length != 2 || !File.Exists(nameAndPath[1]))
                throw new ArgumentException($"--variants takes name=path/to/StorageTyped.dll,…; '{part}' is not that (or the file is missing).");
            string folder = Path.Combine(Path.GetTempPath(), "storagetyped-bench", "variant-" + nameAndPath[0]);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            foreach (string file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(folder, Path.GetRelativePath(AppContext.BaseDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            File.Copy(nameAndPath[1], Path.Combine(folder, "StorageTyped.dll"), overwrite: true);
            result.Add(new Variant(nameAndPath[0], Path.GetFullPath(nameAndPath[1]), Path.Combine(folder, Path.GetFileName(self))));
        }
        return result;
    }

    private static string Phases(List<Sample> samples, string phase) =>
        samples.All(s => s.Phases.ContainsKey(phase))
            ? string.Create(CultureInfo.InvariantCulture, $"{Med(samples, x => x.Phases[phase]):F0} [{Med(samples, x => x.Phases.GetValueOrDefault(phase + "-cpu")):F0}, {Med(samples, x => x.Phases.GetValueOrDefault(phase + "-allocMB")):F1} MB]")
            : "–";

    private static double Med(List<Sample> samples, Func<Sample, double> value) => Stats.Median(samples.Select(value));

    private static string Cell(List<Sample> samples) =>
        string.Create(CultureInfo.InvariantCulture, $"{Med(samples, x => x.Ms):F0} [{Med(samples, x => x.CpuMs):F0}]");

    private static string Ratio(List<Sample> a, List<Sample> b) =>
        string.Create(CultureInfo.InvariantCulture, $"{Med(a, x => x.Ms) / Med(b, x => x.Ms):F2} [{Med(a, x => x.CpuMs) / Med(b, x => x.CpuMs):F2}]");

    private static string Phase(List<Sample> samples, string phase) =>
        samples.All(s => s.Phases.ContainsKey(phase)) ? Med(samples, x => x.Phases[phase]).ToString("F0", CultureInfo.InvariantCulture) : "–";

    private static string PhaseRatio(List<Sample> big, List<Sample> small, string phase) =>
        string.Create(CultureInfo.InvariantCulture, $"{Med(big, x => x.Phases[phase]) / Med(small, x => x.Phases[phase]):F1}× ({Med(big, x => x.Phases[phase]):F0} / {Med(small, x => x.Phases[phase]):F0} ms)");

    /// <summary>The child side: one call sequence in this fresh process, printed as JSON.</summary>
    public static void RunChild(string[] args)
    {
        long start = Stopwatch.GetTimestamp();
        TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        string mode = args[0], data = args[1];
        string mainFolder = Path.Combine(data, "StorageManager", Tag);
        var phases = new Dictionary<string, double>();
        string counts;
        long mark = start;
        TimeSpan cpuMark = cpuStart;
        long allocatedMark = GC.GetTotalAllocatedBytes();
        TimeSpan pauseMark = GC.GetTotalPauseDuration();
        void Phase(string name)
        {
            long now = Stopwatch.GetTimestamp();
            TimeSpan cpuNow = Process.GetCurrentProcess().TotalProcessorTime;
            long allocatedNow = GC.GetTotalAllocatedBytes();
            TimeSpan pauseNow = GC.GetTotalPauseDuration();
            phases[name] = Stopwatch.GetElapsedTime(mark, now).TotalMilliseconds;
            phases[name + "-cpu"] = (cpuNow - cpuMark).TotalMilliseconds;
            phases[name + "-allocMB"] = (allocatedNow - allocatedMark) / (1024.0 * 1024.0);
            phases[name + "-gcms"] = (pauseNow - pauseMark).TotalMilliseconds;
            mark = now;
            cpuMark = cpuNow;
            allocatedMark = allocatedNow;
            pauseMark = pauseNow;
        }
        switch (mode)
        {
            case "analyze":
            {
                var check = Enum.Parse<IndexCheck>(args[2]);
                // "nosort" leaves SortBy out (the group's lists then come in table order: the gather's cache misses apart).
                bool sort = !args.Contains("nosort");
                counts = Analyze(data, check, Phase, sort);
                if (check == IndexCheck.AddedAndRemovedRunsOnly && !args.Contains("once"))
                {
                    // The same sequence again in this process: what a program that analyses twice pays the second time.
                    double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds;
                    long again = Stopwatch.GetTimestamp();
                    TimeSpan againCpu = Process.GetCurrentProcess().TotalProcessorTime;
                    mark = again;
                    cpuMark = againCpu;
                    Analyze(data, check, name => Phase("again-" + name), sort);
                    phases["again"] = Stopwatch.GetElapsedTime(again).TotalMilliseconds;
                    phases["again-cpu"] = (Process.GetCurrentProcess().TotalProcessorTime - againCpu).TotalMilliseconds;
                    Print(new Sample(ms, cpu, PeakMb(), phases, counts));
                    return;
                }
                break;
            }
            case "noop":
                counts = "nothing";
                break;
            case "loop":
            {
                // For a profiler: the trusting sequence over and over (steady state, no JIT).
                var check = Enum.Parse<IndexCheck>(args[2]);
                int times = int.Parse(args[3], CultureInfo.InvariantCulture);
                counts = "";
                for (int i = 0; i < times; i++) counts = Analyze(data, check, Phase);
                break;
            }
            case "read-seq":
            {
                long bytes = 0;
                int files = 0;
                foreach (string run in Directory.EnumerateDirectories(mainFolder, Tag + "*"))
                {
                    bytes += File.ReadAllBytes(Path.Combine(run, "config.ini")).Length;
                    files++;
                }
                counts = $"{files} files, {bytes} bytes";
                break;
            }
            case "stat-par":
            {
                // The floor of a warm load: one stat of every config.ini, on every core, relative to an open
                // main folder (the cheapest form). The names are listed before the clock starts.
                byte[][] paths = Directory.EnumerateDirectories(mainFolder, Tag + "*")
                    .Select(run => System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(run) + "/config.ini\0")).ToArray();
                int folder = open(mainFolder, 0x10000 /* O_DIRECTORY */);
                if (folder < 0) throw new IOException($"cannot open {mainFolder}");
                start = Stopwatch.GetTimestamp();
                cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                long sizes = 0;
                int threads = Environment.ProcessorCount;
                var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
                {
                    byte* buffer = stackalloc byte[256];
                    long local = 0;
                    for (int i = t; i < paths.Length; i += threads)
                    {
                        fixed (byte* path = paths[i])
                            if (fstatat(folder, path, buffer, 0) != 0) throw new IOException($"cannot stat {i}");
                        local += *(long*)(buffer + 48); // st_size on x86-64 and arm64
                    }
                    Interlocked.Add(ref sizes, local);
                })).ToList();
                workers.ForEach(w => w.Start());
                workers.ForEach(w => w.Join());
                counts = $"{paths.Length} files, {sizes} bytes, {threads} threads";
                break;
            }
            case "nplist":
            case "nplist-typed":
            {
                var smg = new StorageManagerGroup(Tag, options: new StorageOptions { DataFolder = data });
                Phase("construct");
                phases["peak-after-construct"] = PeakMb();
                if (mode == "nplist")
                {
                    var arrays = smg.GetNpList("arr");
                    Phase("load");
                    counts = $"{arrays.Count} arrays, {arrays.Sum(a => a?.size ?? 0)} values";
                    GC.KeepAlive(arrays);
                }
                else
                {
                    var arrays = smg.GetNpList<double>("arr");
                    Phase("load");
                    counts = $"{arrays.Count} arrays, {arrays.Sum(a => a?.Length ?? 0)} values";
                    GC.KeepAlive(arrays);
                }
                // The time is GetNpList's alone; the peak is the process's (group included).
                Print(new Sample(phases["load"], (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds, PeakMb(), phases, counts));
                return;
            }
            default:
                throw new ArgumentException($"unknown child mode {mode}");
        }
        Print(new Sample(Stopwatch.GetElapsedTime(start).TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds, PeakMb(), phases, counts));
    }

    private static string Analyze(string data, IndexCheck check, Action<string> phase, bool sort = true)
    {
        var smg = new StorageManagerGroup(Tag, options: new StorageOptions { DataFolder = data }, check: check);
        phase("construct");
        if (sort) smg.SortBy("score");
        phase("sort");
        var lists = smg.GetMultiParamList(ThreeParams);
        phase("multi");
        var big = smg[Query];
        phase("query");
        return $"{smg.Count} runs, {lists[0].Count} complete rows, {big.Count} above 1000";
    }

    private static double PeakMb() => Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

    /// <summary>Prints the sample with the process's JIT and GC totals among its phases (the profile's first cut).</summary>
    private static void Print(Sample sample)
    {
        sample.Phases["jit-ms"] = System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds;
        sample.Phases["jit-methods"] = System.Runtime.JitInfo.GetCompiledMethodCount();
        sample.Phases["gc-pause-ms"] = GC.GetTotalPauseDuration().TotalMilliseconds;
        sample.Phases["gc-count"] = GC.CollectionCount(0);
        Console.WriteLine(JsonSerializer.Serialize(sample));
    }

    private static Sample Child(string bench, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(bench);
        info.ArgumentList.Add("group-goals-child");
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"a benchmark child failed: {output}{error}");
        return JsonSerializer.Deserialize<Sample>(output.Trim().Split('\n')[^1])!;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fstatat(int folder, byte* path, byte* result, int flags);
}
