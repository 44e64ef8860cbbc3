using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 16's figure: the first load of an array in a program that loads it once. Every measurement is one fresh
/// process that loads one file once, into memory the process has never touched: LoadNp&lt;double&gt;, LoadNp (NDArray)
/// and LoadNp into a new caller-kept array, beside File.ReadAllBytes of the same bytes and numpy's np.load
/// (<c>baseline/npy_first_load.py</c>). Two rows per size: the process's very first call (JIT and first-use costs
/// included, as a user meets it), and the load after one untimed load of a small file (what the fresh memory costs).
/// Contenders alternate within each repeat; the page cache is warm; medians.
/// </summary>
internal static class ArraysFirstLoadBenchmark
{
    private static readonly string[] Contenders = ["ReadAllBytes", "LoadNp<double>", "LoadNp", "LoadNp(span)", "np.load"];

    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int[] sizes = (options.String("sizes") ?? "1,100,1024").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int repeats = options.Int("repeats", 5);
        string? folder = options.String("folder");
        using var scratch = new Scratch("arrays-first");
        string root = folder ?? scratch.Root;
        Directory.CreateDirectory(root);
        var sm = new StorageManager("Bench", options: new StorageOptions { DataFolder = Path.Combine(root, "Data") });
        sm.SaveNp("small", new double[16]);
        string small = Path.Combine(sm.Path, "small.npy");
        Console.WriteLine($"float64 arrays, page cache warm, files in {root}; each figure one fresh process loading one file once; medians of {repeats}; {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}; load average {LoadAverage()}.");
        Console.WriteLine();
        Console.WriteLine("| size | process | ReadAllBytes (MiB/s) | LoadNp<double> (MiB/s) | ratio | LoadNp NDArray (MiB/s) | ratio | LoadNp into new span (MiB/s) | ratio | np.load (MiB/s) | LoadNp<double> / np.load | LoadNp / np.load |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var cpuRows = new List<string>();
        foreach (int mib in sizes)
        {
            string key = $"a{mib}";
            var data = new double[mib * 1024 * 1024 / 8];
            for (int i = 0; i < data.Length; i++) data[i] = i * 0.5;
            sm.SaveNp(key, data);
            data = null;
            string npy = Path.Combine(sm.Path, key + ".npy");
            string raw = Path.Combine(sm.Path, $"raw{mib}.bin");
            File.Copy(npy, raw, overwrite: true);
            GC.Collect();
            foreach (bool warmFirst in new[] { false, true })
            {
                var times = Contenders.ToDictionary(c => c, _ => new List<double>());
                var cpuTimes = Contenders.ToDictionary(c => c, _ => new List<double>());
                for (int r = 0; r < repeats; r++)
                {
                    // Rotate the order so that no contender always runs right after another's page cache work.
                    for (int c = 0; c < Contenders.Length; c++)
                    {
                        string contender = Contenders[(c + r) % Contenders.Length];
                        var (wall, cpu) = Child(contender, contender == "ReadAllBytes" ? raw : npy, warmFirst ? small : null);
                        times[contender].Add(wall);
                        cpuTimes[contender].Add(cpu);
                    }
                }
                double Rate(string c) => mib / Stats.Median(times[c]);
                double readAll = Rate("ReadAllBytes"), typed = Rate("LoadNp<double>"), nd = Rate("LoadNp"), span = Rate("LoadNp(span)"), numpy = Rate("np.load");
                string size = mib >= 1024 ? $"{mib / 1024} GiB" : $"{mib} MiB";
                string process = warmFirst ? "fresh process, after one small load" : "fresh process, first load";
                Console.WriteLine($"| {size} | {process} | {readAll:N0} | {typed:N0} | {typed / readAll:F2} | {nd:N0} | {nd / readAll:F2} | {span:N0} | {span / readAll:F2} | {numpy:N0} | {typed / numpy:F2} | {nd / numpy:F2} |");
                double Cpu(string c) => mib / Stats.Median(cpuTimes[c]);
                cpuRows.Add($"| {size} | {process} | {Cpu("ReadAllBytes"):N0} | {Cpu("LoadNp<double>"):N0} | {Cpu("LoadNp<double>") / Cpu("ReadAllBytes"):F2} | {Cpu("LoadNp"):N0} | {Cpu("LoadNp") / Cpu("ReadAllBytes"):F2} | {Cpu("LoadNp(span)"):N0} | {Cpu("LoadNp(span)") / Cpu("ReadAllBytes"):F2} | {Cpu("np.load"):N0} | {Cpu("LoadNp<double>") / Cpu("np.load"):F2} | {Cpu("LoadNp") / Cpu("np.load"):F2} |");
            }
            File.Delete(raw);
            File.Delete(npy);
        }
        Console.WriteLine();
        Console.WriteLine("The same loads in the loading thread's CPU time (user + system; MiB per CPU second), which the machine's other load disturbs less:");
        Console.WriteLine();
        Console.WriteLine("| size | process | ReadAllBytes | LoadNp<double> | ratio | LoadNp NDArray | ratio | LoadNp into new span | ratio | np.load | LoadNp<double> / np.load | LoadNp / np.load |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string row in cpuRows) Console.WriteLine(row);
    }

    /// <summary>The child: one load of one file in this fresh process; prints its seconds.</summary>
    public static void RunChild(string[] args)
    {
        string contender = args[0], path = args[1];
        string? small = args.Length > 2 ? args[2] : null;
        StorageManager? sm = contender == "ReadAllBytes" ? null : StorageManager.Open(Path.GetDirectoryName(path)!);
        string key = Path.GetFileNameWithoutExtension(path);
        double[]? buffer = null;
        if (contender == "LoadNp(span)")
        {
            // The caller's buffer, made before the load as a caller would; its pages are untouched.
            buffer = GC.AllocateUninitializedArray<double>((int)(sm!.GetNpInfo(key).Shape.Aggregate(1L, (a, b) => a * b)));
        }
        if (small is not null)
        {
            string smallKey = Path.GetFileNameWithoutExtension(small);
            switch (contender)
            {
                case "ReadAllBytes": GC.KeepAlive(File.ReadAllBytes(small)); break;
                case "LoadNp<double>": GC.KeepAlive(sm!.LoadNp<double>(smallKey)); break;
                case "LoadNp": sm!.LoadNp(smallKey).Dispose(); break;
                case "LoadNp(span)": sm!.LoadNp<double>(smallKey, new double[16]); break;
            }
        }
        double cpuStart = ThreadCpuSeconds();
        long start = Stopwatch.GetTimestamp();
        object result = contender switch
        {
            "ReadAllBytes" => File.ReadAllBytes(path),
            "LoadNp<double>" => sm!.LoadNp<double>(key),
            "LoadNp" => sm!.LoadNp(key),
            "LoadNp(span)" => LoadInto(sm!, key, buffer!),
            _ => throw new ArgumentException(contender),
        };
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double cpu = ThreadCpuSeconds() - cpuStart;
        GC.KeepAlive(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:R} {cpu:R}"));
    }

    /// <summary>The calling thread's CPU time (user and system), which other load on the machine disturbs less than wall time.</summary>
    internal static double ThreadCpuSeconds()
    {
        Span<long> timespec = stackalloc long[2];
        return ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, ref timespec[0]) == 0 ? timespec[0] + timespec[1] * 1e-9 : double.NaN;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, ref long timespec);

    private static object LoadInto(StorageManager sm, string key, double[] buffer)
    {
        sm.LoadNp<double>(key, buffer);
        return buffer;
    }

    private static (double Wall, double Cpu) Child(string contender, string path, string? small)
    {
        ProcessStartInfo info;
        if (contender == "np.load")
        {
            info = new ProcessStartInfo("/usr/bin/python3");
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "baseline", "npy_first_load.py"));
        }
        else
        {
            info = new ProcessStartInfo(Environment.ProcessPath!);
            if (!Environment.ProcessPath!.EndsWith("Storage.Bench", StringComparison.Ordinal))
                info.ArgumentList.Add(typeof(ArraysFirstLoadBenchmark).Assembly.Location);
            info.ArgumentList.Add("arrays-child");
            info.ArgumentList.Add(contender);
        }
        info.ArgumentList.Add(path);
        if (small is not null) info.ArgumentList.Add(small);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{contender} on {path} failed: {error}");
        string[] parts = output.Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    internal static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}
