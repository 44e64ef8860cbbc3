using System.Numerics;
using System.Runtime.InteropServices;
using NumSharp;
using StorageTyped.Arrays;

namespace StorageTyped.Tests.Arrays;

public sealed class RecorderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Variables_are_saved_one_file_each_stacked_over_time_and_numpy_reads_them()
    {
        var sm = new StorageManager("Rec", options: _temp.Options);
        var recorder = new Recorder();
        const int Steps = 1000;
        for (int t = 0; t < Steps; t++)
        {
            recorder.Record("voltage", Enumerable.Range(0, 100).Select(i => t * 0.5 + i).ToArray());   // 800 B a step
            recorder.Record("mean", t / 3.0);
            recorder.Record("spikes", Enumerable.Range(0, 7).Select(i => (t + i) % 3 == 0).ToArray());  // 7 B: straddles chunks
            recorder.Record("big", new ReadOnlySpan<int>(Enumerable.Range(t, 3000).ToArray()));          // 12 KB: larger than a first chunk
            var grid = new float[2, 3];
            for (int r = 0; r < 2; r++) for (int c = 0; c < 3; c++) grid[r, c] = t + r * 10 + c;
            recorder.Record("grid", grid);
            recorder.Record("phase", new Complex(t, -t));
            recorder.Record("h", (Half)(t % 100));
        }
        Assert.Equal(["voltage", "mean", "spikes", "big", "grid", "phase", "h"], recorder.Variables);
        Assert.Equal(Steps, recorder.StepCount("voltage"));

        sm.SaveRecorder("rec_", recorder);

        string output = ExternalTool.RunPython("""
            import sys, numpy as np
            d, T = sys.argv[1], 1000
            t = np.arange(T)
            expected = {
                'voltage': t[:, None] * 0.5 + np.arange(100)[None, :],
                'mean': t / 3.0,
                'spikes': (t[:, None] + np.arange(7)[None, :]) % 3 == 0,
                'big': (t[:, None] + np.arange(3000)[None, :]).astype(np.int32),
                'grid': (t[:, None, None] + 10 * np.arange(2)[None, :, None] + np.arange(3)[None, None, :]).astype(np.float32),
                'phase': t - 1j * t,
                'h': (t % 100).astype(np.float16),
            }
            for name, e in expected.items():
                a = np.load('%s/rec_%s.npy' % (d, name))
                print(name, a.dtype == e.dtype, a.shape == e.shape, np.array_equal(a, e))
            """, sm.Path);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.All(lines, line => Assert.EndsWith("True True True", line));
    }

    [Fact]
    public void Saving_some_keys_writes_only_those_and_a_bad_key_writes_nothing()
    {
        var sm = new StorageManager("Rec", options: _temp.Options);
        var recorder = new Recorder();
        for (int t = 0; t < 5; t++)
        {
            recorder.Record("a", (double)t);
            recorder.Record("b", t);
            recorder.Record("c", (long)t);
        }
        sm.SaveRecorder("one_", recorder, "a");
        sm.SaveRecorder("two_", recorder, ["a", "c"]);
        var unknown = Assert.Throws<ArgumentException>(() => sm.SaveRecorder("bad_", recorder, ["a", "nope"]));
        Assert.Contains("'nope'", unknown.Message);
        var invalid = Assert.Throws<ArgumentException>(() => sm.SaveRecorder("x/", recorder));
        Assert.Contains("x/a", invalid.Message);

        string[] files = Directory.GetFiles(sm.Path, "*.npy").Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(["one_a.npy", "two_a.npy", "two_c.npy"], files);
        Assert.Equal([0.0, 1, 2, 3, 4], sm.LoadNp<double>("two_a"));
        Assert.Equal([0L, 1, 2, 3, 4], sm.LoadNp<long>("two_c"));
    }

    [Fact]
    public void A_step_of_another_type_or_shape_is_refused_and_not_recorded()
    {
        var recorder = new Recorder();
        recorder.Record("v", new double[] { 1, 2, 3 });
        var shape = Assert.Throws<ArgumentException>(() => recorder.Record("v", new double[] { 1, 2 }));
        Assert.Contains("float64 (3,)", shape.Message);
        Assert.Contains("float64 (2,)", shape.Message);
        var type = Assert.Throws<ArgumentException>(() => recorder.Record("v", new float[] { 1, 2, 3 }));
        Assert.Contains("float32", type.Message);
        Assert.Throws<ArgumentException>(() => recorder.Record("v", new double[1, 3]));
        Assert.Throws<ArgumentException>(() => recorder.Record("d", DateTime.UnixEpoch));
        Assert.Throws<ArgumentException>(() => recorder.Record("s", new string[] { "x" }));
        Assert.Equal(1, recorder.StepCount("v"));
        Assert.False(recorder.Contains("d"));
        Assert.Throws<KeyNotFoundException>(() => recorder.StepCount("missing"));
        Assert.Throws<ArgumentException>(() => recorder.Get<float>("v"));
    }

    [Fact]
    public void Get_stacks_every_kind_of_step_and_NDArrays_are_recorded_in_C_order()
    {
        var recorder = new Recorder();
        using NDArray matrix = np.arange(6.0).reshape(2, 3);
        for (int t = 0; t < 3; t++)
        {
            recorder.Record("nd", matrix.T);                               // a Fortran-ordered view: recorded as (3, 2) in C order
            recorder.Record<short>("span", [(short)t, (short)-t], [2, 1]);
        }
        NpyArray<double> nd = recorder.Get<double>("nd");
        Assert.Equal([3L, 3, 2], nd.Shape);
        Assert.Equal([0.0, 3, 1, 4, 2, 5], nd.Data[..6]);
        NpyArray<short> span = recorder.Get<short>("span");
        Assert.Equal([3L, 2, 1], span.Shape);
        Assert.Equal([(short)0, 0, 1, -1, 2, -2], span.Data);
        Assert.Equal(-2, span.To3D()[2, 1, 0]);
    }

    [Fact]
    public void Appending_never_moves_what_is_already_recorded()
    {
        var recorder = new Recorder();
        recorder.Record("x", 1.0);
        RecordedVariable variable = recorder.Get("x");
        Assert.True(MemoryMarshal.TryGetArray(variable.Pieces()[0], out ArraySegment<byte> first));
        for (int t = 0; t < 1_000_000; t++) recorder.Record("x", (double)t);
        var pieces = variable.Pieces();
        Assert.True(MemoryMarshal.TryGetArray(pieces[0], out ArraySegment<byte> stillFirst));
        Assert.Same(first.Array, stillFirst.Array);
        Assert.Equal(8 * 1_000_001L, pieces.Sum(p => (long)p.Length));
        Assert.InRange(pieces.Count, 8, 20); // chunks double: 4 KiB … 8 MB in ~12 pieces, not one per step
        NpyArray<double> all = recorder.Get<double>("x");
        Assert.Equal(1.0, all.Data[0]);
        Assert.Equal(999_999.0, all.Data[^1]);
    }
}
