using System.Text.Json;
using static StorageTyped.Tests.Groups.GroupTestRuns;

namespace StorageTyped.Tests.Groups;

/// <summary>Parameter lists, virtual parameters, objects and aggregation (against real numpy).</summary>
public sealed class GroupAnalysisTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Multi_param_lists_stay_aligned_and_removeNone_works_row_wise()
    {
        Create(_temp, "Rows", 1, P(("a", 1), ("b", 10.0), ("c", "x")));
        Create(_temp, "Rows", 2, P(("a", 2), ("c", "y")));                     // lacks b
        Create(_temp, "Rows", 3, P(("a", 3), ("b", null), ("c", "z")));        // b is None
        Create(_temp, "Rows", 4, P(("a", 4), ("b", double.NaN), ("c", "w")));  // b is NaN
        Create(_temp, "Rows", 5, P(("a", 5), ("b", 50.0), ("c", "v")));
        var smg = new StorageManagerGroup("Rows", options: _temp.Options);

        var all = smg.GetMultiParamList(["a", "b", "c"], removeNone: false);
        Assert.Equal(new object?[] { 1, 2, 3, 4, 5 }, all[0]);
        Assert.Equal(new object?[] { 10.0, null, null, double.NaN, 50.0 }, all[1]);

        var complete = smg.GetMultiParamList(["a", "b", "c"]);
        Assert.Equal(new object?[] { 1, 4, 5 }, complete[0]);
        Assert.Equal(new object?[] { 10.0, double.NaN, 50.0 }, complete[1]);
        Assert.Equal(new object?[] { "x", "w", "v" }, complete[2]);

        var withoutNaN = smg.GetMultiParamDict(["a", "B"], nanIsMissing: true);
        Assert.Equal(new object?[] { 1, 5 }, withoutNaN["a"]);
        Assert.Equal(new object?[] { 10.0, 50.0 }, withoutNaN["b"]);

        Assert.Equal(new object?[] { 10.0, null, null, double.NaN, 50.0 }, smg.GetParamList("b"));
        Assert.Equal(new object?[] { 10.0, double.NaN, 50.0 }, smg.GetParamList("b", removeNone: true));
        Assert.Equal(new object?[] { 10.0, 50.0 }, smg.GetParamList("b", removeNone: true, nanIsMissing: true));

        smg.SortBy("a", descending: true);
        Assert.Equal(new object?[] { 5, 4, 1 }, smg.GetMultiParamList(["a", "b"])[0]);
    }

    [Fact]
    public void Virtual_parameters_follow_their_runs_and_read_like_stored_ones()
    {
        for (int i = 1; i <= 4; i++) Create(_temp, "Virtual", i, P(("score", 1.0 / i), ("seed", i)));
        var smg = new StorageManagerGroup("Virtual", options: _temp.Options);
        smg.AddVirtualMultiParameter("quality", new[] { 10, 20, 30, 40 });
        smg.AddVirtualMultiParameter("Experiment", "baseline");
        smg.AddVirtualMultiParameter("seed", new object?[] { "s1", "s2", "s3", "s4" }); // wins over the stored seed

        smg.SortBy("score");
        Assert.Equal(new object?[] { 40, 30, 20, 10 }, smg["quality"]);
        Assert.Equal(new object?[] { 30, 20, 10 }, smg["quality < 35"]);
        Assert.Equal(new object?[] { "s4", "s3", "s2", "s1" }, smg.GetParamList("seed"));
        Assert.Equal(new object?[] { "baseline", "baseline", "baseline", "baseline" }, smg.GetParamList("experiment", section: "Anything"));
        Assert.Equal(new[] { "time", "score", "seed", "quality", "experiment" }, smg.GetAllParams());
        Assert.Equal(new[] { "time", "score", "seed" }, smg.GetAllParams(includeVirtualParameters: false));

        var error = Assert.Throws<ArgumentException>(() => smg.AddVirtualMultiParameter("short", new[] { 1, 2 }));
        Assert.Contains("2 values but the group has 4 runs", error.Message);
    }

    [Fact]
    public void GetObjList_loads_objects_in_the_group_order()
    {
        var first = Create(_temp, "Objects", 1, P(("score", 2.0)));
        var second = Create(_temp, "Objects", 2, P(("score", 1.0)));
        Create(_temp, "Objects", 3, P(("score", 3.0)));
        first.SaveObj("weights", new Dictionary<string, double> { ["w"] = 1.5 });
        second.SaveObj("weights", new Dictionary<string, double> { ["w"] = 2.5 });
        var smg = new StorageManagerGroup("Objects", options: _temp.Options);
        smg.SortBy("score");

        var all = smg.GetObjList<Dictionary<string, double>>("weights");
        Assert.Equal(3, all.Count);
        Assert.Equal(2.5, all[0]!["w"]);
        Assert.Equal(1.5, all[1]!["w"]);
        Assert.Null(all[2]);
        Assert.Equal(2, smg.GetObjList<Dictionary<string, double>>("weights", removeNone: true).Count);
    }

    public static TheoryData<string> EvalStrings() => new() { "np.average(a)", "np.mean(a)", "np.std(a)", "np.median(a)", "np.min(a)", "np.max(a)", "np.sum(a)", "len(a)" };

    [Theory]
    [MemberData(nameof(EvalStrings))]
    public void RemoveDuplicatesGetEval_agrees_with_numpy(string evalString)
    {
        var random = new Random(evalString.Length * 7919);
        double[] x = Enumerable.Range(0, 300).Select(_ => (double)random.Next(0, 25) / 4).Append(double.NegativeInfinity).ToArray();
        double[] y = Enumerable.Range(0, x.Length).Select(_ => random.NextDouble() * 1000 - 500).ToArray();
        const string script =
            "import sys, json\nimport numpy as np\n" +
            "x = np.array(json.loads(sys.argv[1]), dtype=float); y = np.array(json.loads(sys.argv[2])); evalstr = sys.argv[3]\n" +
            "x[x == -1e308] = -np.inf\n" +
            "unique = np.unique(x); result = np.zeros(len(unique))\n" +
            "for i, u in enumerate(unique):\n    a = y[x == u]\n    result[i] = eval(evalstr)\n" +
            "print(json.dumps([[float(v) if np.isfinite(v) else -1e308 for v in unique], [float(v) for v in result]]))\n";
        string Json(double[] values) => JsonSerializer.Serialize(values.Select(v => double.IsInfinity(v) ? -1e308 : v));
        var expected = JsonSerializer.Deserialize<double[][]>(ExternalTool.RunPython(script, Json(x), Json(y), evalString))!;

        var smg = new StorageManagerGroup("Nothing", options: _temp.Options);
        var (uniqueX, result) = smg.RemoveDuplicatesGetEval(Boxed(x), Boxed(y), evalString);
        Assert.Equal(expected[0], uniqueX.Select(v => double.IsInfinity(v) ? -1e308 : v));
        Assert.Equal(expected[1].Length, result.Length);
        for (int i = 0; i < result.Length; i++)
            Assert.True(Math.Abs(expected[1][i] - result[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[1][i])), $"{evalString} at x={uniqueX[i]}: numpy {expected[1][i]}, here {result[i]}");

        var aggregate = evalString switch
        {
            "np.average(a)" or "np.mean(a)" => Aggregate.Mean,
            "np.std(a)" => Aggregate.Std,
            "np.median(a)" => Aggregate.Median,
            "np.min(a)" => Aggregate.Min,
            "np.max(a)" => Aggregate.Max,
            "np.sum(a)" => Aggregate.Sum,
            _ => Aggregate.Count,
        };
        Assert.Equal(result, smg.RemoveDuplicatesGetEval(Boxed(x), Boxed(y), aggregate).Y);
    }

    /// <summary>Values as the group hands them out (GetMultiParamList, the indexer).</summary>
    private static List<object?> Boxed(double[] values) => values.Select(value => (object?)value).ToList();

    [Fact]
    public void RemoveDuplicatesGetEval_takes_parameter_lists_and_any_function_and_refuses_other_strings()
    {
        Create(_temp, "Agg", 1, P(("score", 0.5), ("n", 100)));
        Create(_temp, "Agg", 2, P(("score", 0.5), ("n", 300)));
        Create(_temp, "Agg", 3, P(("score", 0.25), ("n", 50)));
        Create(_temp, "Agg", 4, P(("n", 70)));
        var smg = new StorageManagerGroup("Agg", options: _temp.Options);
        var lists = smg.GetMultiParamList(["score", "n"]);

        var (x, y) = smg.RemoveDuplicatesGetEval(lists[0], lists[1], "np.average(a)");
        Assert.Equal(new[] { 0.25, 0.5 }, x);
        Assert.Equal(new[] { 50.0, 200.0 }, y);
        Assert.Equal(new[] { 50.0, 300.0 }, smg.RemoveDuplicatesGetEval(lists[0], lists[1], a => a.Max()).Y);

        var error = Assert.Throws<ArgumentException>(() => smg.RemoveDuplicatesGetEval(lists[0], lists[1], "__import__('os').getcwd()"));
        foreach (string accepted in new[] { "np.average(a)", "np.mean(a)", "np.std(a)", "np.median(a)", "np.min(a)", "np.max(a)", "np.sum(a)", "len(a)" }) Assert.Contains(accepted, error.Message);

        var unaligned = smg.GetMultiParamList(["score", "n"], removeNone: false);
        var noneError = Assert.Throws<ArgumentException>(() => smg.RemoveDuplicatesGetEval(unaligned[0], unaligned[1]));
        Assert.Contains("Value 3 of x is None", noneError.Message);
    }
}
