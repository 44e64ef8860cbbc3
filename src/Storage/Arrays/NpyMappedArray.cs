using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;
using StorageTyped.Arrays;

namespace StorageTyped;

/// <summary>
/// A .npy file mapped into memory read-only (numpy's np.load(..., mmap_mode='r')): opening costs the same whatever
/// the file's size, and the operating system pages the data in as it is read, so arrays larger than memory can be
/// used. Dispose it to unmap the file; spans taken from it must not be used after that. A map that is never
/// disposed stays mapped until the process ends (it has no finalizer, so that a span still in use never outlives
/// the mapping).
/// </summary>
/// <remarks>
/// The elements are those of the file, in its order: C order unless <see cref="IsFortranOrder"/>. Indexing with
/// one index per dimension accounts for the order; the flat indexer and the spans do not. Big-endian files cannot be
/// mapped as .NET values; <see cref="StorageManager.LoadNp{T}(string)"/> converts them. Reading from several threads is safe.
/// </remarks>
/// <typeparam name="T">The element type, which must match the file's dtype.</typeparam>
public sealed unsafe class NpyMappedArray<T> : IDisposable where T : unmanaged
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly long[] _shape;
    private readonly long[] _strides;
    private T* _data;
    private bool _disposed;

    private NpyMappedArray(string path, in NpyHeader header, ReadOnlySpan<long> shape, MemoryMappedFile? file, MemoryMappedViewAccessor? view, T* data)
    {
        Path = path;
        _shape = shape.ToArray();
        Shape = Array.AsReadOnly(_shape);
        Length = header.ElementCount;
        IsFortranOrder = header.IsFortranOrder;
        _file = file;
        _view = view;
        _data = data;
        _strides = new long[shape.Length];
        long stride = 1;
        for (int k = 0; k < shape.Length; k++)
        {
            int axis = IsFortranOrder ? k : shape.Length - 1 - k;
            _strides[axis] = stride;
            stride *= shape[axis];
        }
    }

    /// <summary>Maps <paramref name="path"/>; the file stays mapped (and open) until the result is disposed.</summary>
    /// <exception cref="InvalidDataException">The file is damaged, holds another dtype, or is big-endian.</exception>
    internal static NpyMappedArray<T> Open(string path)
    {
        SafeFileHandle handle = RegularFile.OpenRead(path);
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            Span<long> shape = stackalloc long[NpyHeaderParser.MaxRank];
            NpyHeader header = NpyReader.ReadHeader(handle, path, shape);
            NpyDTypeOf<T>.EnsureHeldBy(header, path);
            if (header.NeedsByteSwap)
                throw new InvalidDataException($"'{path}' holds big-endian {NpyDTypes.Name(header.DType)} (numpy dtype '{header.DescrText}'), which cannot be mapped as .NET values; load it with LoadNp<{NpyDTypes.ClrName(header.DType)}>, which converts it.");
            T* data = null;
            if (header.DataLength > 0)
            {
                file = MemoryMappedFile.CreateFromFile(handle, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
                view = file.CreateViewAccessor(header.DataOffset, header.DataLength, MemoryMappedFileAccess.Read);
                byte* start = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
                data = (T*)(start + view.PointerOffset);
            }
            else
            {
                handle.Dispose();
            }
            return new NpyMappedArray<T>(path, header, shape[..header.Rank], file, view, data);
        }
        catch
        {
            view?.Dispose();
            file?.Dispose();
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The mapped file.</summary>
    public string Path { get; }

    /// <summary>The dimensions (empty for a scalar).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public long Length { get; }

    /// <summary>True when the file stores the elements in column-major (Fortran) order.</summary>
    public bool IsFortranOrder { get; }

    /// <summary>The element at a flat position in the file's order (C order unless <see cref="IsFortranOrder"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, Length).</exception>
    public T this[long index]
    {
        get
        {
            T* data = Data;
            if ((ulong)index >= (ulong)Length) throw new ArgumentOutOfRangeException(nameof(index), index, $"The array has {Length:N0} elements.");
            return data[index];
        }
    }

    /// <summary>The element at one index per dimension, such as <c>m[2, 5]</c>, in either storage order.</summary>
    /// <exception cref="ArgumentException">The number of indices is not <see cref="Rank"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside its dimension.</exception>
    public T this[params ReadOnlySpan<long> indices]
    {
        get
        {
            T* data = Data;
            if (indices.Length != Rank) throw new ArgumentException($"The array has {Rank} dimensions; give one index for each.", nameof(indices));
            long offset = 0;
            for (int k = 0; k < indices.Length; k++)
            {
                if ((ulong)indices[k] >= (ulong)_shape[k])
                    throw new ArgumentOutOfRangeException(nameof(indices), indices[k], $"Index {k} must be in [0, {_shape[k]}).");
                offset += indices[k] * _strides[k];
            }
            return data[offset];
        }
    }

    /// <summary>Elements <paramref name="start"/> … start+length-1 in the file's order, read in place.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
    public ReadOnlySpan<T> GetSpan(long start, int length)
    {
        T* data = Data;
        if (start < 0 || length < 0 || start > Length - length)
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {start + length}) is not inside the array's {Length:N0} elements.");
        return new ReadOnlySpan<T>(data + start, length);
    }

    /// <summary>All elements in the file's order, read in place.</summary>
    /// <exception cref="InvalidOperationException">There are more than a span can hold (int.MaxValue); use <see cref="GetSpan"/> piecewise.</exception>
    public ReadOnlySpan<T> AsSpan()
    {
        if (Length > int.MaxValue)
            throw new InvalidOperationException($"The array has {Length:N0} elements, more than one span holds; read it piecewise with GetSpan.");
        return GetSpan(0, (int)Length);
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _data = null;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
    }

    private T* Data
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _data;
        }
    }

    /// <summary>The element type, shape and file, such as "float64 (1000, 1000) mapped from …".</summary>
    public override string ToString() => $"{NpyDTypes.Name(NpyDTypeOf<T>.Value)} {NpyHeaderParser.FormatShape(_shape)} mapped from {Path}";
}
