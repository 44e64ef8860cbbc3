using System.Diagnostics;
using System.Globalization;

namespace StorageTyped.Bench;

/// <summary>The parameters of the group benchmark's runs (bench/baseline/make_group_data.py), as a user would declare them.</summary>
[RunParameters]
public partial record BenchParams
{
    public int NumberOfNeurons { get; init; }
    public double Score { get; init; }
    public double LearningRate { get; init; }
    public int Seed { get; init; }
    public double Connectivity { get; init; }
    public bool Plastic { get; init; }
    public string Label { get; init; } = "";
    public int[] Delays { get; init; } = [];
}

/// <summary>
/// Issue 6's group figure: loading the typed parameters of N runs with the index warm, then
/// Where(p =&gt; p.NumberOfNeurons &gt; 1000).OrderBy(p =&gt; p.Score), against the untyped group doing the same
/// (load, SortBy("score"), Select("number_of_neurons&gt;1000")). Same data set as the group benchmark.
/// </summary>
internal static class TypedGroupBenchmark
{
    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int runs = options.Int("runs", 100_000);
        int repeats = options.Int("repeats", 5);
        string root = options.String("data") ?? Path.Combine(Path.GetTempPath(), "storagetyped-bench", "group-data");
        string data = GroupBenchmark.EnsureData(root, runs);
        var storageOptions = new StorageOptions { DataFolder = data };
        _ = new StorageManagerGroup("Bench", options: storageOptions); // builds the index when it is missing: every measurement is warm

        var untyped = new List<double>();
        var untypedLoad = new List<double>();
        var typed = new List<double>();
        var typedLoad = new List<double>();
        int untypedCount = 0, typedCount = 0;
        for (int repeat = 0; repeat < repeats + 1; repeat++)
        {
            GC.Collect();
            long start = Stopwatch.GetTimestamp();
            var group = new StorageManagerGroup("Bench", options: storageOptions);
            double untypedLoadMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            group.SortBy("score");
            var selected = group.Select("number_of_neurons>1000");
            double untypedMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            untypedCount = selected.Count;

            GC.Collect();
            start = Stopwatch.GetTimestamp();
            var typedGroup = new StorageManagerGroup<BenchParams>("Bench", options: storageOptions);
            double loadMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var result = typedGroup.Where(p => p.NumberOfNeurons > 1000).OrderBy(p => p.Score).ToList();
            double typedMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            typedCount = result.Count;
            if (typedGroup.UnreadableRuns.Count > 0) throw new InvalidOperationException("unreadable runs: " + typedGroup.UnreadableRuns.First());

            if (repeat == 0) continue; // JIT warm-up
            untyped.Add(untypedMs);
            untypedLoad.Add(untypedLoadMs);
            typed.Add(typedMs);
            typedLoad.Add(loadMs);
        }
        if (untypedCount != typedCount) throw new InvalidOperationException($"The groups disagree: {untypedCount} vs {typedCount} runs.");

        double u = Stats.Median(untyped), t = Stats.Median(typed);
        Console.WriteLine($"| {runs:N0} runs, index warm, median of {repeats} ({Environment.ProcessorCount} cores) | ms |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| untyped: new StorageManagerGroup (index read, every run's config.ini stat'ed) | {Stats.Median(untypedLoad):F0} |");
        Console.WriteLine($"| untyped: new StorageManagerGroup + SortBy(\"score\") + Select(\"number_of_neurons>1000\") ({untypedCount:N0} runs) | {u:F0} |");
        Console.WriteLine($"| typed: new StorageManagerGroup<BenchParams> (8 parameters read per run) | {Stats.Median(typedLoad):F0} |");
        Console.WriteLine($"| typed: … + Where(p => p.NumberOfNeurons > 1000).OrderBy(p => p.Score).ToList() ({typedCount:N0} runs) | {t:F0} |");
        Console.WriteLine($"| typed / untyped | {(t / u).ToString("F2", CultureInfo.InvariantCulture)}× |");
        Console.WriteLine();
        Console.WriteLine($"goal: typed within 1.5× of untyped — {(t <= 1.5 * u ? "met" : "NOT met")}");
    }
}
