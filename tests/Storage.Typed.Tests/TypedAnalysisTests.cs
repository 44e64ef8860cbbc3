namespace StorageTyped.Typed.Tests;

[RunParameters]
public partial record ReplicatedParams
{
    public int NumberOfNeurons { get; init; } = 100;
    [IniKey("lr")] public double LearningRate { get; init; } = 0.01;
    public int Seed { get; init; }
    public double? Score { get; init; }
    public Mode Mode { get; init; } = Mode.Fast;
}

/// <summary>The typed schema and replicate summaries, checked against the untyped ones (which are checked against numpy).</summary>
public sealed class TypedAnalysisTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private void WriteSweep()
    {
        var random = new Random(11);
        foreach (int size in new[] { 500, 1000, 2000 })
        foreach (double rate in new[] { 0.1, 0.01 })
        for (int seed = 0; seed < 5; seed++)
        {
            if (size == 1000 && rate == 0.1 && seed == 3) continue;                 // a missing replicate
            double? score = size == 2000 && seed == 4 ? null : size == 500 && seed == 2 ? double.NaN : Math.Log(size) * (1 + rate) + random.NextDouble();
            StorageManager.Create("Typed", new ReplicatedParams { NumberOfNeurons = size, LearningRate = rate, Seed = seed, Score = score },
                options: _temp.Options);
        }
    }

    [Fact]
    public void Typed_replicate_cells_equal_the_untyped_ones_with_typed_keys_and_seeds()
    {
        WriteSweep();
        var typed = new StorageManagerGroup<ReplicatedParams>("Typed", options: _temp.Options);

        var cells = typed.SummarizeReplicates(by: p => (p.NumberOfNeurons, p.LearningRate), value: p => p.Score, replicate: p => p.Seed);
        var untyped = typed.Untyped.SummarizeReplicates("score", replicate: "seed", by: ["number_of_neurons", "lr"]);

        Assert.Equal([(500, 0.01), (500, 0.1), (1000, 0.01), (1000, 0.1), (2000, 0.01), (2000, 0.1)], cells.Select(c => c.Key));
        Assert.Equal(untyped.Count, cells.Count);
        for (int i = 0; i < cells.Count; i++)
        {
            Assert.Equal((untyped[i].Axes["number_of_neurons"], untyped[i].Axes["lr"]), ((object?)cells[i].Key.NumberOfNeurons, (object?)cells[i].Key.LearningRate));
            Assert.Equal((untyped[i].N, untyped[i].Mean, untyped[i].Std, untyped[i].Sem, untyped[i].CiLow, untyped[i].CiHigh),
                (cells[i].N, cells[i].Mean, cells[i].Std, cells[i].Sem, cells[i].CiLow, cells[i].CiHigh));
            Assert.Equal((untyped[i].NoneCount, untyped[i].NaNCount), (cells[i].NoneCount, cells[i].NaNCount));
            Assert.Equal(untyped[i].Missing, cells[i].Missing.Select(seed => (object?)seed));
            Assert.Equal(untyped[i].Runs, cells[i].Runs);
        }
        var gap = cells.Single(c => c.Key == (1000, 0.1));
        Assert.Equal([3], gap.Missing);
        Assert.Equal([0, 1, 2, 4], gap.Replicates);
        Assert.Equal(1, cells.Single(c => c.Key == (500, 0.01)).NaNCount);
        Assert.Equal([4], cells.Single(c => c.Key == (2000, 0.1)).Missing);

        // After a Where, over one key; a key that is not comparable keeps the order of first appearance.
        var bySize = typed.Where(p => p.LearningRate == 0.01).SummarizeReplicates(by: p => p.NumberOfNeurons, value: p => p.Score, replicate: p => p.Seed);
        Assert.Equal([500, 1000, 2000], bySize.Select(c => c.Key));
        var byObject = typed.SummarizeReplicates(by: p => new object(), value: p => p.Score, replicate: p => p.Seed);
        Assert.Equal(30 - 1, byObject.Count);
    }

    [Fact]
    public void The_typed_schema_reads_defaults_for_keys_a_run_lacks()
    {
        WriteSweep();
        // A run written without mode and lr: the typed group reads their defaults (Fast, 0.01).
        var legacy = new StorageManager("Typed", options: _temp.Options);
        legacy.SaveParamDict(new Dictionary<string, object?> { ["number_of_neurons"] = 500, ["seed"] = 9, ["score"] = 1.5 });
        var typed = new StorageManagerGroup<ReplicatedParams>("Typed", options: _temp.Options);

        SweepSchema schema = typed.DetectSchema();
        SweepSchema untyped = typed.Untyped.DetectSchema();

        Assert.Equal(30, schema.RunCount);
        Assert.Equal(["number_of_neurons", "lr", "seed", "score"], schema.Varying.Keys);
        Assert.Equal([500, 1000, 2000], schema.Varying["number_of_neurons"].Values);
        Assert.Equal([0, 1, 2, 3, 4, 9], schema.Varying["seed"].Values);
        Assert.Equal("Fast", schema.Constant["mode"]);
        Assert.Equal(0, schema.Varying["lr"].RunsWithout);
        Assert.Equal(1, untyped.Varying["lr"].RunsWithout);          // untyped, the run simply lacks it
        Assert.Equal(1, untyped.Varying["mode"].RunsWithout);
        Assert.Equal([0.01, 0.1], schema.Varying["lr"].Values);
        Assert.Equal(["float", "NoneType"], schema.Varying["score"].Types);
        Assert.Equal(schema.Varying.Keys, typed.Where(p => true).DetectSchema().Varying.Keys);
    }
}
