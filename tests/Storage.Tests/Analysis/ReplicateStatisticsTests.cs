using System.Globalization;
using System.Text.Json;
using StorageTyped.Analysis;
using static StorageTyped.Tests.Groups.GroupTestRuns;

namespace StorageTyped.Tests.Analysis;

/// <summary>SummarizeReplicates and the t quantile against numpy and scipy from Debian's python3, to 1e-12.</summary>
public sealed class ReplicateStatisticsTests : IDisposable
{
    private const double Tolerance = 1e-12;

    /// <summary>
    /// How far scipy 1.10's own t.ppf (cdflib's root search) strays from the quantile: up to 4.1e-9 relative (df 39 at
    /// 0.975, measured for df 1 to 2,000 against scipy's betaincinv, which agrees with the closed forms to 1e-15).
    /// </summary>
    private const double ScipyTolerance = 1e-8;

    /// <summary>Reads the runs with configparser, groups them by the three axes and computes every statistic with numpy and scipy.</summary>
    private const string PythonCells = """
        import ast, configparser, glob, json, math, sys
        import numpy as np
        import scipy.special as sp
        import scipy.stats as st

        def parse(text):
            if text is None: return None
            try: return ast.literal_eval(text)
            except (ValueError, SyntaxError): return text

        cells = {}
        for path in sorted(glob.glob(sys.argv[1] + '/*/config.ini')):
            c = configparser.ConfigParser(); c.read(path); p = c['Parameters']
            key = json.dumps([parse(p['number_of_neurons']), parse(p['lr']), parse(p['mode'])], separators=(',', ':'))
            cell = cells.setdefault(key, {'values': [], 'seeds': set(), 'none': 0, 'nan': 0})
            text = p.get('score')
            if text is None or text == 'None': cell['none'] += 1
            elif math.isnan(float(text)): cell['nan'] += 1
            else:
                cell['values'].append(float(text)); cell['seeds'].add(int(p['seed']))
        every = set().union(*(c['seeds'] for c in cells.values()))
        # scipy 1.10's t.ppf (cdflib's stdtrit) is off by up to 4e-9 relative (df 39); the inverse of the regularized
        # incomplete beta function (cephes' incbi) gives the quantile to the last digits: t = sqrt(df (1 - x) / x).
        t975 = lambda df: math.sqrt(df * (1 - sp.betaincinv(df / 2, 0.5, 0.05)) / sp.betaincinv(df / 2, 0.5, 0.05))
        clean = lambda x: None if x is None or math.isnan(x) else float(x)
        out = {}
        for key, c in cells.items():
            a = np.array(c['values'], dtype=np.float64); n = len(a)
            mean = np.mean(a) if n else None
            std = np.std(a, ddof=1) if n > 1 else None
            sem = st.sem(a) if n > 1 else None
            lo, hi = (mean - t975(n - 1) * sem, mean + t975(n - 1) * sem) if n > 1 else (None, None)
            scipy_lo, scipy_hi = st.t.interval(0.95, n - 1, loc=mean, scale=sem) if n > 1 else (None, None)
            out[key] = {'n': n, 'mean': clean(mean), 'std': clean(std), 'sem': clean(sem), 'lo': clean(lo), 'hi': clean(hi),
                        'scipy_lo': clean(scipy_lo), 'scipy_hi': clean(scipy_hi),
                        'min': clean(np.min(a)) if n else None, 'max': clean(np.max(a)) if n else None,
                        'none': c['none'], 'nan': c['nan'], 'missing': sorted(every - c['seeds'])}
        print(json.dumps(out))
        """;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Cells_of_a_random_sweep_with_missing_replicates_None_and_NaN_match_numpy_and_scipy(int seed)
    {
        string main = $"Random{seed}";
        WriteRandomSweep(main, seed);
        var smg = new StorageManagerGroup(main, options: _temp.Options);

        var cells = smg.SummarizeReplicates("score", replicate: "seed");
        var expected = JsonDocument.Parse(ExternalTool.RunPython(PythonCells, _temp.MainFolder(main))).RootElement;

        Assert.Equal(expected.EnumerateObject().Count(), cells.Count);
        Assert.Contains(cells, c => c.N == 0);                      // every value None or NaN
        Assert.Contains(cells, c => c.N == 1 && double.IsNaN(c.Std)); // one value: no spread
        Assert.Contains(cells, c => c.Missing.Count > 0);
        foreach (ReplicateCell cell in cells)
        {
            Assert.Equal(["number_of_neurons", "lr", "mode"], cell.Axes.Keys);
            string key = JsonSerializer.Serialize(cell.Axes.Values.ToArray());
            JsonElement python = expected.GetProperty(key);
            Assert.Equal(python.GetProperty("n").GetInt32(), cell.N);
            Close(python, "mean", cell.Mean, key);
            Close(python, "std", cell.Std, key);
            Close(python, "sem", cell.Sem, key);
            Close(python, "lo", cell.CiLow, key);
            Close(python, "hi", cell.CiHigh, key);
            Close(python, "scipy_lo", cell.CiLow, key, ScipyTolerance);   // scipy.stats.t.interval itself, to its own precision
            Close(python, "scipy_hi", cell.CiHigh, key, ScipyTolerance);
            Close(python, "min", cell.Min, key);
            Close(python, "max", cell.Max, key);
            Assert.Equal(python.GetProperty("none").GetInt32(), cell.NoneCount);
            Assert.Equal(python.GetProperty("nan").GetInt32(), cell.NaNCount);
            Assert.Equal(python.GetProperty("missing").EnumerateArray().Select(e => (object?)e.GetInt32()), cell.Missing);
            Assert.Equal(cell.N + cell.NoneCount + cell.NaNCount, cell.Runs.Count);
        }
        // Cells come sorted by their axes, in the group's order of values.
        var order = cells.Select(c => ((int)c.Axes["number_of_neurons"]!, (double)c.Axes["lr"]!, (string)c.Axes["mode"]!)).ToList();
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void The_t_quantile_matches_scipy_for_one_to_ten_thousand_degrees_of_freedom()
    {
        int[] degrees = [.. Enumerable.Range(1, 60), 61, 99, 100, 127, 128, 255, 500, 999, 1000, 4097, 10000];
        // For each df and level: scipy's quantile through the incomplete beta inverse, and scipy.stats.t.ppf itself.
        string output = ExternalTool.RunPython("""
            import math, sys, scipy.special as sp, scipy.stats as st
            for df in map(int, sys.argv[1].split(',')):
                for level in (0.95, 0.99):
                    x = sp.betaincinv(df / 2, 0.5, 1 - level)
                    print(repr(math.sqrt(df * (1 - x) / x)), repr(float(st.t.ppf((1 + level) / 2, df))))
            """, string.Join(',', degrees));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < degrees.Length; i++)
        {
            for (int l = 0; l < 2; l++)
            {
                double level = l == 0 ? 0.95 : 0.99;
                var parts = lines[2 * i + l].Split(' ');
                double beta = double.Parse(parts[0], CultureInfo.InvariantCulture), ppf = double.Parse(parts[1], CultureInfo.InvariantCulture);
                double t = StudentT.TwoSidedQuantile(level, degrees[i]);
                Assert.True(Math.Abs(t - beta) <= Tolerance * beta, $"df {degrees[i]} at {level}: {t:R}, scipy's betaincinv gives {beta:R}");
                Assert.True(Math.Abs(t - ppf) <= ScipyTolerance * ppf, $"df {degrees[i]} at {level}: {t:R}, scipy's t.ppf gives {ppf:R}");
            }
        }
        // The closed forms: df 1 is the Cauchy distribution, df 2 has t = (2p - 1) / sqrt(2p(1 - p)).
        Assert.Equal(Math.Tan(Math.PI * 0.475), StudentT.TwoSidedQuantile(0.95, 1), 1e-13);
        Assert.Equal(0.95 / Math.Sqrt(2 * 0.975 * 0.025), StudentT.TwoSidedQuantile(0.95, 2), 1e-14);
        Assert.True(double.IsNaN(StudentT.TwoSidedQuantile(0.95, 0)));
    }

