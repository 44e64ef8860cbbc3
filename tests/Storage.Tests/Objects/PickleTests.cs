using System.Collections;

namespace StorageTyped.Tests.Objects;

/// <summary>
/// PymoNNto's objects (&lt;key&gt;.obj, Python's pickle) written by Debian's python3 in protocols 2 to 5, read as
/// plain data; pickles that name a class or a function are refused by name, and nothing they name runs.
/// </summary>
public sealed class PickleTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Writes <c>state</c> as PymoNNto's save_obj does (pickle.dump to key.obj) in the given protocol.</summary>
    private const string WritePlainState = """
import pickle, sys
import numpy as np
folder, protocol = sys.argv[1], int(sys.argv[2])
state = {
    'name': 'layer 1', 'count': 120, 'big': 2**62, 'negative': -7, 'ratio': 0.25, 'nothing': None, 'flag': True,
    'blob': b'\x00\xffab', 'array_bytes': bytearray(b'xy'), 'tags': {'a'}, 'frozen': frozenset([3]), 'pair': (1, 'two'),
    'nested': {'spikes': [1, 2, 3], 'deep': [[1.5], []]}, 'unicode': 'Grüße 😀',
    'weights': np.array([[0.5, 1.0], [2.0, 3.0]]), 'fortran': np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)),
    'big_endian': np.arange(3, dtype='>i4'), 'int8': np.arange(-2, 3, dtype=np.int8), 'bools': np.array([True, False]),
    'half': np.array([1.5], dtype=np.float16), 'zero_d': np.array(7.0), 'empty': np.zeros((0, 3)),
    'f64': np.float64(0.5), 'f32': np.float32(1.5), 'i64': np.int64(-9), 'u8': np.uint8(200), 'b': np.bool_(True),
}
with open(folder + '/state.obj', 'wb') as f:
    pickle.dump(state, f, protocol=protocol)
with open(folder + '/weights.obj', 'wb') as f:
    pickle.dump(np.arange(12, dtype=np.float64).reshape(3, 4), f, protocol=protocol)
""";

    /// <summary>A type for PymoNNto's dict: MessagePack matches the dict's keys with [Key] names.</summary>
    [MessagePack.MessagePackObject]
    public sealed class NetworkState
    {
        [MessagePack.Key("name")] public string Name { get; set; } = "";
        [MessagePack.Key("count")] public int Count { get; set; }
        [MessagePack.Key("ratio")] public double Ratio { get; set; }
        [MessagePack.Key("weights")] public double[][] Weights { get; set; } = [];
        [MessagePack.Key("flag")] public bool Flag { get; set; }
        [MessagePack.Key("tags")] public HashSet<string> Tags { get; set; } = [];
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Pickles_of_plain_data_and_numpy_arrays_read_as_plain_values(int protocol)
    {
        var sm = new StorageManager("Pickles", options: _temp.Options);
        ExternalTool.RunPython(WritePlainState, sm.Path, protocol.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(sm.HasObj("state"));
        var state = sm.LoadObj<Dictionary<object, object?>>("state");
        Assert.Equal("layer 1", state["name"]);
        Assert.Equal(120L, Convert.ToInt64(state["count"]));
        Assert.Equal(1L << 62, Convert.ToInt64(state["big"]));
        Assert.Equal(-7L, Convert.ToInt64(state["negative"]));
        Assert.Equal(0.25, state["ratio"]);
        Assert.Null(state["nothing"]);
        Assert.Equal(true, state["flag"]);
        Assert.Equal(new byte[] { 0, 0xff, (byte)'a', (byte)'b' }, state["blob"]);
        Assert.Equal("xy"u8.ToArray(), state["array_bytes"]);
        Assert.Equal(["a"], Items(state["tags"]));
        Assert.Equal([3L], Items(state["frozen"]).Select(Convert.ToInt64));
        Assert.Equal([1L, "two"], Items(state["pair"]).Select(v => v is string ? v : Convert.ToInt64(v)));
        var nested = (IDictionary)state["nested"]!;
        Assert.Equal([1L, 2L, 3L], Items(nested["spikes"]).Select(Convert.ToInt64));
        Assert.Equal("Grüße 😀", state["unicode"]);
        Assert.Equal([[0.5, 1.0], [2.0, 3.0]], Items(state["weights"]).Select(row => Items(row).Select(Convert.ToDouble).ToArray()).ToArray());
        Assert.Equal([[0L, 1L, 2L], [3L, 4L, 5L]], Items(state["fortran"]).Select(row => Items(row).Select(Convert.ToInt64).ToArray()).ToArray());
        Assert.Equal([0L, 1L, 2L], Items(state["big_endian"]).Select(Convert.ToInt64));
        Assert.Equal([-2L, -1L, 0L, 1L, 2L], Items(state["int8"]).Select(Convert.ToInt64));
        Assert.Equal([true, false], Items(state["bools"]).Cast<bool>());
        Assert.Equal([1.5], Items(state["half"]).Select(Convert.ToDouble));
        Assert.Equal(7.0, Convert.ToDouble(state["zero_d"]));
        Assert.Empty(Items(state["empty"]));
        Assert.Equal(0.5, Convert.ToDouble(state["f64"]));
        Assert.Equal(1.5, Convert.ToDouble(state["f32"]));
        Assert.Equal(-9L, Convert.ToInt64(state["i64"]));
        Assert.Equal(200L, Convert.ToInt64(state["u8"]));
        Assert.Equal(true, state["b"]);

        // A type MessagePack reads from the same data.
        var typed = sm.LoadObj<NetworkState>("state");
        Assert.Equal("layer 1", typed.Name);
        Assert.Equal(120, typed.Count);
        Assert.Equal([2.0, 3.0], typed.Weights[1]);
        Assert.True(typed.Flag);
        Assert.Equal(0.25, typed.Ratio);
        Assert.Equal(["a"], typed.Tags);
        Assert.Equal([4.0, 5.0, 6.0, 7.0], sm.LoadObj<double[][]>("weights")[1]);
        Assert.IsType<object[]>(sm.LoadObj<object>("weights"));
    }

    [Fact]
    public void The_group_reads_pickles_of_pymonnto_runs_and_msgpack_wins_beside_a_pickle()
    {
        var first = new StorageManager("Pickles", options: _temp.Options);
        var second = new StorageManager("Pickles", options: _temp.Options);
        var third = new StorageManager("Pickles", options: _temp.Options);
        ExternalTool.RunPython(WritePlainState, first.Path, "4");
        ExternalTool.RunPython(WritePlainState, second.Path, "2");
        second.SaveObj("weights", new[] { new[] { 9.0 } });   // the library's own file is read first

        var group = new StorageManagerGroup("Pickles", options: _temp.Options);
        List<double[][]?> weights = group.GetObjList<double[][]>("weights");
        Assert.Equal(3, weights.Count);
        Assert.Equal(11.0, weights[0]![2][3]);
        Assert.Equal(9.0, weights[1]![0][0]);
        Assert.Null(weights[2]);
        Assert.Equal(2, group.GetObjList<double[][]>("weights", removeNone: true).Count);
        Assert.False(third.HasObj("weights"));
        var missing = Assert.Throws<FileNotFoundException>(() => third.LoadObj<object>("weights"));
        Assert.Contains("weights.msgpack or weights.obj", missing.Message);
    }

    /// <summary>Pickles that are not plain data, each with the name the refusal must give.</summary>
    private const string WriteHostile = """
import datetime, os, pickle, sys
import numpy as np
folder, marker = sys.argv[1], sys.argv[2]
class Evil:
    def __reduce__(self):
        return (os.system, ('touch ' + marker,))
class State:
    def __init__(self): self.x = 1
def dump(name, obj, protocol):
    with open(os.path.join(folder, name + '.obj'), 'wb') as f:
        pickle.dump(obj, f, protocol=protocol)
for p in (0, 2, 5):
    dump(f'evil{p}', Evil(), p)
    dump(f'evil_inside{p}', {'ok': [1, 2], 'payload': [Evil()]}, p)
dump('user_class', State(), 4)
dump('date', datetime.datetime(2026, 11, 24), 4)
dump('complex', 1 + 2j, 4)
dump('object_array', np.array([1, 'a'], dtype=object), 4)
dump('complex_array', np.array([1j]), 4)
dump('structured', np.zeros(2, dtype=[('a', 'i4')]), 4)
loop = []
loop.append(loop)
dump('loop', loop, 4)
a = [1] * 10
for _ in range(20):
    a = [a] * 10
dump('bomb', a, 4)
""";

    [Theory]
    [InlineData("evil0", "posix.system")]
    [InlineData("evil2", "posix.system")]
    [InlineData("evil5", "posix.system")]
    [InlineData("evil_inside0", "posix.system")]
    [InlineData("evil_inside2", "posix.system")]
    [InlineData("evil_inside5", "posix.system")]
    [InlineData("user_class", "__main__.State")]
    [InlineData("date", "datetime.datetime")]
    [InlineData("complex", "builtins.complex")]
    [InlineData("object_array", "(objects)")]
    [InlineData("complex_array", "dtype('<c16')")]
    [InlineData("structured", "dtype(")]
    [InlineData("loop", "contains itself")]
    [InlineData("bomb", "expands to more than")]
    public void Pickles_that_are_not_plain_data_are_refused_by_name_and_nothing_runs(string key, string named)
    {
        var sm = new StorageManager("Hostile", options: _temp.Options);
        string marker = Path.Combine(_temp.Root, "ran");
        ExternalTool.RunPython(WriteHostile, sm.Path, marker);

        var e = HangGuard.Throws<InvalidDataException>(() => sm.LoadObj<object>(key), "LoadObj of a hostile pickle");
        Assert.Contains(Path.Combine(sm.Path, key + ".obj"), e.Message);
        Assert.Contains(named, e.Message);
        Assert.False(File.Exists(marker), "a command named in the pickle ran");
        Assert.True(sm.HasObj(key));
    }

    [Fact]
    public void Damaged_pickles_are_an_invalid_data_exception_at_every_length()
    {
        var sm = new StorageManager("Damaged", options: _temp.Options);
        ExternalTool.RunPython(WritePlainState, sm.Path, "5");
        byte[] whole = File.ReadAllBytes(Path.Combine(sm.Path, "state.obj"));
        string truncated = Path.Combine(sm.Path, "cut.obj");
        for (int length = 0; length < whole.Length; length += 1 + length / 16)
        {
            File.WriteAllBytes(truncated, whole[..length]);
            Assert.Throws<InvalidDataException>(() => sm.LoadObj<object>("cut"));
        }
        var random = new Random(5);
        for (int i = 0; i < 300; i++)
        {
            byte[] flipped = (byte[])whole.Clone();
            flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
            File.WriteAllBytes(truncated, flipped);
            try { _ = sm.LoadObj<object>("cut"); }
            catch (InvalidDataException) { }
        }
    }

    [Fact]
    public void A_class_named_through_values_the_scan_cannot_follow_is_refused()
    {
        var sm = new StorageManager("Scan", options: _temp.Options);
        // Protocol 4: STACK_GLOBAL whose module and name come from the old STRING opcode (quoted text), not SHORT_BINUNICODE.
        byte[] pickle = [0x80, 4, .. "S'posix'\nS'system'\n"u8, 0x93, .. "S'true'\n"u8, 0x85, (byte)'R', (byte)'.'];
        File.WriteAllBytes(Path.Combine(sm.Path, "odd.obj"), pickle);
        var e = Assert.Throws<InvalidDataException>(() => sm.LoadObj<object>("odd"));
        Assert.Contains("cannot check", e.Message);
    }

    private static List<object?> Items(object? value) => value switch
    {
        object?[] array => [.. array],
        IEnumerable enumerable and not string and not byte[] => enumerable.Cast<object?>().ToList(),
        _ => throw new InvalidOperationException($"{value?.GetType().Name ?? "null"} is not a list"),
    };
}
