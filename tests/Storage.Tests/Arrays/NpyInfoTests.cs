using System.Text.Json;

namespace StorageTyped.Tests.Arrays;

/// <summary>GetNpInfo and NpyFileInfo.Read: dtype, shape and order from the header, as numpy reports them.</summary>
public sealed class NpyInfoTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_header_gives_what_numpy_says_of_files_numpy_wrote()
    {
        var sm = new StorageManager("Info", options: _temp.Options);
        const string Script = """
import sys, json, numpy as np
arrays = {
    'c': np.zeros((3, 4), dtype='<f8'),
    'fortran': np.asfortranarray(np.arange(6, dtype='>i4').reshape(2, 3)),
    'scalar': np.array(7, dtype=np.uint8),
    'empty': np.zeros((0, 5), dtype=np.bool_),
    'wide': np.zeros((2,) * 9, dtype=np.complex128),
}
out = {}
for key, a in arrays.items():
    np.save(sys.argv[1] + '/' + key + '.npy', a)
    b = np.load(sys.argv[1] + '/' + key + '.npy', mmap_mode='r')
    out[key] = {'shape': list(b.shape), 'dtype': b.dtype.name, 'descr': b.dtype.str, 'fortran': bool(np.isfortran(b)), 'size': int(b.size), 'nbytes': int(b.nbytes)}
print(json.dumps(out))
""";
        using var expected = JsonDocument.Parse(ExternalTool.RunPython(Script, sm.Path));

        foreach (var entry in expected.RootElement.EnumerateObject())
        {
            NpyFileInfo info = sm.GetNpInfo(entry.Name);
            var numpy = entry.Value;
            Assert.Equal(numpy.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), info.Shape);
            Assert.Equal(numpy.GetProperty("dtype").GetString(), info.DType);
            Assert.Equal(numpy.GetProperty("descr").GetString(), info.Descr);
            Assert.Equal(numpy.GetProperty("fortran").GetBoolean(), info.IsFortranOrder);
            Assert.Equal(numpy.GetProperty("size").GetInt64(), info.ElementCount);
            Assert.Equal(numpy.GetProperty("nbytes").GetInt64(), info.DataLength);
            Assert.Equal(Path.Combine(sm.Path, entry.Name + ".npy"), info.Path);
            Assert.Equal(1, info.FormatVersion);
        }
        Assert.Equal("float64 (3, 4)", sm.GetNpInfo("c").ToString());
        Assert.Equal("()", sm.GetNpInfo("scalar").ShapeText);
    }

    [Fact]
    public void A_missing_or_damaged_file_is_named_in_the_error()
    {
        var sm = new StorageManager("Info", options: _temp.Options);
        sm.SaveNp("ok", new double[] { 1, 2, 3 });
        string damaged = Path.Combine(sm.Path, "damaged.npy");
        File.WriteAllBytes(damaged, File.ReadAllBytes(Path.Combine(sm.Path, "ok.npy"))[..^4]);

        Assert.Contains("missing", Assert.Throws<FileNotFoundException>(() => sm.GetNpInfo("missing")).Message);
        Assert.Contains(damaged, Assert.Throws<InvalidDataException>(() => NpyFileInfo.Read(damaged)).Message);
        Assert.Equal(new long[] { 3 }, NpyFileInfo.Read(Path.Combine(sm.Path, "ok.npy")).Shape);
    }
}