    [Fact]
    public void ReplicateStatistics_Of_counts_None_and_NaN_and_refuses_a_bad_confidence()
    {
        var statistics = ReplicateStatistics.Of([1.0, null, 2.0, double.NaN, 3.0]);
        Assert.Equal((3, 2.0, 1.0, 1, 1), (statistics.N, statistics.Mean, statistics.Std, statistics.NoneCount, statistics.NaNCount));
        Assert.Equal(1 / Math.Sqrt(3), statistics.Sem, 15);
        Assert.Equal(2 - 4.302652729749464 / Math.Sqrt(3), statistics.CiLow, 12);   // scipy.stats.t.ppf(0.975, 2)
        Assert.True(double.IsNaN(ReplicateStatistics.Of([]).Mean));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplicateStatistics.Of([1.0], confidence: 1.5));
    }

    [Fact]
    public void Axes_can_be_named_and_replicates_left_out_and_bad_keys_and_values_are_refused_by_name()
    {
        for (int i = 0; i < 6; i++)
            Create(_temp, "Named", i + 1, P(("n", 100 * (1 + i % 2)), ("seed", i / 2), ("score", 0.5 + i), ("loss", 1.0 / (i + 1))));
        Create(_temp, "Named", 7, P(("n", 100), ("seed", 9), ("score", "diverged"), ("loss", 1.0)));
        var smg = new StorageManagerGroup("Named", options: _temp.Options);

        // "loss" also varies: by default it would be an axis, so the axes are named.
        var cells = smg.Where("score != 'diverged'").SummarizeReplicates("score", replicate: "seed", by: ["n"]);
        Assert.Equal([100, 200], cells.Select(c => c.Axes["N"]));
        Assert.Equal(["Named1", "Named3", "Named5"], cells[0].Runs);
        Assert.Equal((3, 2.5, 2.0), (cells[0].N, cells[0].Mean, cells[0].Std));
        Assert.Equal([0, 1, 2], cells[0].Replicates);

        var pooled = smg.Where("n == 200").SummarizeReplicates("score", replicate: null, by: []);
        Assert.Equal((3, 3.5), (pooled.Single().N, pooled.Single().Mean));
        Assert.Empty(pooled.Single().Axes);

        var metric = Assert.Throws<ArgumentException>(() => smg.SummarizeReplicates("scor"));
        Assert.Contains("'scor'", metric.Message);
        Assert.Equal("metric", metric.ParamName);
        Assert.Equal("by", Assert.Throws<ArgumentException>(() => smg.SummarizeReplicates("score", by: ["size"])).ParamName);
        var text = Assert.Throws<InvalidDataException>(() => smg.SummarizeReplicates("score", by: ["n"]));
        Assert.Contains("Named7", text.Message);
        Assert.Contains("'diverged'", text.Message);
    }

    private void WriteRandomSweep(string main, int seed)
    {
        var random = new Random(seed);
        int number = 1;
        foreach (int neurons in new[] { 100, 200, 400 })
        foreach (double lr in new[] { 0.01, 0.1 })
        foreach (string mode in new[] { "fast", "slow" })
        {
            bool allNone = neurons == 400 && lr == 0.1 && mode == "slow";
            bool single = neurons == 100 && lr == 0.01 && mode == "slow";
            for (int s = 0; s < 6; s++)
            {
                if (single && s > 0) break;
                if (!single && random.NextDouble() < 0.15) continue; // a missing replicate
                var parameters = P(("number_of_neurons", neurons), ("lr", lr), ("mode", mode), ("seed", s));
                double draw = random.NextDouble();
                if (allNone) parameters["score"] = null;
                else if (!single && draw < 0.08) parameters["score"] = null;
                else if (!single && draw < 0.14) parameters["score"] = double.NaN;
                else if (!single && draw < 0.18) { }                                  // the run never wrote its score
                else parameters["score"] = Math.Log(neurons) * (1 + lr) + random.NextDouble() * 3 - 1.5;
                Create(_temp, main, number++, parameters);
            }
        }
    }

    private static void Close(JsonElement python, string name, double actual, string cell, double tolerance = Tolerance)
    {
        JsonElement expected = python.GetProperty(name);
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(double.IsNaN(actual), $"{cell} {name}: {actual:R}, numpy gives nan");
            return;
        }
        double value = expected.GetDouble();
        Assert.True(Math.Abs(actual - value) <= tolerance * Math.Max(1, Math.Abs(value)), $"{cell} {name}: {actual:R}, numpy/scipy {value:R}");
    }
}
