using System.Globalization;
using StorageTyped;

// A child process for the tests that need real processes: concurrent creation, concurrent writers, crashes.
// Usage: Storage.TestWorker <command> <arguments…>; exit code 0 on success, 1 with the exception on stderr.
try
{
    return args[0] switch
    {
        "create" => Create(args[1], args[2], args[3] == "random", int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture), args[6], args.Length > 7 && args[7] == "arrays"),
        "save-params" => SaveParams(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture)),
        "rewrite-config" => RewriteConfig(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
        "default-run" => DefaultRun(args[1]),
        "lifetime" => Lifetime(args[1], args[2], args[3]),
        "crash-loop" => CrashLoop(args[1]),
        "rewrite-object" => RewriteObject(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
        "rewrite-array" => RewriteArray(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
        "render-video" => RenderVideo(args[1], args[2]),
        "copy-project" => CopyProject(args[1]),
        "group-refresh" => GroupRefresh(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture)),
        "print-args" => PrintArgs(args[1..]),
        "sweep" => RunSweep(args[1..]).GetAwaiter().GetResult(),
        "point-ids" => PointIds(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]),
        _ => throw new ArgumentException($"unknown command {args[0]}"),
    };
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    return 1;
}

// Creates runsTotal runs spread over threads, each run with 8 parameters that identify it (and, with arrays,
// arr.npy holding [thread, i, 0, 1, …, 97]).
static int Create(string dataFolder, string main, bool random, int threads, int runsTotal, string tag, bool arrays = false)
{
    var options = new StorageOptions { DataFolder = dataFolder };
    var workers = Enumerable.Range(0, threads).Select(thread => new Thread(() =>
    {
        for (int i = thread; i < runsTotal; i += threads)
        {
            var sm = new StorageManager(main, randomNr: random, options: options);
            sm.SaveParamDict(new Dictionary<string, object?>
            {
                ["creator"] = $"{tag}-{thread}-{i}",
                ["thread"] = thread,
                ["index"] = i,
                ["score"] = i * 0.25,
                ["flag"] = i % 2 == 0,
                ["name"] = "run " + i,
                ["values"] = new[] { thread, i },
                ["learning_rate"] = 1e-5,
            });
            if (arrays)
                sm.SaveNp("arr", new double[] { thread, i }.Concat(Enumerable.Range(0, 98).Select(x => (double)x)).ToArray());
        }
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return 0;
}

static int SaveParams(string runPath, string prefix, int count)
{
    var sm = StorageManager.Open(runPath);
    for (int i = 0; i < count; i++) sm.SaveParam($"{prefix}_{i}", i);
    return 0;
}

// Rewrites config.ini over and over with values of changing length, so a torn read would show.
static int RewriteConfig(string runPath, int iterations)
{
    var sm = StorageManager.Open(runPath);
    for (int i = 0; i < iterations; i++)
    {
        int length = (int)((long)i * 7919 % 4000);
        sm.SaveParamDict(new Dictionary<string, object?>
        {
            ["iteration"] = i,
            ["payload"] = new string('x', length),
            ["check"] = length,
        });
    }
    return 0;
}

static int DefaultRun(string main)
{
    var sm = new StorageManager(main);
    Console.WriteLine(sm.Path);
    return 0;
}

// A run whose process ends in the way named by mode: "exit0", "exit3", "throw", or "wait" (until killed).
static int Lifetime(string dataFolder, string main, string mode)
{
    var sm = new StorageManager(main, options: new StorageOptions { DataFolder = dataFolder });
    Console.WriteLine(sm.Path);
    Console.Out.Flush();
    switch (mode)
    {
        case "exit0": return 0;
        case "exit3": return 3;
        case "throw":
            // Thrown on a thread of its own so that it is unhandled (the worker's catch would handle it here).
            var failing = new Thread(() => throw new InvalidOperationException("simulation diverged\nat step 12"));
            failing.Start();
            failing.Join();
            return 0;
        case "wait": Thread.Sleep(Timeout.Infinite); return 0;
        default: throw new ArgumentException(mode);
    }
}

// Saves parameters, an object and a text over and over, printing "ack <kind> <i>" after each call returned, until
// killed: the crash test checks that everything acknowledged is on disk and every file parses.
static int CrashLoop(string runPath)
{
    var sm = StorageManager.Open(runPath);
    int start = sm.LoadParam<int>("next", defaultValue: 0);
    for (int i = start; ; i++)
    {
        sm.SaveParamDict(new Dictionary<string, object?> { ["k" + i] = i, ["next"] = i + 1, ["blob"] = new string('p', i % 3000) });
        Console.WriteLine($"ack param {i}");
        sm.SaveObj("state", new CrashState(i, Enumerable.Range(0, i % 500).Select(x => x * 0.5).ToArray()));
        Console.WriteLine($"ack obj {i}");
        sm.SaveStr("log", $"step {i}\n" + new string('s', i % 2000));
        Console.WriteLine($"ack str {i}");
        sm.SaveNp("weights", Enumerable.Range(0, 1 + i % 4000).Select(x => (double)i).ToArray());
        Console.WriteLine($"ack npy {i}");
    }
}

// Rewrites one object with changing sizes, for the torn-read test.
static int RewriteObject(string runPath, int iterations)
{
    var sm = StorageManager.Open(runPath);
    for (int i = 0; i < iterations; i++)
    {
        int length = (int)((long)i * 7919 % 5000);
        sm.SaveObj("state", new CrashState(length, Enumerable.Repeat(1.5, length).ToArray()));
    }
    return 0;
}

// Renders a key's frames; prints "ok <video>" or "error <exception type>: <message>" (for runs with a PATH without ffmpeg).
static int RenderVideo(string runPath, string key)
{
    try
    {
        Console.WriteLine("ok " + StorageManager.Open(runPath).RenderVideo(key));
    }
    catch (Exception e)
    {
        Console.WriteLine($"error {e.GetType().Name}: {e.Message}");
    }
    return 0;
}

// Writes backup.zip of the run's project and prints its path (for runs with a PATH without git).
static int CopyProject(string runPath)
{
    Console.WriteLine(StorageManager.Open(runPath).CopyProjectFiles());
    return 0;
}

// Rewrites one array with changing lengths whose first element is the length, for the torn-read test.
static int RewriteArray(string runPath, int iterations)
{
    var sm = StorageManager.Open(runPath);
    for (int i = 0; i < iterations; i++)
    {
        int length = 1 + (int)((long)i * 7919 % 20000);
        var values = new double[length];
        Array.Fill(values, 2.5);
        values[0] = length;
        sm.SaveNp("arr", values);
    }
    return 0;
}

// Loads a group over and over (index read, checked, rewritten) while other processes create and change runs; fails
// when a run's config.ini is ever seen damaged or a value disagrees with the run's own file.
static int GroupRefresh(string dataFolder, string main, int iterations)
{
    var options = new StorageOptions { DataFolder = dataFolder };
    int count = 0;
    for (int i = 0; i < iterations; i++)
    {
        var smg = new StorageManagerGroup(main, options: options);
        smg.Refresh();
        if (smg.UnreadableRuns.Count > 0)
            throw new InvalidOperationException("damaged runs seen: " + string.Join("; ", smg.UnreadableRuns.Select(p => p.Key + ": " + p.Value)));
        var creators = smg.GetParamList("creator");
        var runs = smg.StorageManagerList;
        for (int r = 0; r < runs.Count; r += 37)
        {
            // A value in the group is one the run had: a run changes only from "no creator yet" to its creator.
            if (creators[r] is not null && !Equals(creators[r], runs[r].LoadParam("creator")))
                throw new InvalidOperationException($"{runs[r].Path}: group has {creators[r]}, file has {runs[r].LoadParam("creator")}");
        }
        count = smg.Count;
    }
    Console.WriteLine(count);
    return 0;
}

// Prints what the process received as JSON: its arguments after "print-args", its working directory and the
// environment variables named in PRINT_ARGS_VARIABLES (comma-separated), for the tests of the sbatch script's quoting.
static int PrintArgs(string[] arguments)
{
    var names = (Environment.GetEnvironmentVariable("PRINT_ARGS_VARIABLES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
    var received = new Dictionary<string, object?>
    {
        ["arguments"] = arguments,
        ["directory"] = Environment.CurrentDirectory,
        ["variables"] = names.ToDictionary(name => name, Environment.GetEnvironmentVariable),
    };
    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(received));
    return 0;
}

// A sweep of untyped points {index, rate, label} whose body waits (or spins) for a while and saves result = 2 × index.
// Usage: sweep <data folder> <main> <points> <body ms> [--parallel n] [--retries n] [--fail i,j,…] [--fail-once i,j,…]
//        [--shard i/n] [--heartbeat seconds] [--spin]
// Prints "progress <completed> <done> <total>" after each point and "result completed=… skipped=… failed=… interrupted=…
// cancelled=…" at the end; exits with the result's exit code (0 all completed, 1 a point failed, 130 cancelled). Inside a
// Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) it runs only its task's share of the points.
static async Task<int> RunSweep(string[] a)
{
    string dataFolder = a[0], main = a[1];
    int count = int.Parse(a[2], CultureInfo.InvariantCulture), bodyMilliseconds = int.Parse(a[3], CultureInfo.InvariantCulture);
    var options = new SweepOptions { Storage = new StorageOptions { DataFolder = dataFolder } };
    var failAlways = new HashSet<int>();
    var failOnce = new HashSet<int>();
    bool spin = false;
    for (int i = 4; i < a.Length; i++)
    {
        switch (a[i])
        {
            case "--parallel": options = options with { MaxParallelism = int.Parse(a[++i], CultureInfo.InvariantCulture) }; break;
            case "--retries": options = options with { Retries = int.Parse(a[++i], CultureInfo.InvariantCulture) }; break;
            case "--fail": failAlways.UnionWith(a[++i].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))); break;
            case "--fail-once": failOnce.UnionWith(a[++i].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))); break;
            case "--shard":
                string[] shard = a[++i].Split('/');
                options = options with { Shard = new SweepShard(int.Parse(shard[0], CultureInfo.InvariantCulture), int.Parse(shard[1], CultureInfo.InvariantCulture)) };
                break;
            case "--heartbeat": options = options with { HeartbeatTimeout = TimeSpan.FromSeconds(double.Parse(a[++i], CultureInfo.InvariantCulture)) }; break;
            case "--spin": spin = true; break;
            default: throw new ArgumentException($"unknown sweep option {a[i]}");
        }
    }
    var gate = new object();
    options = options with
    {
        Progress = new SynchronousProgress<SweepProgress>(p =>
        {
            lock (gate)
            {
                Console.WriteLine($"progress {p.Completed} {p.Done} {p.Total}");
                Console.Out.Flush();
            }
        }),
    };
    var points = Enumerable.Range(0, count).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
    {
        ["index"] = i,
        ["rate"] = 0.5 + i * 0.001,
        ["label"] = "point " + i,
    }).ToList();
    var result = await Sweep.RunAsync(main, points, async (point, run, token) =>
    {
        int index = (int)point["index"]!;
        if (spin)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            double x = index;
            while (clock.ElapsedMilliseconds < bodyMilliseconds) { token.ThrowIfCancellationRequested(); x = Math.Sqrt(x + 1); }
        }
        else
        {
            await Task.Delay(bodyMilliseconds, token);
        }
        if (failAlways.Contains(index)) throw new InvalidOperationException($"point {index} always fails");
        if (failOnce.Contains(index) && run.LoadParam<int>("attempt", 1, section: "Sweep") == 1) throw new InvalidOperationException($"point {index} fails at its first attempt");
        run.SaveParam("result", index * 2);
    }, options);
    Console.WriteLine($"result completed={result.Completed.Count} skipped={result.Skipped.Count} failed={result.Failed.Count} interrupted={result.Interrupted.Count} cancelled={result.Cancelled}");
    return result.ExitCode;
}

// Prints the identities of the sweep command's first <count> points, computed in <culture>.
static int PointIds(string dataFolder, int count, string culture)
{
    CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
    var points = Enumerable.Range(0, count).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
    {
        ["index"] = i,
        ["rate"] = 0.5 + i * 0.001,
        ["label"] = "point " + i,
    });
    foreach (var status in Sweep.GetStatus("Ids", points, new StorageOptions { DataFolder = dataFolder })) Console.WriteLine(status.PointId);
    return 0;
}

/// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>The object the crash and torn-read tests write: Values always has Step % 500 (or Step) elements.</summary>
public sealed record CrashState(int Step, double[] Values);
