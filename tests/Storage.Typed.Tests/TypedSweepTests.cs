using System.Text.Json;
using SweepApi = global::StorageTyped.Sweep;

namespace StorageTyped.Typed.Tests;

/// <summary>The generated Grid(...), typed sweeps, typed StorageManager.Create, and typed points against untyped ones.</summary>
public sealed class TypedSweepTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private SweepOptions Options => new() { Storage = _temp.Options, MaxParallelism = 2 };

    [Fact]
    public void Grid_is_the_cartesian_product_in_declaration_order_with_the_rest_from_the_initializers()
    {
        var grid = NetworkParams.Grid(learningRate: [0.01, 0.1], numberOfNeurons: [500, 1000, 2000]).ToList();

        // NumberOfNeurons is declared first, so it varies slowest, whatever the order of the arguments.
        Assert.Equal(new[] { (500, 0.01), (500, 0.1), (1000, 0.01), (1000, 0.1), (2000, 0.01), (2000, 0.1) },
            grid.Select(p => (p.NumberOfNeurons, p.LearningRate)));
        Assert.All(grid, p => Assert.Equal(("net", Mode.Fast, (double?)null, "not stored"), (p.Name, p.Mode, p.Score, p.Cache)));
        Assert.All(grid, p => Assert.Equal([10, 20], p.Layers));
        Assert.Single(NetworkParams.Grid());
        var single = NetworkParams.Grid().Single();
        Assert.Equal(new NetworkParams() with { Layers = single.Layers }, single);
        Assert.Empty(NetworkParams.Grid(numberOfNeurons: [500], learningRate: []));
        Assert.Equal(60, NetworkParams.Grid(numberOfNeurons: [500, 1000, 2000], learningRate: [0.01, 0.1], mode: [Mode.Fast, Mode.Accurate],
            name: Enumerable.Range(0, 5).Select(i => "n" + i)).Count());
    }

    [Fact]
    public void Grid_takes_the_rest_from_a_baseline_and_reads_each_argument_once()
    {
        var baseline = new NetworkParams { Name = "base", LearningRate = 0.5, Cache = "kept", Layers = [1, 2, 3] };
        int enumerations = 0;
        IEnumerable<int> Sizes()
        {
            enumerations++;
            yield return 100;
            yield return 200;
        }
        var grid = NetworkParams.Grid(numberOfNeurons: Sizes(), mode: [Mode.Fast, Mode.Accurate], baseline: baseline);

        var points = grid.ToList();
        Assert.Equal(1, enumerations);
        Assert.Equal(points, grid.ToList()); // enumerating the grid again gives the same points
        Assert.Equal(4, points.Count);
        Assert.All(points, p => Assert.Equal(("base", 0.5, "kept"), (p.Name, p.LearningRate, p.Cache)));
        Assert.All(points, p => Assert.Same(baseline.Layers, p.Layers));
        Assert.Equal(new[] { (100, Mode.Fast), (100, Mode.Accurate), (200, Mode.Fast), (200, Mode.Accurate) }, points.Select(p => (p.NumberOfNeurons, p.Mode)));
    }

    [Fact]
    public void Grid_of_a_positional_record_struct_needs_values_for_a_parameter_without_default()
    {
        var seeds = Sweep.Grid(seed: Enumerable.Range(0, 5), rate: [0.1, 0.2]).ToList();
        Assert.Equal(10, seeds.Count);
        Assert.Equal(new Sweep(0, 0.1, "it's") { Steps = 1000 }, seeds[0]);
        Assert.Equal(new Sweep(4, 0.2, "it's") { Steps = 1000 }, seeds[^1]);

        var error = Assert.Throws<ArgumentException>(() => Sweep.Grid(rate: [0.1]));
        Assert.Equal("seed", error.ParamName);
        Assert.Contains("Sweep.Seed has no default value", error.Message);
        Assert.Equal(new[] { 7, 7 }, Sweep.Grid(rate: [0.1, 0.2], baseline: new Sweep(7)).Select(p => p.Seed));
    }

    [Fact]
    public void Grid_of_a_class_sets_every_parameter_of_a_new_instance()
    {
        var points = Experiments.TrainingSettings.Grid(epochs: [1, 2], budget: [TimeSpan.FromMinutes(1)]).ToList();
        Assert.Equal(new[] { 1, 2 }, points.Select(p => p.Epochs));
        Assert.All(points, p => Assert.Equal(("default note", TimeSpan.FromMinutes(1)), (p.Note, p.Budget)));
        Assert.NotSame(points[0], points[1]);
    }

    [Fact]
    public async Task A_typed_sweep_over_a_grid_runs_each_point_once_and_the_typed_group_queries_it()
    {
        var grid = NetworkParams.Grid(numberOfNeurons: [500, 1000, 2000], learningRate: [0.01, 0.1], name: ["a", "b"]);
        var result = await SweepApi.RunAsync("Net", grid, (NetworkParams p, StorageManager run, CancellationToken token) =>
        {
            run.SaveParam(NetworkParams.Keys.Score, Math.Round(Math.Log(p.NumberOfNeurons) * (1 - p.LearningRate), 4));
            return Task.CompletedTask;
        }, Options);

        Assert.Equal(12, result.Completed.Count);
        foreach (var outcome in result.Completed)
        {
            var loaded = StorageManager.Open(outcome.Path!).LoadParams<NetworkParams>();
            Assert.Equal(outcome.Point with { Score = loaded.Score, Layers = loaded.Layers }, loaded);
            Assert.Equal(outcome.Point.Layers, loaded.Layers);
            Assert.NotNull(loaded.Score);
        }
        var smg = new StorageManagerGroup<NetworkParams>("Net", options: _temp.Options);
        var big = smg.Where(p => p.NumberOfNeurons > 1000).OrderBy(p => p.Score).ToList();
        Assert.Equal(4, big.Count);
        Assert.Equal(big.Select(r => r.Parameters.Score).Order(), big.Select(r => r.Parameters.Score));

        var again = await SweepApi.RunAsync("Net", grid, (p, run, token) => throw new InvalidOperationException("must not run"), Options);
        Assert.Equal(12, again.Skipped.Count);
        var status = SweepApi.GetStatus("Net", grid, _temp.Options);
        Assert.All(status, s => Assert.Equal(PointState.Completed, s.State));
    }

    [Fact]
    public async Task A_typed_point_and_a_dictionary_with_equal_values_are_the_same_point()
    {
        var typed = new NetworkParams { NumberOfNeurons = 1500, LearningRate = 0.001, Name = "same", Mode = Mode.Accurate, Layers = [3, 4] };
        var typedResult = await SweepApi.RunAsync("Same", [typed], (p, run, token) => Task.CompletedTask, Options);
        var untyped = new Dictionary<string, object?>
        {
            ["layers"] = new[] { 3, 4 },
            ["MODE"] = "Accurate",
            ["lr"] = 0.001,
            ["name"] = "same",
            ["score"] = null,
            ["number_of_neurons"] = 1500,
        };
        var untypedResult = await SweepApi.RunAsync("Same", [untyped], (p, run, token) => throw new InvalidOperationException("must not run"), Options);

        Assert.Equal(typedResult.Completed.Single().PointId, untypedResult.Skipped.Single().PointId);
        Assert.Equal(typedResult.Completed.Single().Path, untypedResult.Skipped.Single().Path);
        var changed = new Dictionary<string, object?>(untyped) { ["lr"] = 0.002 };
        Assert.NotEqual(typedResult.Completed.Single().PointId, SweepApi.GetStatus("Same", [changed], _temp.Options).Single().PointId);
    }

    [Fact]
    public async Task After_failures_and_retries_the_typed_group_of_completed_runs_holds_each_point_once()
    {
        var grid = NetworkParams.Grid(numberOfNeurons: Enumerable.Range(1, 10).Select(i => i * 100)).ToList();
        int calls = 0;
        await SweepApi.RunAsync("Retried", grid, (p, run, token) =>
            Interlocked.Increment(ref calls) % 3 == 0 ? throw new InvalidOperationException("flaky") : Task.CompletedTask, Options with { Retries = 1 });
        await SweepApi.RunAsync("Retried", grid, (p, run, token) => Task.CompletedTask, Options);

        var completed = new StorageManagerGroup<NetworkParams>(new StorageManagerGroup("Retried", options: _temp.Options).WhereStatus(RunStatus.Completed));
        Assert.Equal(10, completed.Count());
        Assert.Equal(10, completed.Select(p => p.NumberOfNeurons).Distinct().Count());
        Assert.True(new StorageManagerGroup("Retried", options: _temp.Options).Count > 10); // the failed attempts stay, superseded
    }

    [Fact]
    public void Typed_Create_writes_the_record_to_its_section_in_one_write_and_python_reads_it()
    {
        var run = StorageManager.Create("Created", new NetworkParams { NumberOfNeurons = 2000, Mode = Mode.Accurate, Name = "50% on" }, options: _temp.Options);
        var training = StorageManager.Create("Created", new Experiments.TrainingSettings { Epochs = 7 }, options: _temp.Options);

        var loaded = run.LoadParams<NetworkParams>();
        Assert.Equal(new NetworkParams { NumberOfNeurons = 2000, Mode = Mode.Accurate, Name = "50% on", Layers = loaded.Layers }, loaded);
        Assert.Equal([10, 20], loaded.Layers);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(7, training.LoadParams<Experiments.TrainingSettings>().Epochs);
        Assert.Equal(7, training.LoadParam("epochs", section: "Training"));
        string json = ExternalTool.RunPython(
            "import sys, json, configparser\nc = configparser.ConfigParser()\nc.read(sys.argv[1])\n" +
            "print(json.dumps({s: {k: c.get(s, k) for k in c[s]} for s in c.sections()}))\n",
            Path.Combine(run.Path, "config.ini"));
        var sections = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(json)!;
        Assert.Equal("2000", sections["Parameters"]["number_of_neurons"]);
        Assert.Equal("50% on", sections["Parameters"]["name"]);
        Assert.Equal("Accurate", sections["Parameters"]["mode"]);
        Assert.Equal("running", sections["Provenance"]["status"]);

        Assert.Throws<ArgumentException>(() => StorageManager.Create("Refused", new NetworkParams { Name = "ends in a space " }, options: _temp.Options));
        Assert.False(Directory.Exists(_temp.MainFolder("Refused")));
    }
}
