using static StorageTyped.Tests.Groups.GroupTestRuns;

namespace StorageTyped.Tests.Analysis;

/// <summary>DetectSchema: varying keys with sorted distinct values and types, constant keys, what runs lack.</summary>
public sealed class SchemaTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Varying_keys_get_their_sorted_distinct_values_and_types_and_constant_keys_their_value()
    {
        int number = 1;
        foreach (int size in new[] { 400, 100, 200 })
        foreach (object rate in new object[] { 0.1, 0.01 })
        foreach (int seed in new[] { 2, 0, 1 })
            Create(_temp, "Schema", number++, P(("number_of_neurons", size), ("lr", rate), ("seed", seed), ("model", "lif"), ("delays", new[] { 1, 2 }), ("plastic", true)));
        Create(_temp, "Schema", number++, P(("number_of_neurons", 100.0), ("lr", null), ("seed", 0), ("model", "lif"), ("delays", new[] { 1, 2 }), ("plastic", true), ("note", "extra")));
        Create(_temp, "Schema", number++, P(("number_of_neurons", "big"), ("lr", double.NaN), ("seed", 0), ("model", "lif"), ("delays", new[] { 1, 2 }), ("plastic", true)));
        var smg = new StorageManagerGroup("Schema", options: _temp.Options);

        SweepSchema schema = smg.DetectSchema();

        Assert.Equal(20, schema.RunCount);
        Assert.Equal(["number_of_neurons", "lr", "seed", "note"], schema.Varying.Keys);
        SweepAxis neurons = schema.Varying["Number_Of_Neurons"];
        Assert.Equal([100, 200, 400, "big"], neurons.Values);   // 100.0 is the value 100, written first as an int
        Assert.Equal(["int", "float", "str"], neurons.Types);
        SweepAxis lr = schema.Varying["lr"];
        Assert.Equal(4, lr.Values.Count);
        Assert.Equal([0.01, 0.1], lr.Values.Take(2));
        Assert.True(double.IsNaN((double)lr.Values[2]!));
        Assert.Null(lr.Values[3]);
        Assert.Equal(["float", "NoneType"], lr.Types);
        Assert.Equal([0, 1, 2], schema.Varying["seed"].Values);
        Assert.Equal((19, (object?)"extra"), (schema.Varying["note"].RunsWithout, schema.Varying["note"].Values.Single()));

        Assert.Equal(["model", "delays", "plastic"], schema.Constant.Keys);  // time (the creation time) is left out
        Assert.Equal("lif", schema.Constant["model"]);
        Assert.Equal([1, 2], (int[])schema.Constant["delays"]!);
        Assert.Equal(true, schema.Constant["plastic"]);
        Assert.Contains("number_of_neurons (int, float, str): 100, 200, 400, big", schema.ToString());
    }

    [Fact]
    public void A_filtered_group_has_its_own_schema_and_other_sections_can_be_read()
    {
        for (int i = 1; i <= 6; i++)
        {
            var sm = Create(_temp, "Sections", i, P(("n", i <= 3 ? 10 : 20), ("seed", i % 3)));
            sm.SaveParam("optimizer", i % 2 == 0 ? "adam" : "sgd", section: "Training");
        }
        var smg = new StorageManagerGroup("Sections", options: _temp.Options);

        var small = smg.Where("n == 10").DetectSchema();
        Assert.Equal(["seed"], small.Varying.Keys);
        Assert.Equal(10, small.Constant["n"]);
        Assert.Equal(["adam", "sgd"], smg.DetectSchema(section: "Training").Varying["optimizer"].Values);
        Assert.Empty(new StorageManagerGroup("Nothing", options: _temp.Options).DetectSchema().Varying);
        // [Provenance]: every run here was made by this process on this host.
        Assert.Equal(Environment.MachineName, smg.DetectSchema(section: "Provenance").Constant["host"]);
    }

    [Fact]
    public void Integers_beyond_two_to_the_53_stay_apart_and_equal_lists_are_one_value()
    {
        long big = 1L << 60;
        object?[][] rows = [[big, new[] { 1, 2 }], [big + 1, new[] { 1, 2 }], [big, new[] { 2, 1 }], [(double)big, null]];
        for (int i = 0; i < rows.Length; i++) Create(_temp, "Big", i + 1, P(("n", rows[i][0]), ("l", rows[i][1])));
        var schema = new StorageManagerGroup("Big", options: _temp.Options).DetectSchema();

        Assert.Equal([big, big + 1], schema.Varying["n"].Values);   // 2^60 as a float is the value 2^60
        Assert.Equal(["int", "float"], schema.Varying["n"].Types);
        Assert.Equal(3, schema.Varying["l"].Values.Count);           // [1, 2], [2, 1], None
        Assert.Equal(["NoneType", "list"], schema.Varying["l"].Types);
    }
}
