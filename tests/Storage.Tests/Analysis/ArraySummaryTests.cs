using System.Text.Json;
using static StorageTyped.Tests.Groups.GroupTestRuns;

namespace StorageTyped.Tests.Analysis;

/// <summary>SummarizeArrays against numpy's nanmean/nanstd and scipy's t interval, shapes, dtypes, orders and memory.</summary>
public sealed class ArraySummaryTests : IDisposable
{
    private const double Tolerance = 1e-12;

    /// <summary>Stacks the runs' arrays (NaN-padded along the first axis when they differ) and summarizes them with numpy and scipy.</summary>
    private const string PythonSummary = """
        import glob, json, math, sys, warnings
        import numpy as np
        import scipy.special as sp
        warnings.simplefilter('ignore')
        key, mode = sys.argv[2], sys.argv[3]
        arrays = [np.load(p).astype(np.float64) for p in sorted(glob.glob(sys.argv[1] + '/*/' + key + '.npy'))]
        first = min(a.shape[0] for a in arrays) if mode == 'truncate' else max(a.shape[0] for a in arrays)
        stack = np.full((len(arrays), first) + arrays[0].shape[1:], np.nan)
        for i, a in enumerate(arrays): stack[i, :min(first, a.shape[0])] = a[:first]
        n = np.sum(~np.isnan(stack), axis=0)
        mean = np.nanmean(stack, axis=0); std = np.nanstd(stack, axis=0, ddof=1)
        sem = std / np.sqrt(n)
        # The t quantile through the incomplete beta inverse: scipy 1.10's t.ppf is off by up to 4e-9 relative.
        tq = lambda df: math.sqrt(df * (1 - sp.betaincinv(df / 2, 0.5, 0.05)) / sp.betaincinv(df / 2, 0.5, 0.05))
        t = np.array([tq(k - 1) if k > 1 else np.nan for k in n.ravel()]).reshape(n.shape)
        clean = lambda a: [None if math.isnan(x) else float(x) for x in np.ravel(a)]
        print(json.dumps({'shape': list(stack.shape[1:]), 'n': [int(x) for x in n.ravel()], 'mean': clean(mean), 'std': clean(std),
                          'sem': clean(np.where(n > 1, sem, np.nan)), 'lo': clean(np.where(n > 1, mean - t * sem, np.nan)),
                          'hi': clean(np.where(n > 1, mean + t * sem, np.nan))}))
        """;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Curves_with_NaN_elements_match_numpy_and_runs_without_the_array_are_counted()
    {
        var random = new Random(7);
        for (int r = 1; r <= 12; r++)
        {
            var sm = Create(_temp, "Curves", r, P(("seed", r)));
            if (r == 5) continue; // no array
            var curve = new double[3, 40];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 40; j++)
                    curve[i, j] = random.NextDouble() < 0.05 ? double.NaN : Math.Exp(-j / 10.0) * (i + 1) + random.NextDouble();
            if (r == 2) for (int j = 0; j < 40; j++) curve[0, j] = double.NaN; // a row of NaN: those elements have one run fewer
            sm.SaveNp("loss", curve);
        }
        var summary = new StorageManagerGroup("Curves", options: _temp.Options).SummarizeArrays<double>("loss");

        Assert.Equal((11, 1), (summary.Runs, summary.RunsWithout));
        CompareWithNumpy(summary, "Curves", "exact");
        Assert.Contains(10, summary.N);
    }

    [Fact]
    public void Different_lengths_are_refused_naming_two_runs_unless_truncated_or_padded()
    {
        var random = new Random(3);
        int[] lengths = [50, 50, 35, 60, 50, 42];
        for (int r = 0; r < lengths.Length; r++)
        {
            var values = new float[lengths[r]];
            for (int i = 0; i < values.Length; i++) values[i] = (float)(1 / (1.0 + i) + random.NextDouble());
            Create(_temp, "Ragged", r + 1, P(("seed", r))).SaveNp("loss", values);
        }
        var smg = new StorageManagerGroup("Ragged", options: _temp.Options);

        var refused = Assert.Throws<InvalidDataException>(() => smg.SummarizeArrays<float>("loss"));
        Assert.Contains("Ragged1", refused.Message);
        Assert.Contains("Ragged3", refused.Message);
        Assert.Contains("ArrayAlign.Truncate", refused.Message);

        var truncated = smg.SummarizeArrays<float>("loss", ArrayAlign.Truncate);
        Assert.Equal([35L], truncated.Shape);
        CompareWithNumpy(truncated, "Ragged", "truncate");
        var padded = smg.SummarizeArrays<float>("loss", ArrayAlign.Pad);
        Assert.Equal([60L], padded.Shape);
        Assert.Equal(1, padded.N[59]);
        CompareWithNumpy(padded, "Ragged", "pad");
    }

    [Fact]
    public void Fortran_order_big_endian_and_integer_arrays_written_by_numpy_give_numpys_figures()
    {
        for (int r = 1; r <= 6; r++) Create(_temp, "Orders", r, P(("seed", r)));
        ExternalTool.RunPython("""
            import glob, sys
            import numpy as np
            for i, run in enumerate(sorted(glob.glob(sys.argv[1] + '/*/'))):
                a = (np.arange(24, dtype=np.int64).reshape(4, 6) * (i + 1)) % 17
                kinds = [a.astype('<f8'), np.asfortranarray(a.astype('<f8')), a.astype('>f8')]
                np.save(run + 'w.npy', kinds[i % 3])
                np.save(run + 'counts.npy', a.astype(np.int32) - 5)
            """, _temp.MainFolder("Orders"));
        var smg = new StorageManagerGroup("Orders", options: _temp.Options);

        CompareWithNumpy(smg.SummarizeArrays<double>("w"), "Orders", "exact", key: "w");
        CompareWithNumpy(smg.SummarizeArrays<int>("counts"), "Orders", "exact", key: "counts");
        var wrongType = Assert.Throws<InvalidDataException>(() => smg.SummarizeArrays<float>("counts"));
        Assert.Contains("int32", wrongType.Message);
    }

    private void CompareWithNumpy<T>(ArraySummary<T> summary, string main, string mode, string key = "loss") where T : unmanaged
    {
        var python = JsonDocument.Parse(ExternalTool.RunPython(PythonSummary, _temp.MainFolder(main), key, mode)).RootElement;
        Assert.Equal(python.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), summary.Shape);
        Assert.Equal(python.GetProperty("n").EnumerateArray().Select(e => e.GetInt32()), summary.N);
        Same(python, "mean", summary.Mean);
        Same(python, "std", summary.Std);
        Same(python, "sem", summary.Sem);
        Same(python, "lo", summary.CiLow);
        Same(python, "hi", summary.CiHigh);
    }

    private static void Same(JsonElement python, string name, double[] actual)
    {
        var expected = python.GetProperty(name).EnumerateArray().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            if (expected[i].ValueKind == JsonValueKind.Null)
            {
                Assert.True(double.IsNaN(actual[i]), $"{name}[{i}] = {actual[i]:R}, numpy gives nan");
                continue;
            }
            double value = expected[i].GetDouble();
            Assert.True(Math.Abs(actual[i] - value) <= Tolerance * Math.Max(1, Math.Abs(value)), $"{name}[{i}] = {actual[i]:R}, numpy {value:R}");
        }
    }
}
