using System.Text.Json;

namespace StorageTyped.Tests.Arrays;

public sealed class NpyMappedArrayTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Mapped_arrays_index_C_and_Fortran_files_as_numpy_does()
    {
        var sm = new StorageManager("Map", options: _temp.Options);
        string output = ExternalTool.RunPython("""
            import sys, json, numpy as np
            a = np.arange(60, dtype=np.float64).reshape(3, 4, 5) * 1.5
            np.save(sys.argv[1] + '/c.npy', a)
            np.save(sys.argv[1] + '/f.npy', np.asfortranarray(a))
            print(json.dumps(a.ravel().tolist()))
            """, sm.Path);
        double[] expected = JsonSerializer.Deserialize<double[]>(output)!;
        foreach (string key in new[] { "c", "f" })
        {
            using NpyMappedArray<double> mapped = sm.LoadNpMapped<double>(key);
            Assert.Equal([3L, 4, 5], mapped.Shape);
            Assert.Equal(60, mapped.Length);
            Assert.Equal(key == "f", mapped.IsFortranOrder);
            int flat = 0;
            for (long i = 0; i < 3; i++)
                for (long j = 0; j < 4; j++)
                    for (long k = 0; k < 5; k++)
                        Assert.Equal(expected[flat++], mapped[i, j, k]);
            Assert.Equal(key == "c" ? expected[7] : expected[20 * 1 + 5 * 0 + 0] /* (1,0,0) */, mapped[key == "c" ? 7 : 1]);
            Assert.Throws<ArgumentOutOfRangeException>(() => mapped[3, 0, 0]);
            Assert.Throws<ArgumentException>(() => mapped[1, 2]);
            Assert.Throws<ArgumentOutOfRangeException>(() => mapped[60]);
            Assert.Throws<ArgumentOutOfRangeException>(() => mapped.GetSpan(55, 6).Length);
            Assert.Equal(5, mapped.GetSpan(55, 5).Length);
        }
    }

    [Fact]
    public void A_disposed_map_refuses_access_and_a_replaced_file_stays_as_it_was_mapped()
    {
        var sm = new StorageManager("Map", options: _temp.Options);
        sm.SaveNp("x", new double[] { 1, 2, 3 });
        var mapped = sm.LoadNpMapped<double>("x");
        sm.SaveNp("x", new double[] { 7, 8, 9, 10 });        // atomic replace: the mapping keeps the old file
        Assert.Equal([1.0, 2, 3], mapped.AsSpan().ToArray());
        Assert.Equal([7.0, 8, 9, 10], sm.LoadNp<double>("x"));
        mapped.Dispose();
        mapped.Dispose();
        Assert.Throws<ObjectDisposedException>(() => mapped[0]);
        Assert.Throws<ObjectDisposedException>(() => mapped.AsSpan().Length);
    }

    [Fact]
    public void Empty_scalar_big_endian_and_wrong_type_files()
    {
        var sm = new StorageManager("Map", options: _temp.Options);
        sm.SaveNp<float>("empty", ReadOnlySpan<float>.Empty, [0, 3]);
        sm.SaveNp<int>("scalar", [42], []);
        ExternalTool.RunPython("import sys, numpy as np\nnp.save(sys.argv[1] + '/big.npy', np.arange(4, dtype='>f8'))", sm.Path);
        using (var empty = sm.LoadNpMapped<float>("empty"))
        {
            Assert.Equal([0L, 3], empty.Shape);
            Assert.Equal(0, empty.AsSpan().Length);
        }
        using (var scalar = sm.LoadNpMapped<int>("scalar"))
        {
            Assert.Empty(scalar.Shape);
            Assert.Equal(42, scalar[0]);
            Assert.Equal(42, scalar[[]]);
        }
        var big = Assert.Throws<InvalidDataException>(() => sm.LoadNpMapped<double>("big"));
        Assert.Contains("big-endian", big.Message);
        Assert.Contains("LoadNp<double>", big.Message);
        Assert.Equal([0.0, 1, 2, 3], sm.LoadNp<double>("big"));
        var wrong = Assert.Throws<InvalidDataException>(() => sm.LoadNpMapped<long>("scalar"));
        Assert.Contains("int32", wrong.Message);
        Assert.Contains("LoadNp<int>", wrong.Message);
    }

    [Fact]
    public void A_64_GiB_sparse_file_opens_mapped_and_is_refused_as_a_dotnet_array()
    {
        var sm = new StorageManager("Map", options: _temp.Options);
        const long Elements = 8L << 30; // 8 Gi float64 = 64 GiB, more than this machine's memory
        sm.SaveNp<double>("huge", [0.0], [1]);
        string path = Path.Combine(sm.Path, "huge.npy");
        // Rewrite the shape in place and extend the file sparsely: no data is written.
        byte[] header = File.ReadAllBytes(path)[..128];
        string text = System.Text.Encoding.ASCII.GetString(header, 10, 118).Replace("(1,), }" + new string(' ', 9), $"({Elements},), }}", StringComparison.Ordinal);
        Assert.Contains(Elements.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        System.Text.Encoding.ASCII.GetBytes(text).CopyTo(header, 10);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            file.Write(header);
            file.SetLength(128 + Elements * 8);
            file.Seek(-8, SeekOrigin.End);
            file.Write(BitConverter.GetBytes(2.5));
        }

        using (NpyMappedArray<double> mapped = sm.LoadNpMapped<double>("huge"))
        {
            Assert.Equal(Elements, mapped.Length);
            Assert.Equal(2.5, mapped[Elements - 1]);
            Assert.Equal(0.0, mapped[Elements / 2]);
            Assert.Throws<InvalidOperationException>(() => mapped.AsSpan().Length);
        }
        var tooLarge = Assert.Throws<InvalidDataException>(() => sm.LoadNp<double>("huge"));
        Assert.Contains("more than a .NET array can hold", tooLarge.Message);
        File.Delete(path);
    }
}
