using System.Runtime.InteropServices;
using NumSharp;
using StorageTyped.Arrays;

namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>The file extension of arrays.</summary>
    public const string ArrayExtension = ".npy";

    /// <summary>
    /// Saves a NumSharp array as key.npy (PymoNNto's save_np), byte for byte as numpy's np.save writes it. A
    /// Fortran-ordered array is written in Fortran order, as numpy does; a strided or broadcast view is written in C
    /// order. The write is atomic.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not valid, or numpy has no dtype for the array's type (decimal, char, string); nothing is written.</exception>
    public void SaveNp(string key, NDArray array)
    {
        RunKey.Validate(key);
        ArgumentNullException.ThrowIfNull(array);
        NpyDType dtype = NpySource.DTypeOf(array, nameof(array));
        CheckRank(array.ndim, nameof(array));
        NDArray? copy = NpySource.IsWritableInPlace(array) ? null : array.copy('C');
        try
        {
            NDArray source = copy ?? array;
            ref byte data = ref NpySource.DataOf(source, out bool fortranOrder);
            NpyWriter.Write(ArrayPath(key), dtype, fortranOrder, source.shape, in data, source.size * NpyDTypes.ItemSize(dtype), Options.FlushToDisk);
        }
        finally
        {
            copy?.Dispose();
        }
    }

    /// <summary>
    /// Saves a .NET array of any rank as key.npy: T[] as shape (n,), T[,] as (rows, columns), and so on, written
    /// straight from the array's memory. T is bool, sbyte, byte, short, ushort, int, uint, long, ulong, Half,
    /// float, double or Complex (numpy's bool … complex128). The write is atomic.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not valid, or numpy has no dtype for the element type (jagged arrays included); nothing is written.</exception>
    public void SaveNp(string key, Array array)
    {
        RunKey.Validate(key);
        ArgumentNullException.ThrowIfNull(array);
        NpyDType dtype = NpySource.DTypeOf(array.GetType().GetElementType()!, nameof(array));
        Span<long> shape = stackalloc long[NpyHeaderFormatter.MaxRank];
        int rank = NpySource.ShapeOf(array, shape);
        NpyWriter.Write(ArrayPath(key), dtype, fortranOrder: false, shape[..rank], in NpySource.DataOf(array), array.LongLength * NpyDTypes.ItemSize(dtype), Options.FlushToDisk);
    }

    /// <summary>
    /// Saves flat data in C (row-major) order with a shape as key.npy, such as a slice of a larger buffer:
    /// <c>sm.SaveNp("w", buffer.AsSpan(0, 600), [20, 30])</c>. An empty shape saves one scalar (numpy's 0-d array).
    /// </summary>
    /// <exception cref="ArgumentException">The key is not valid, the shape's product is not the data's length, or numpy has no dtype for <typeparamref name="T"/>; nothing is written.</exception>
    public void SaveNp<T>(string key, ReadOnlySpan<T> data, ReadOnlySpan<long> shape) where T : unmanaged
    {
        RunKey.Validate(key);
        NpyDType dtype = NpySource.DTypeOf<T>(nameof(T));
        NpySource.CheckShape(shape, data.Length, nameof(shape));
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(data);
        NpyWriter.Write(ArrayPath(key), dtype, fortranOrder: false, shape, in MemoryMarshal.GetReference(bytes), bytes.Length, Options.FlushToDisk);
    }

    /// <summary>Saves flat data in C order with a shape as key.npy; see <see cref="SaveNp{T}(string, ReadOnlySpan{T}, ReadOnlySpan{long})"/>.</summary>
    /// <exception cref="ArgumentException">The key is not valid, the shape's product is not the data's length, or numpy has no dtype for <typeparamref name="T"/>; nothing is written.</exception>
    public void SaveNp<T>(string key, ReadOnlyMemory<T> data, ReadOnlySpan<long> shape) where T : unmanaged =>
        SaveNp(key, data.Span, shape);

    /// <summary>Saves an array with its shape (as <see cref="LoadNpArray{T}"/> returns it) as key.npy.</summary>
    /// <exception cref="ArgumentException">The key is not valid; nothing is written.</exception>
    public void SaveNp<T>(string key, NpyArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        SaveNp(key, new ReadOnlySpan<T>(array.Data), array.ShapeSpan);
    }

    /// <summary>
    /// Loads key.npy as a NumSharp array of the file's dtype and shape, in C order (PymoNNto's load_np). Reads
    /// everything numpy writes for the supported dtypes: C and Fortran order, either byte order, 0-d and empty
    /// arrays, format versions 1.0, 2.0 and 3.0. The caller owns (and should dispose) the array.
    /// </summary>
    /// <exception cref="FileNotFoundException">The run has no array named <paramref name="key"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or truncated, holds pickled objects or a dtype with no .NET counterpart; the message names the file and the reason.</exception>
    public NDArray LoadNp(string key)
    {
        string path = ValidatedArrayPath(key);
        var destination = new NDArrayDestination();
        try
        {
            ReadArray(key, path, ref destination);
            return destination.Detach();
        }
        finally
        {
            destination.Dispose();
        }
    }

    /// <summary>
    /// Loads key.npy as a flat <typeparamref name="T"/>[] in C order, whatever the file's order and byte order.
    /// <typeparamref name="T"/> must be the file's dtype (double for float64, int for int32 …); nothing is converted.
    /// </summary>
    /// <exception cref="FileNotFoundException">The run has no array named <paramref name="key"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged, holds another dtype (the message names it), or has more elements than a .NET array holds.</exception>
    public T[] LoadNp<T>(string key) where T : unmanaged
    {
        string path = ValidatedArrayPath(key);
        var destination = new ArrayDestination<T>(keepShape: false);
        ReadArray(key, path, ref destination);
        return destination.Result!;
    }

    /// <summary>
    /// Loads key.npy into memory the caller keeps, flat and in C order, whatever the file's order and byte order:
    /// nothing is allocated, so a loop that loads many arrays of one size into one buffer makes no garbage. The
    /// file's elements fill the start of <paramref name="destination"/>; the rest of it is left as it was.
    /// <typeparamref name="T"/> must be the file's dtype; nothing is converted.
    /// </summary>
    /// <returns>The number of elements read (the file's element count).</returns>
    /// <exception cref="ArgumentException">The key is not valid, or <paramref name="destination"/> is shorter than the file's element count (nothing is read; <see cref="GetNpInfo"/> gives the shape beforehand).</exception>
    /// <exception cref="FileNotFoundException">The run has no array named <paramref name="key"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or holds another dtype (the message names it); the destination may then hold part of the data.</exception>
    public unsafe int LoadNp<T>(string key, Span<T> destination) where T : unmanaged
    {
        string path = ValidatedArrayPath(key);
        fixed (T* start = destination)
        {
            var target = new SpanDestination<T>(start, destination.Length, key);
            ReadArray(key, path, ref target, out long elementCount);
            return (int)elementCount;
        }
    }

    /// <summary>
    /// Loads key.npy as flat <typeparamref name="T"/> data in C order with its shape;
    /// <see cref="NpyArray{T}.To2D"/> and its siblings turn it into T[,] and so on.
    /// </summary>
    /// <exception cref="FileNotFoundException">The run has no array named <paramref name="key"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged, holds another dtype (the message names it), or has more elements than a .NET array holds.</exception>
    public NpyArray<T> LoadNpArray<T>(string key) where T : unmanaged
    {
        string path = ValidatedArrayPath(key);
        var destination = new ArrayDestination<T>(keepShape: true);
        ReadArray(key, path, ref destination);
        return new NpyArray<T>(destination.Result!, destination.Shape);
    }

    /// <summary>
    /// Maps key.npy into memory read-only (numpy's mmap_mode='r') for arrays larger than memory or when only parts
    /// are read: opening reads only the header, whatever the file's size. Dispose the result to unmap the file.
    /// </summary>
    /// <exception cref="FileNotFoundException">The run has no array named <paramref name="key"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged, holds another dtype, or stores big-endian values (load those with <see cref="LoadNp{T}(string)"/>).</exception>
    public NpyMappedArray<T> LoadNpMapped<T>(string key) where T : unmanaged
    {
        string path = ValidatedArrayPath(key);
        try
        {
            return NpyMappedArray<T>.Open(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MissingArray(key, path, e);
        }
    }

    /// <summary>The dtype, shape and order of key.npy, read from its header without loading the data.</summary>
    /// <exception cref="FileNotFoundException">The run has no array named <paramref name="key"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or holds a dtype with no .NET counterpart; the message names the file and the reason.</exception>
    public NpyFileInfo GetNpInfo(string key)
    {
        string path = ValidatedArrayPath(key);
        try
        {
            return NpyFileInfo.Read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MissingArray(key, path, e);
        }
    }

    /// <summary>True when the run has an array named <paramref name="key"/> (a key.npy file).</summary>
    public bool HasNp(string key)
    {
        RunKey.Validate(key);
        return File.Exists(ArrayPath(key));
    }

    /// <summary>
    /// Saves every variable of a recorder as its own .npy file named tag + variable (PymoNNto's save_recorder),
    /// stacked over time: shape (steps, …shape of one step). With <paramref name="keys"/>, only those variables.
    /// Every name is checked before anything is written.
    /// </summary>
    /// <param name="tag">The prefix of the file names, such as "rec_".</param>
    /// <param name="recorder">The recorder.</param>
    /// <param name="keys">The variables to save; all of them when none are given.</param>
    /// <exception cref="ArgumentException">A key is not recorded, or tag + variable is not a valid key; nothing is written.</exception>
    public void SaveRecorder(string tag, Recorder recorder, params IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(keys);
        List<string> variables = [.. keys];
        if (variables.Count == 0) variables.AddRange(recorder.Variables);
        foreach (string variable in variables)
        {
            if (!recorder.Contains(variable))
                throw new ArgumentException($"The recorder has no variable '{variable}'. Recorded: {string.Join(", ", recorder.Variables.Select(v => "'" + v + "'"))}.", nameof(keys));
            RunKey.Validate(tag + variable, nameof(tag));
        }
        foreach (string variable in variables)
        {
            RecordedVariable recorded = recorder.Get(variable);
            NpyWriter.Write(ArrayPath(tag + variable), recorded.DType, recorded.Shape, recorded.Pieces(), Options.FlushToDisk);
        }
    }

    private string ArrayPath(string key) => FilePath(key + ArrayExtension);

    private string ValidatedArrayPath(string key)
    {
        RunKey.Validate(key);
        return ArrayPath(key);
    }

    private void ReadArray<TDestination>(string key, string path, ref TDestination destination) where TDestination : struct, INpyDestination =>
        ReadArray(key, path, ref destination, out _);

    private void ReadArray<TDestination>(string key, string path, ref TDestination destination, out long elementCount) where TDestination : struct, INpyDestination
    {
        try
        {
            elementCount = NpyReader.Read(path, ref destination);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MissingArray(key, path, e);
        }
    }

    private FileNotFoundException MissingArray(string key, string path, Exception inner) =>
        new($"Run '{Path}' has no array {RunKey.Quote(key)} (no file {key}{ArrayExtension}). Save it with SaveNp first, or check HasNp.", path, inner);

    private static void CheckRank(int rank, string parameterName)
    {
        if (rank > NpyHeaderFormatter.MaxRank)
            throw new ArgumentException($"The array has {rank} dimensions; numpy reads at most {NpyHeaderFormatter.MaxRank}.", parameterName);
    }
}
