using NumSharp;

namespace StorageTyped.Tests.Arrays;

/// <summary>Damaged files, files numpy writes that have no .NET counterpart, wrong types, bad keys and arguments.</summary>
public sealed class NpyErrorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_file_truncated_at_any_byte_is_refused_naming_the_file()
    {
        var sm = new StorageManager("Err", options: _temp.Options);
        ExternalTool.RunPython("import sys, numpy as np\nnp.save(sys.argv[1] + '/whole.npy', np.arange(12, dtype='>f8').reshape(3, 4).T)", sm.Path);
        byte[] whole = File.ReadAllBytes(Path.Combine(sm.Path, "whole.npy"));
        string path = Path.Combine(sm.Path, "cut.npy");
        for (int length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(path, whole[..length]);
            var error = Assert.Throws<InvalidDataException>(() => sm.LoadNp("cut").Dispose());
            Assert.Contains(path, error.Message);
            Assert.Throws<InvalidDataException>(() => sm.LoadNp<double>("cut"));
            Assert.Throws<InvalidDataException>(() => sm.LoadNpMapped<double>("cut").Dispose());
        }
        File.WriteAllBytes(path, whole);
        Assert.Equal([0.0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], sm.LoadNp<double>("cut"));
    }

    [Fact]
    public void An_empty_array_whose_shape_overflows_is_refused_at_save_time_as_load_would_refuse_it()
    {
        var sm = new StorageManager("Err", options: _temp.Options);
        long huge = 1L << 40;
        var e = Assert.Throws<ArgumentException>(() => sm.SaveNp("empty", ReadOnlySpan<double>.Empty, [0, huge, huge]));
        Assert.Contains("(0, 1099511627776, 1099511627776)", e.Message);
        Assert.Throws<ArgumentException>(() => sm.SaveNp("empty", new NpyArray<byte>([], [huge, 0, huge, huge])));
        Assert.False(File.Exists(Path.Combine(sm.Path, "empty.npy")));
        Assert.Empty(Directory.GetFiles(sm.Path, ".empty*"));

        // The largest that fits is written and read back, here and by numpy.
        sm.SaveNp("fits", ReadOnlySpan<double>.Empty, [0, 1L << 30, 1L << 29]); // 2⁶² bytes
        Assert.Equal([0L, 1L << 30, 1L << 29], sm.GetNpInfo("fits").Shape);
        Assert.Empty(sm.LoadNp<double>("fits"));
        Assert.Equal("(0, 1073741824, 536870912)", ExternalTool.RunPython("import sys, numpy as np\nprint(np.load(sys.argv[1]).shape)", Path.Combine(sm.Path, "fits.npy")).Trim());
    }

    [Theory]
    [InlineData("np.array([{'a': 1}, None], dtype=object)", "pickled")]
    [InlineData("np.array(['ab', 'cde'])", "strings")]
    [InlineData("np.array([b'ab'])", "strings")]
    [InlineData("np.array(['2024-01-01'], dtype='datetime64[ns]')", "datetimes")]
    [InlineData("np.arange(3, dtype=np.complex64)", "complex64")]
    [InlineData("np.arange(3, dtype=np.longdouble)", "extended precision")]
    [InlineData("np.zeros(3, dtype=[('x', '<f8'), ('y', '<i4')])", "structured")]
    [InlineData("np.zeros(3, dtype='V8')", "'|V8'")]
    public void Files_numpy_writes_for_other_dtypes_are_refused_with_the_reason(string expression, string reason)
    {
        var sm = new StorageManager("Err", options: _temp.Options);
        ExternalTool.RunPython($"import sys, numpy as np\nnp.save(sys.argv[1] + '/other.npy', {expression}, allow_pickle=True)", sm.Path);
        string path = Path.Combine(sm.Path, "other.npy");
        var error = Assert.Throws<InvalidDataException>(() => sm.LoadNp("other").Dispose());
        Assert.Contains(path, error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Contains("float64", error.Message); // the list of what is supported
        Assert.Throws<InvalidDataException>(() => sm.LoadNp<double>("other"));
    }

    [Fact]
    public void Loading_with_the_wrong_type_names_the_type_the_file_holds()
    {
        var sm = new StorageManager("Err", options: _temp.Options);
        sm.SaveNp("ints", new int[,] { { 1, 2 }, { 3, 4 } });
        var error = Assert.Throws<InvalidDataException>(() => sm.LoadNp<double>("ints"));
        Assert.Contains("holds int32", error.Message);
        Assert.Contains("'<i4'", error.Message);
        Assert.Contains("LoadNp<int>", error.Message);
        Assert.Contains(Path.Combine(sm.Path, "ints.npy"), error.Message);
        var unsupported = Assert.Throws<InvalidDataException>(() => sm.LoadNp<DateTime>("ints"));
        Assert.Contains("DateTime", unsupported.Message);
        Assert.Throws<InvalidDataException>(() => sm.LoadNpArray<uint>("ints"));
        Assert.Throws<InvalidDataException>(() => sm.LoadNp<double>("ints", new double[4]));
    }

    [Fact]
    public void Loading_into_a_span_too_short_names_the_key_and_sizes_and_reads_nothing()
    {
        var sm = new StorageManager("Err", options: _temp.Options);
        sm.SaveNp("m", new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        double[] buffer = [9, 9, 9, 9, 9];
        var error = Assert.Throws<ArgumentException>(() => sm.LoadNp<double>("m", buffer));
        Assert.Equal("destination", error.ParamName);
        Assert.Contains("'m'", error.Message);
        Assert.Contains("holds 6 elements of shape (2, 3)", error.Message);
        Assert.Contains("destination holds 5", error.Message);
        Assert.Equal([9.0, 9, 9, 9, 9], buffer);
        Assert.Equal(6, sm.LoadNp<double>("m", new double[6]));
        sm.SaveNp("empty", new double[0, 4]);
        Assert.Equal(0, sm.LoadNp<double>("empty", Span<double>.Empty));
    }

    [Fact]
    public void Missing_arrays_and_bad_keys_name_the_key_and_run()
    {
        var sm = new StorageManager("Err", options: _temp.Options);
        var missing = Assert.Throws<FileNotFoundException>(() => sm.LoadNp("absent").Dispose());
        Assert.Contains("'absent'", missing.Message);
        Assert.Contains(sm.Path, missing.Message);
        Assert.Throws<FileNotFoundException>(() => sm.LoadNp<double>("absent"));
        Assert.Throws<FileNotFoundException>(() => sm.LoadNpArray<double>("absent"));
        Assert.Throws<FileNotFoundException>(() => sm.LoadNpMapped<double>("absent"));
        Assert.Throws<FileNotFoundException>(() => sm.LoadNp<double>("absent", new double[1]));
        Assert.False(sm.HasNp("absent"));
        var key = Assert.Throws<ArgumentException>(() => sm.SaveNp("../escape", new double[1]));
        Assert.Contains("'../escape'", key.Message);
        Assert.Throws<ArgumentException>(() => sm.LoadNp<double>("a/b"));
        Assert.Empty(Directory.GetFiles(sm.Path, "*.npy"));
    }

    [Fact]
    public void Arguments_numpy_cannot_hold_are_refused_and_nothing_is_written()
    {
        var sm = new StorageManager("Err", options: _temp.Options);
        Assert.Contains("Decimal", Assert.Throws<ArgumentException>(() => sm.SaveNp("d", new decimal[3])).Message);
        Assert.Contains("Jagged", Assert.Throws<ArgumentException>(() => sm.SaveNp("j", new double[2][])).Message);
        Assert.Contains("Char", Assert.Throws<ArgumentException>(() => sm.SaveNp("c", new char[2])).Message);
        Assert.Contains("(2, 2) holds 4", Assert.Throws<ArgumentException>(() => sm.SaveNp<double>("s", new double[3], [2, 2])).Message);
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => sm.SaveNp<double>("s", new double[0], [-1, 0])).Message);
        Assert.Contains("at most 32", Assert.Throws<ArgumentException>(() => sm.SaveNp<double>("s", new double[1], new long[33].Select(_ => 1L).ToArray())).Message);
        using (NDArray text = NDArray.FromString("abc"))
            Assert.Throws<ArgumentException>(() => sm.SaveNp("t", text));
        Assert.Throws<ArgumentException>(() => new NpyArray<double>(new double[5], [2, 3]));
        Assert.Equal(["config.ini"], Directory.GetFiles(sm.Path).Select(f => Path.GetFileName(f)));
    }

    [Fact]
    public void Saving_replaces_the_file_atomically_and_leaves_no_temporary_files()
    {
        var sm = new StorageManager("Err", options: _temp.Options);
        for (int i = 0; i < 20; i++) sm.SaveNp("w", Enumerable.Range(0, i).Select(v => (double)v).ToArray());
        Assert.Equal(19, sm.LoadNp<double>("w").Length);
        Assert.Equal(["config.ini", "w.npy"], Directory.GetFiles(sm.Path).Select(f => Path.GetFileName(f)).Order());
        Assert.True(sm.HasNp("w"));
    }

    [Fact]
    public void Loading_a_small_array_allocates_little_beyond_the_result()
    {
        var sm = new StorageManager("Err", options: _temp.Options);
        sm.SaveNp("small", Enumerable.Range(0, 100).Select(v => v * 0.5).ToArray());
        for (int i = 0; i < 10; i++) sm.LoadNp<double>("small"); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int Loads = 100;
        for (int i = 0; i < Loads; i++) sm.LoadNp<double>("small");
        long perLoad = (GC.GetAllocatedBytesForCurrentThread() - before) / Loads;
        // The result is 824 bytes; the rest is the path string and the file handle.
        Assert.InRange(perLoad, 824, 824 + 700);
    }
}
