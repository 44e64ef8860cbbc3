using StorageTyped.Bench;

// Plain timed harness: each command measures the library and its baseline in the same run and prints a
// Markdown table of medians and ratios. Run with -c Release; see bench/README.md.
string command = args.Length > 0 ? args[0] : "help";
string[] rest = args.Skip(1).ToArray();
switch (command)
{
    case "creation": CreationBenchmark.Run(rest); break;
    case "saveparam": SaveParamBenchmark.Run(rest); break;
    case "media": MediaBenchmark.Run(rest); break;
    case "arrays": ArraysBenchmark.Run(rest); break;
    case "arrays-first": ArraysFirstLoadBenchmark.Run(rest); break;
    case "arrays-child": ArraysFirstLoadBenchmark.RunChild(rest); break;
    case "group": GroupBenchmark.Run(rest); break;
    case "group-child": GroupBenchmark.RunChild(rest); break;
    case "group-goals": GroupGoalsBenchmark.Run(rest); break;
    case "group-goals-child": GroupGoalsBenchmark.RunChild(rest); break;
    case "typed": GeneratorBenchmark.Run(rest); break;
    case "typed-group": TypedGroupBenchmark.Run(rest); break;
    case "cli": CliBenchmark.Run(rest); break;
    case "sweep": SweepBenchmark.Run(rest); break;
    case "sweep-check": SweepBenchmark.RunCheckChild(rest); break;
    case "report": ReportBenchmark.Run(rest); break;
    case "array-summary": ReportBenchmark.RunArraySummary(rest); break;
    case "array-summary-child": ReportBenchmark.RunArraySummaryChild(rest); break;
    default:
        Console.WriteLine("usage: dotnet run -c Release --project bench/Storage.Bench -- <command> [options]");
        Console.WriteLine("  creation  [--runs 10000] [--repeats 3] [--python] [--tmpfs|--tmpfs-only] [--all] [--only NAME]   StorageManager.Create of runs with 8 parameters, enumerated and random, vs the floor");
        Console.WriteLine("  saveparam [--calls 2000]                             one SaveParam on a run with 10 keys");
        Console.WriteLine("  media     [--frames 500] [--repeats 5] [--tmpfs]     SaveFrame vs imageio, RenderVideo vs ffmpeg by hand (bench/media.sh)");
        Console.WriteLine("  arrays    [--sizes 1,100,1024] [--rounds 3] [--folder DIR]  SaveNp/LoadNp vs File.*AllBytes vs numpy (MiB of float64)");
        Console.WriteLine("  arrays-first [--sizes 1,100,1024] [--repeats 5] [--folder DIR]  one load in a fresh process: LoadNp vs ReadAllBytes vs np.load");
        Console.WriteLine("  cli       [--sizes 1000,10000,100000] [--repeats 3] [--data DIR] [--tool runs.dll|runs]   each runs command as a fresh process (the dll, or the installed native tool), wall and CPU, vs PymoNNto's group");
        Console.WriteLine("  report    [--sizes 10000,100000] [--repeats 3] [--data DIR] [--browser /usr/bin/chromium]   runs report beside runs list; file size; ready time in chromium");
        Console.WriteLine("  array-summary [--runs 10000] [--length 10000] [--repeats 3] [--folder DIR]   SummarizeArrays (time, peak memory) vs numpy holding every array");
        Console.WriteLine("  group     [--sizes 1000,10000,100000] [--repeats 3] [--data DIR] [--no-python] [--only analyze|nplist]   the group analysis, cold/warm, and GetNpList vs PymoNNto");
        Console.WriteLine("  group-goals [--sizes 20000,100000,1000000] [--repeats 5] [--data DIR] [--only analyze|nplist]   issue 16's group goals: cold vs sequential read, warm vs parallel stat, trusting, GetNpList peak memory, 1M scale");
        Console.WriteLine("  typed     [--types 500] [--repeats 5]                the [RunParameters] generator on N parameter types");
        Console.WriteLine("  typed-group [--runs 100000] [--repeats 5] [--data DIR]   typed group load + Where/OrderBy vs the untyped group");
        Console.WriteLine("  sweep     [--points 10000] [--finished 100000] [--cpu-points 100] [--repeats 3] [--data DIR] [--only overhead|finished|cpu]   Sweep.RunAsync vs Create, a finished sweep, a 20 ms body on every core");
        break;
}
