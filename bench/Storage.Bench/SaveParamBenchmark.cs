using System.Diagnostics;

namespace StorageTyped.Bench;

/// <summary>Issue 2's figure: one SaveParam on a run that has 10 keys (median and 90th percentile).</summary>
internal static class SaveParamBenchmark
{
    public static void Run(string[] args)
    {
        int calls = new BenchOptions(args).Int("calls", 2000);
        using var scratch = new Scratch("saveparam");
        var sm = new StorageManager("Bench", options: new StorageOptions { DataFolder = scratch.DataFolder });
        for (int k = 0; k < 9; k++) sm.SaveParam("key" + k, k * 1.5);
        var times = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            sm.SaveParam("score", i * 0.01);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        var loads = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            _ = sm.LoadParam("score");
            loads[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Console.WriteLine($"| operation (run with 10 keys, {calls:N0} calls) | median (µs) | p90 (µs) |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| SaveParam | {Stats.Median(times):F1} | {Stats.Percentile(times, 0.9):F1} |");
        Console.WriteLine($"| LoadParam | {Stats.Median(loads):F1} | {Stats.Percentile(loads, 0.9):F1} |");
    }
}
