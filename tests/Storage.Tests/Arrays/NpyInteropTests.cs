using System.Text.Json;
using NumSharp;

namespace StorageTyped.Tests.Arrays;

/// <summary>
/// .npy files against Debian's python3-numpy in both directions, for every dtype, shape class, order, byte order and
/// format version: numpy reads what is written here, and what is written here is byte-identical to np.save; what
/// numpy writes is read here bit for bit.
/// </summary>
public sealed class NpyInteropTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private sealed record Written(string File, string Raw, string Descr, long[] Shape, string Back);

    private sealed record CheckResult(int Checked, string[] Failures);

    /// <summary>
    /// For each file written here: np.save of the expected array (built by numpy from the raw little-endian bytes)
    /// must give the same bytes, and np.load must give the expected dtype, shape and bits. Then numpy writes each
    /// array back in Fortran order and big-endian (format 1.0, 2.0 or 3.0 in turn) for the reverse trip.
    /// </summary>
    private const string VerifyAndWriteBack = """
        import sys, json, io, numpy as np
        entries = json.load(open(sys.argv[1]))
        failures = []
        versions = [(1, 0), (2, 0), (3, 0)]
        for i, e in enumerate(entries):
            raw = open(e['Raw'], 'rb').read()
            expected = np.frombuffer(raw, dtype=np.dtype(e['Descr'])).reshape(tuple(e['Shape']))
            ours = open(e['File'], 'rb').read()
            buf = io.BytesIO()
            np.save(buf, expected)
            if buf.getvalue() != ours:
                failures.append('%s: bytes differ from np.save: ours %r… numpy %r…' % (e['File'], ours[:140], buf.getvalue()[:140]))
            loaded = np.load(e['File'])
            if loaded.dtype != expected.dtype or loaded.shape != expected.shape or loaded.tobytes() != raw:
                failures.append('%s: np.load gave %s %s' % (e['File'], loaded.dtype, loaded.shape))
            back = np.array(loaded.astype(loaded.dtype.newbyteorder('>')), order='F')
            with open(e['Back'], 'wb') as f:
                np.lib.format.write_array(f, back, version=versions[i % 3])
        print(json.dumps({'Checked': len(entries), 'Failures': failures}))
        """;

    [Fact]
    public void Every_dtype_and_shape_written_here_is_what_np_save_writes_and_comes_back_from_numpy_unchanged()
    {
        var sm = new StorageManager("Npy", options: _temp.Options);
        var entries = new List<Written>();
        var expected = new Dictionary<string, (TestDType DType, byte[] Raw, long[] Shape)>();
        int seed = 0;
        foreach (TestDType dtype in NpyTestTypes.All)
        {
            foreach (long[] shape in NpyTestTypes.Shapes)
            {
                byte[] raw = NpyTestTypes.Values(dtype, NpyTestTypes.Count(shape), seed++);
                string rawPath = Path.Combine(_temp.Root, $"raw{seed}.bin");
                File.WriteAllBytes(rawPath, raw);
                foreach (string via in new[] { "array", "span", "ndarray" })
                {
                    if (via == "array" && shape.Length == 0) continue; // .NET arrays have rank ≥ 1
                    string key = $"{dtype.Name}_{seed}_{via}";
                    Save(sm, key, dtype, raw, shape, via);
                    entries.Add(new Written(Path.Combine(sm.Path, key + ".npy"), rawPath, dtype.Descr, shape, Path.Combine(sm.Path, key + "_back.npy")));
                    expected[key + "_back"] = (dtype, raw, shape);
                }
            }
        }
        string manifest = Path.Combine(_temp.Root, "manifest.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(entries));

        var result = JsonSerializer.Deserialize<CheckResult>(ExternalTool.RunPython(VerifyAndWriteBack, manifest))!;

        Assert.Equal(entries.Count, result.Checked);
        Assert.Empty(result.Failures);
        foreach (var (key, (dtype, raw, shape)) in expected)
            AssertLoadsAs(sm, key, dtype, raw, shape);
    }

    private sealed record NumpyWritten(string Key, string Dtype, string Descr, long[] Shape, bool Fortran, bool BigEndian, int Version, string RawC, string RawFile);

    /// <summary>
    /// numpy writes every dtype × shape class × C/Fortran order × little/big endian with np.save, and the same
    /// arrays in formats 2.0 and 3.0; prints the manifest with raw little-endian bytes in C order and in file order.
    /// </summary>
    private const string WriteWithNumpy = """
        import sys, json, numpy as np
        folder, seed = sys.argv[1], int(sys.argv[2])
        rng = np.random.default_rng(seed)
        descrs = ['|b1', '|i1', '|u1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '<f2', '<f4', '<f8', '<c16']
        shapes = [(), (0,), (1,), (7,), (2, 3), (3, 0, 2), (2, 3, 4), (1, 2, 1, 3)]
        def values(dt, shape):
            n = int(np.prod(shape))
            if dt.kind == 'b':
                return (np.frombuffer(rng.bytes(n), np.uint8) & 1).astype(bool).reshape(shape)
            a = np.frombuffer(rng.bytes(n * dt.itemsize), dtype=dt).copy()
            if dt.kind == 'f':
                fi = np.finfo(dt)
                special = [np.nan, np.inf, -np.inf, -0.0, fi.smallest_subnormal, fi.max, -fi.tiny]
            elif dt.kind == 'c':
                fi = np.finfo(dt)
                special = [complex(np.nan, -0.0), complex(np.inf, fi.smallest_subnormal), complex(-0.0, -np.inf)]
            else:
                ii = np.iinfo(dt)
                special = [ii.min, ii.max, 0]
            k = min(n, len(special))
            a[:k] = special[:k]
            return a.reshape(shape)
        entries = []
        i = 0
        for descr in descrs:
            dt = np.dtype(descr)
            for shape in shapes:
                for order in 'CF':
                    for endian in ('<', '>') if dt.itemsize > 1 else ('|',):
                        for version in ((1, 0), (2, 0), (3, 0)) if shape == (2, 3) else ((1, 0),):
                            a = values(dt, shape)
                            stored = a.astype(dt.newbyteorder(endian)) if dt.itemsize > 1 else a
                            stored = np.array(stored, order=order)
                            key = 'np%d' % i
                            i += 1
                            if version == (1, 0):
                                np.save('%s/%s.npy' % (folder, key), stored)
                            else:
                                with open('%s/%s.npy' % (folder, key), 'wb') as f:
                                    np.lib.format.write_array(f, stored, version=version)
                            fortran = np.lib.format.header_data_from_array_1_0(stored)['fortran_order']
                            raw_c, raw_file = '%s/%s.c.bin' % (folder, key), '%s/%s.f.bin' % (folder, key)
                            open(raw_c, 'wb').write(a.tobytes(order='C'))
                            open(raw_file, 'wb').write(a.tobytes(order='F' if fortran else 'C'))
                            entries.append({'Key': key, 'Dtype': dt.name, 'Descr': stored.dtype.str, 'Shape': list(shape),
                                            'Fortran': bool(fortran), 'BigEndian': endian == '>', 'Version': version[0],
                                            'RawC': raw_c, 'RawFile': raw_file})
        print(json.dumps(entries))
        """;

    /// <summary>Loads each file numpy wrote and the copy written here, and checks the copy is np.save's bytes for the same values.</summary>
    private const string CheckCopies = """
        import sys, json, io, numpy as np
        pairs = json.load(open(sys.argv[1]))
        failures = []
        for original, copy in pairs:
            a = np.load(original)
            native = a.astype(a.dtype.newbyteorder('='), order='C')
            buf = io.BytesIO()
            np.save(buf, native)
            if open(copy, 'rb').read() != buf.getvalue():
                failures.append('%s (copy of %s %s %s) differs from np.save' % (copy, original, a.dtype.str, a.shape))
        print(json.dumps({'Checked': len(pairs), 'Failures': failures}))
        """;

    [Fact]
    public void Every_file_numpy_writes_is_read_bit_for_bit_and_written_back_as_np_save_would()
    {
        var sm = new StorageManager("Npy", options: _temp.Options);
        var entries = JsonSerializer.Deserialize<NumpyWritten[]>(ExternalTool.RunPython(WriteWithNumpy, sm.Path, "7"))!;
        Assert.True(entries.Length > 300, $"only {entries.Length} files");
        Assert.Contains(entries, e => e.Fortran && e.BigEndian && e.Version == 1);
        Assert.Contains(entries, e => e.Version == 3);

        var pairs = new List<string[]>();
        foreach (NumpyWritten e in entries)
        {
            TestDType dtype = NpyTestTypes.ByName(e.Dtype);
            byte[] rawC = File.ReadAllBytes(e.RawC);
            AssertLoadsAs(sm, e.Key, dtype, rawC, e.Shape);

            if (!e.BigEndian)
            {
                var mapped = dtype.Accept(new MappedLoad(sm, e.Key));
                Assert.Equal(e.Shape, mapped.Shape);
                Assert.Equal(e.Fortran, mapped.Fortran);
                Assert.Equal(File.ReadAllBytes(e.RawFile), mapped.Data);
            }

            using (NDArray loaded = sm.LoadNp(e.Key)) sm.SaveNp(e.Key + "_copy", loaded);
            dtype.Accept(new TypedCopy(sm, e.Key, e.Key + "_copy2"));
            pairs.Add([Path.Combine(sm.Path, e.Key + ".npy"), Path.Combine(sm.Path, e.Key + "_copy.npy")]);
            pairs.Add([Path.Combine(sm.Path, e.Key + ".npy"), Path.Combine(sm.Path, e.Key + "_copy2.npy")]);
        }
        string manifest = Path.Combine(_temp.Root, "pairs.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(pairs));
        var result = JsonSerializer.Deserialize<CheckResult>(ExternalTool.RunPython(CheckCopies, manifest))!;
        Assert.Equal(pairs.Count, result.Checked);
        Assert.Empty(result.Failures);
    }

    [Fact]
    public void Large_arrays_are_written_and_read_like_small_ones()
    {
        // Past the 4 KiB first write and the 256 KiB prefault threshold.
        var sm = new StorageManager("Npy", options: _temp.Options);
        var written = new double[1024, 640];
        for (int i = 0; i < 1024; i++) for (int j = 0; j < 640; j++) written[i, j] = (i * 640 + j) * 0.25;
        sm.SaveNp("written", written);
        string output = ExternalTool.RunPython("""
            import sys, io, numpy as np
            d = sys.argv[1]
            expected = np.arange(1024 * 640).reshape(1024, 640) * 0.25
            buf = io.BytesIO()
            np.save(buf, expected)
            print(open(d + '/written.npy', 'rb').read() == buf.getvalue(), np.array_equal(np.load(d + '/written.npy'), expected))
            np.save(d + '/fortran.npy', np.asfortranarray(np.arange(700 * 900).reshape(700, 900) * 0.5))
            np.save(d + '/big_endian.npy', (np.arange(3_000_000) * 0.5).astype('>f8'))
            """, sm.Path);
        Assert.Equal("True True", output.Trim());

        double[] fortran = sm.LoadNp<double>("fortran");
        Assert.Equal(700 * 900, fortran.Length);
        Assert.All(Enumerable.Range(0, fortran.Length).Where(i => fortran[i] != i * 0.5), i => Assert.Fail($"element {i} is {fortran[i]}"));
        using (NDArray fortranNd = sm.LoadNp("fortran"))
            Assert.Equal(NpyTestTypes.BytesOf(fortran), fortranNd.tobytes('C'));
        double[] bigEndian = sm.LoadNp<double>("big_endian");
        Assert.Equal(3_000_000, bigEndian.Length);
        Assert.All(Enumerable.Range(0, bigEndian.Length).Where(i => bigEndian[i] != i * 0.5), i => Assert.Fail($"element {i} is {bigEndian[i]}"));

        // Into a buffer the caller keeps: fresh (untouched pages) the first time, resident the second.
        double[] kept = GC.AllocateUninitializedArray<double>(3_000_000);
        for (int round = 0; round < 2; round++)
        {
            Assert.Equal(700 * 900, sm.LoadNp<double>("fortran", kept));
            Assert.True(kept.AsSpan(0, 700 * 900).SequenceEqual(fortran));
            Assert.Equal(3_000_000, sm.LoadNp<double>("big_endian", kept));
            Assert.True(kept.AsSpan().SequenceEqual(bigEndian));
        }
        Assert.Equal(written.Cast<double>(), sm.LoadNpArray<double>("written").To2D().Cast<double>());
    }

    [Fact]
    public void NDArray_views_are_written_as_np_save_writes_the_same_view()
    {
        var sm = new StorageManager("Npy", options: _temp.Options);
        using NDArray matrix = np.arange(24.0).reshape(4, 6);
        using NDArray cube = np.arange(60).reshape(3, 4, 5);
        sm.SaveNp("transposed", matrix.T);                   // Fortran-contiguous: written in Fortran order
        sm.SaveNp("rows", matrix["1:3"]);                    // contiguous slice
        sm.SaveNp("columns", matrix[":, 1:4"]);              // strided: copied to C order
        sm.SaveNp("stepped", matrix["::2, ::3"]);
        sm.SaveNp("cube_t", cube.T);
        using NDArray row = np.arange(3.0);
        using NDArray broadcast = np.broadcast_to(row, new Shape(4, 3));
        using NDArray scalar = NDArray.Scalar(2.5);
        sm.SaveNp("broadcast", broadcast);
        sm.SaveNp("scalar", scalar);
        sm.SaveNp("row_of_transposed", matrix.T["1:3"]);

        string output = ExternalTool.RunPython("""
            import sys, io, numpy as np
            m = np.arange(24.0).reshape(4, 6)
            c = np.arange(60, dtype=np.int64).reshape(3, 4, 5)
            views = {'transposed': m.T, 'rows': m[1:3], 'columns': m[:, 1:4], 'stepped': m[::2, ::3], 'cube_t': c.T,
                     'broadcast': np.broadcast_to(np.arange(3.0), (4, 3)), 'scalar': np.float64(2.5), 'row_of_transposed': m.T[1:3]}
            for name, view in views.items():
                buf = io.BytesIO()
                np.save(buf, view)
                ours = open('%s/%s.npy' % (sys.argv[1], name), 'rb').read()
                print(name, ours == buf.getvalue(), np.array_equal(np.load('%s/%s.npy' % (sys.argv[1], name)), view))
            """, sm.Path);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.EndsWith("True True", line);
        Assert.Equal(8, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Loading_gives_each_dtype_its_own_NumSharp_type_and_the_shape_numpy_has()
    {
        var sm = new StorageManager("Npy", options: _temp.Options);
        ExternalTool.RunPython("""
            import sys, numpy as np
            for d in ['|b1', '|i1', '|u1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '<f2', '<f4', '<f8', '<c16']:
                np.save('%s/%s.npy' % (sys.argv[1], np.dtype(d).name), np.ones((2, 3), dtype=d))
            """, sm.Path);
        foreach (TestDType dtype in NpyTestTypes.All)
        {
            using NDArray loaded = sm.LoadNp(dtype.Name);
            Assert.Equal(dtype.TypeCode, loaded.typecode);
            Assert.Equal(new long[] { 2, 3 }, loaded.shape);
            Assert.Equal(dtype.ClrType, loaded.dtype);
        }
    }

    internal static void Save(StorageManager sm, string key, TestDType dtype, byte[] raw, long[] shape, string via)
    {
        switch (via)
        {
            case "array":
                sm.SaveNp(key, NpyTestTypes.ToArray(dtype, raw, shape));
                break;
            case "span":
                dtype.Accept(new SpanSave(sm, key, raw, shape));
                break;
            default:
                Array flat = NpyTestTypes.ToArray(dtype, raw, [raw.Length / dtype.ItemSize]);
                using (var array = new NDArray(flat, new Shape(shape), 'C')) sm.SaveNp(key, array);
                break;
        }
    }

    /// <summary>
    /// LoadNp&lt;T&gt;, LoadNpArray&lt;T&gt;, LoadNp into a caller's span and LoadNp all give the raw C-order bytes and
    /// the shape; the span's elements past the file's are left as they were.
    /// </summary>
    internal static void AssertLoadsAs(StorageManager sm, string key, TestDType dtype, byte[] rawC, long[] shape)
    {
        var typed = dtype.Accept(new TypedLoad(sm, key));
        Assert.Equal(rawC, typed.Flat);
        Assert.Equal(rawC, typed.WithShape);
        Assert.Equal(rawC.Length / dtype.ItemSize, typed.SpanCount);
        Assert.Equal(rawC, typed.Span[..rawC.Length]);
        Assert.All(typed.Span[rawC.Length..], b => Assert.Equal(0xA5, b));
        Assert.Equal(shape, typed.Shape);
        using NDArray array = sm.LoadNp(key);
        Assert.Equal(dtype.TypeCode, array.typecode);
        Assert.Equal(shape, array.shape);
        Assert.Equal(rawC, array.tobytes('C'));
    }

    private sealed class SpanSave(StorageManager sm, string key, byte[] raw, long[] shape) : IDTypeVisitor<bool>
    {
        public bool Visit<T>() where T : unmanaged
        {
            T[] data = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(raw).ToArray();
            sm.SaveNp<T>(key, new ReadOnlyMemory<T>(data), shape);
            return true;
        }
    }

    private sealed class TypedLoad(StorageManager sm, string key) : IDTypeVisitor<(byte[] Flat, byte[] WithShape, long[] Shape, byte[] Span, int SpanCount)>
    {
        public (byte[] Flat, byte[] WithShape, long[] Shape, byte[] Span, int SpanCount) Visit<T>() where T : unmanaged
        {
            T[] flat = sm.LoadNp<T>(key);
            NpyArray<T> withShape = sm.LoadNpArray<T>(key);
            // A buffer longer than the file's data, filled with a pattern that must survive past the elements read.
            var buffer = new T[flat.Length + 3];
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.AsSpan()).Fill(0xA5);
            int count = sm.LoadNp<T>(key, buffer);
            return (NpyTestTypes.BytesOf(flat), NpyTestTypes.BytesOf(withShape.Data), withShape.Shape.ToArray(), NpyTestTypes.BytesOf(buffer), count);
        }
    }

    private sealed class MappedLoad(StorageManager sm, string key) : IDTypeVisitor<(byte[] Data, long[] Shape, bool Fortran)>
    {
        public (byte[] Data, long[] Shape, bool Fortran) Visit<T>() where T : unmanaged
        {
            using NpyMappedArray<T> mapped = sm.LoadNpMapped<T>(key);
            return (System.Runtime.InteropServices.MemoryMarshal.AsBytes(mapped.AsSpan()).ToArray(), mapped.Shape.ToArray(), mapped.IsFortranOrder);
        }
    }

    private sealed class TypedCopy(StorageManager sm, string from, string to) : IDTypeVisitor<bool>
    {
        public bool Visit<T>() where T : unmanaged
        {
            sm.SaveNp(to, sm.LoadNpArray<T>(from));
            return true;
        }
    }
}
