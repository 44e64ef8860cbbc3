using static StorageTyped.Tests.Groups.GroupTestRuns;

namespace StorageTyped.Tests.Analysis;

/// <summary>
/// Tests that count the process's allocations: they run alone, after the parallel tests, since
/// GC.GetTotalAllocatedBytes counts every thread's (and a summary runs on several threads, so a per-thread count
/// would miss its work).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCountingCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "allocation counting";
}

/// <summary>SummarizeArrays streams the runs' arrays instead of holding them.</summary>
[Collection(AllocationCountingCollection.Name)]
public sealed class ArraySummaryMemoryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Arrays_are_streamed_so_a_summary_allocates_far_less_than_the_arrays_hold()
    {
        const int Runs = 300, Length = 20_000;
        var values = new double[Length];
        for (int r = 1; r <= Runs; r++)
        {
            for (int i = 0; i < Length; i++) values[i] = Math.Sin(i * 0.001 * r);
            Create(_temp, "Big", r, P(("seed", r))).SaveNp("trace", values);
        }
        var smg = new StorageManagerGroup("Big", options: _temp.Options);
        smg.SummarizeArrays<double>("trace"); // warm: JIT and the runs' StorageManager objects

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var summary = smg.SummarizeArrays<double>("trace");
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        long held = (long)Runs * Length * sizeof(double); // 48 MB in the files
        Assert.True(allocated < held / 8, $"allocated {allocated:N0} bytes for {held:N0} bytes of arrays");
        Assert.Equal(Runs, summary.N[123]);
        double expected = Enumerable.Range(1, Runs).Average(r => Math.Sin(123 * 0.001 * r));
        Assert.Equal(expected, summary.Mean[123], 12);
    }
}
