namespace StorageTyped.Typed.Tests;

/// <summary>The typed group: LINQ over runs with generated parameter types, on top of the untyped group's index.</summary>
public sealed class TypedGroupTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A sweep of 24 runs: sizes 500–2000, two learning rates, modes alternating; one run not finished (no score).</summary>
    private List<(string Path, NetworkParams Parameters)> WriteSweep()
    {
        var written = new List<(string, NetworkParams)>();
        int i = 0;
        foreach (int size in new[] { 500, 1000, 1500, 2000 })
        {
            foreach (double rate in new[] { 0.01, 0.001 })
            {
                for (int repeat = 0; repeat < 3; repeat++, i++)
                {
                    var parameters = new NetworkParams
                    {
                        NumberOfNeurons = size,
                        LearningRate = rate,
                        Score = i == 5 ? null : Math.Round(Math.Log(size) * (1 - 10 * rate) + repeat * 0.01, 4),
                        Name = $"net{i}",
                        Mode = i % 2 == 0 ? Mode.Fast : Mode.Accurate,
                    };
                    var sm = new StorageManager("Sweep", options: _temp.Options);
                    sm.SaveParams(parameters);
                    sm.SaveStr("summary", $"run {i}");
                    written.Add((sm.Path, parameters));
                }
            }
        }
        return written;
    }

    private StorageManagerGroup<NetworkParams> NewGroup() => new("Sweep", options: _temp.Options);

    [Fact]
    public void A_typed_group_over_a_filtered_untyped_group_holds_the_runs_the_filter_kept()
    {
        var written = WriteSweep();
        var untyped = new StorageManagerGroup("Sweep", options: _temp.Options);
        StorageManager.Open(written[0].Path).Complete();
        StorageManager.Open(written[1].Path).Fail(new InvalidOperationException("diverged"));

        var big = new StorageManagerGroup<NetworkParams>(untyped.Where("number_of_neurons >= 1500"));
        var failed = new StorageManagerGroup<NetworkParams>(new StorageManagerGroup("Sweep", options: _temp.Options).WhereStatus(RunStatus.Failed));

        Assert.Equal(written.Where(w => w.Parameters.NumberOfNeurons >= 1500).Select(w => w.Path), big.Runs.Select(run => run.Path));
        Assert.Equal(new[] { written[1].Path }, failed.Runs.Select(run => run.Path));
    }

    [Fact]
    public void Where_and_OrderBy_select_and_order_runs_that_still_reach_their_files()
    {
        var written = WriteSweep();
        var smg = new StorageManagerGroup<NetworkParams>("Sweep", options: _temp.Options);

        var result = smg.Where(p => p.NumberOfNeurons > 1000).OrderBy(p => p.Score).ToList();

        var expected = written.Where(w => w.Parameters.NumberOfNeurons > 1000).OrderBy(w => w.Parameters.Score).ToList();
        Assert.Equal(12, result.Count);
        Assert.Equal(expected.Select(w => w.Path), result.Select(run => run.Path));
        foreach (Run<NetworkParams> run in result)
        {
            var saved = written.Single(w => w.Path == run.Path).Parameters;
            Assert.Equal(saved with { Layers = run.Parameters.Layers }, run.Parameters);
            Assert.Equal(run.Path, run.Storage.Path);
            Assert.StartsWith("run ", run.Storage.LoadStr("summary"));
        }
    }

    [Fact]
    public void ThenBy_descending_orders_Select_GroupBy_First_and_Count_work_on_parameters()
    {
        var written = WriteSweep();
        var smg = NewGroup();

        var ordered = smg.OrderByDescending(p => p.NumberOfNeurons).ThenBy(p => p.LearningRate).ThenByDescending(p => p.Name).Select(p => p.Name).ToList();
        Assert.Equal(written.Select(w => w.Parameters).OrderByDescending(p => p.NumberOfNeurons).ThenBy(p => p.LearningRate).ThenByDescending(p => p.Name).Select(p => p.Name), ordered);

        Assert.Equal(24, smg.Count());
        Assert.Equal(12, smg.Count(p => p.Mode == Mode.Fast));
        Assert.True(smg.Any(p => p.Score is null));
        Assert.True(smg.All(p => p.NumberOfNeurons >= 500));
        Assert.Equal("net0", smg.First().Parameters.Name);
        Assert.Equal(1500, smg.First(p => p.NumberOfNeurons > 1000).Parameters.NumberOfNeurons);
        Assert.Null(smg.FirstOrDefault(p => p.NumberOfNeurons > 5000));
        Assert.Throws<InvalidOperationException>(() => smg.First(p => p.NumberOfNeurons > 5000));

        var bySize = smg.GroupBy(p => p.NumberOfNeurons).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [500] = 6, [1000] = 6, [1500] = 6, [2000] = 6 }, bySize);
        var namesByMode = smg.GroupBy(p => p.Mode, p => p.Name).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(12, namesByMode[Mode.Accurate].Count);

        var withRuns = smg.Where(p => p.Score is null).Select((p, run) => (p.Name, run.FolderName)).Single();
        Assert.Equal("net5", withRuns.Name);
        Assert.Equal(Path.GetFileName(written[5].Path), withRuns.FolderName);
    }

    [Fact]
    public void Query_syntax_works()
    {
        var written = WriteSweep();
        var smg = NewGroup();

        var table = from p in smg where p.Score > 7.5 orderby p.LearningRate, p.Score descending select p.Score;
        Assert.Equal(
            written.Select(w => w.Parameters).Where(p => p.Score > 7.5).OrderBy(p => p.LearningRate).ThenByDescending(p => p.Score).Select(p => p.Score),
            table);

        var runs = from p in smg where p.NumberOfNeurons == 500 select p;
        Assert.Equal(6, runs.Count());

        var groups = (from p in smg group p by p.NumberOfNeurons into g orderby g.Key select (g.Key, g.Count())).ToList();
        Assert.Equal([(500, 6), (1000, 6), (1500, 6), (2000, 6)], groups);

        var doubled = (from p in smg let twice = p.NumberOfNeurons * 2 where twice > 3000 select twice).Distinct().Order();
        Assert.Equal([4000], doubled);
    }

    [Fact]
    public void Summarize_and_RemoveDuplicatesGetEval_match_numpy()
    {
        WriteSweep();
        var smg = NewGroup();

        var summaries = smg.Summarize(p => p.NumberOfNeurons, p => p.Score);
        var (x, y) = smg.RemoveDuplicatesGetEval(p => p.NumberOfNeurons, p => p.Score, Aggregate.Std);
        Assert.Equal([500, 1000, 1500, 2000], summaries.Select(s => s.Key));
        Assert.Equal([500, 1000, 1500, 2000], x);
        Assert.Equal(5, summaries[0].Count); // run 5 has no score

        // numpy on the same pairs: np.unique(x) and np.mean / np.std of the y values of each.
        var pairs = smg.Where(p => p.Score is not null).Select(p => $"({p.NumberOfNeurons}, {ParameterText.Format(p.Score!.Value)})");
        string output = ExternalTool.RunPython($$"""
            import numpy as np, json
            pairs = np.array([{{string.Join(", ", pairs)}}])
            xs = np.unique(pairs[:, 0])
            print(json.dumps([[float(np.mean(pairs[pairs[:, 0] == v, 1])), float(np.std(pairs[pairs[:, 0] == v, 1])),
                               float(np.min(pairs[pairs[:, 0] == v, 1])), float(np.max(pairs[pairs[:, 0] == v, 1]))] for v in xs]))
            """);
        var numpy = System.Text.Json.JsonSerializer.Deserialize<double[][]>(output)!;
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(numpy[i][0], summaries[i].Mean, 12);
            Assert.Equal(numpy[i][1], summaries[i].Std, 12);
            Assert.Equal(numpy[i][1], y[i], 12);
            Assert.Equal(numpy[i][2], summaries[i].Min);
            Assert.Equal(numpy[i][3], summaries[i].Max);
        }
        var (_, means) = smg.RemoveDuplicatesGetEval(p => p.NumberOfNeurons, p => p.Score);
        Assert.Equal(summaries.Select(s => s.Mean), means);
        var (_, counts) = smg.Where(p => p.Mode == Mode.Fast).RemoveDuplicatesGetEval(p => p.LearningRate, p => p.Score, values => values.Length);
        Assert.Equal(12, counts.Sum());
    }

    [Fact]
    public void Runs_that_cannot_be_read_are_left_out_and_listed()
    {
        WriteSweep();
        var broken = new StorageManager("Sweep", options: _temp.Options);
        broken.SaveParam(NetworkParams.Keys.NumberOfNeurons, "many");
        var damaged = new StorageManager("Sweep", options: _temp.Options);
        File.WriteAllText(Path.Combine(damaged.Path, "config.ini"), "no section header\n");

        var smg = NewGroup();
        Assert.Equal(24, smg.Count());
        Assert.Equal(26, smg.Untyped.Count);
        Assert.Equal(2, smg.UnreadableRuns.Count);
        Assert.Contains("'many'", smg.UnreadableRuns[broken.Path]);
        Assert.Contains("int", smg.UnreadableRuns[broken.Path]);
        Assert.True(smg.UnreadableRuns.ContainsKey(damaged.Path));
    }

    [Fact]
    public void Refresh_finds_new_runs()
    {
        WriteSweep();
        var smg = NewGroup();
        Assert.Equal(24, smg.Count());
        new StorageManager("Sweep", options: _temp.Options).SaveParams(new NetworkParams { NumberOfNeurons = 9999 });
        Assert.Equal(24, smg.Count());
        smg.Refresh();
        Assert.Equal(25, smg.Count());
        Assert.Equal(9999, smg.AsEnumerable().Single(run => run.Parameters.NumberOfNeurons == 9999).Parameters.NumberOfNeurons); // LINQ over runs
    }

    [Fact]
    public void The_group_reads_exactly_what_LoadParams_reads_with_a_cold_and_a_warm_index()
    {
        // Values whose text the index does not keep (it parses numbers): a string "007", a decimal "0.10", a bool
        // written as 1, an integer for a double, a float for an int (an error), huge and negative numbers.
        var texts = new[]
        {
            new Dictionary<string, object?> { ["text"] = "007", ["decimal_value"] = "0.10", ["flag"] = "1", ["double_value"] = 3, ["long_value"] = long.MinValue, ["float_value"] = "1e-05", ["maybe_int"] = "None", ["words"] = "['a', 'b']", ["maybe_text"] = "None" },
            new Dictionary<string, object?> { ["text"] = "1.50", ["decimal_value"] = "79228162514264337593543950335", ["flag"] = "True", ["int_value"] = -5, ["u_long_value"] = ulong.MaxValue, ["mode"] = "1", ["char_value"] = "7" },
            new Dictionary<string, object?> { ["int_value"] = "3000000000" },
            new Dictionary<string, object?> { ["int_value"] = "2.5" },
            new Dictionary<string, object?> { ["maybe_double"] = "nan", ["when"] = "2024-02-29T01:02:03.0000000Z", ["maybe_when"] = "None", ["ints"] = "[1 2 3]" },
        };
        var paths = new List<string>();
        foreach (var values in texts)
        {
            var sm = new StorageManager("Exact", options: _temp.Options);
            foreach (var (key, value) in values) sm.SaveParam(key, value);
            paths.Add(sm.Path);
        }

        for (int pass = 0; pass < 2; pass++) // the first pass builds the index, the second reads it
        {
            var smg = new StorageManagerGroup<AllTypes>("Exact", options: _temp.Options);
            foreach (string path in paths)
            {
                AllTypes? direct = null;
                string? error = null;
                try { direct = StorageManager.Open(path).LoadParams<AllTypes>(); }
                catch (FormatException e) { error = e.Message; }

                var inGroup = smg.Runs.SingleOrDefault(run => run.Path == path);
                if (error is not null)
                {
                    Assert.Null(inGroup);
                    Assert.Equal(error, smg.UnreadableRuns[path]);
                    continue;
                }
                Assert.NotNull(inGroup);
                Assert.Equal(ParameterText.Format(Describe(direct!)), ParameterText.Format(Describe(inGroup.Parameters)));
            }
            Assert.Equal(3, smg.Count());
            Assert.Equal("007", smg.First().Parameters.Text);
            Assert.Equal(0.10m, smg.First().Parameters.DecimalValue);
            Assert.Equal("0.10", smg.First().Parameters.DecimalValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Every property's value, collections as lists, so that two records compare by content.</summary>
    private static List<object?> Describe(AllTypes p) =>
    [
        p.Flag, p.SByteValue, p.ByteValue, p.ShortValue, p.UShortValue, p.IntValue, p.UIntValue, p.LongValue, p.ULongValue,
        p.NIntValue, p.NUIntValue, p.Int128Value, p.UInt128Value, p.BigValue, p.FloatValue, p.DoubleValue, p.HalfValue,
        p.DecimalValue.ToString(System.Globalization.CultureInfo.InvariantCulture), p.CharValue, p.Text, p.MaybeText, p.Mode, p.When, p.WhenOffset,
        p.Duration, p.Id, p.MaybeFlag, p.MaybeInt, p.MaybeDouble, p.MaybeFloat, p.MaybeMode, p.MaybeWhen, p.Ints, p.MaybeDoubles, p.Words, p.Holes,
        p.Rates, p.Modes, p.Sizes, p.Ids, p.Durations.ToList(),
    ];
}
