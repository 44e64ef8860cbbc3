using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StorageTyped.Arrays;

namespace StorageTyped;

/// <summary>
/// An n-dimensional array as flat data in C (row-major) order with its shape: what
/// <see cref="StorageManager.LoadNpArray{T}"/> returns and <see cref="StorageManager.SaveNp{T}(string, NpyArray{T})"/>
/// writes. The shape of a scalar (numpy's 0-d array) is empty and its data holds one element.
/// </summary>
/// <typeparam name="T">The element type: bool, sbyte, byte, short, ushort, int, uint, long, ulong, Half, float, double or Complex.</typeparam>
public sealed class NpyArray<T> where T : unmanaged
{
    /// <summary>Wraps flat data (not copied) with a shape.</summary>
    /// <param name="data">The elements in C order.</param>
    /// <param name="shape">The dimensions; their product must be the data's length (empty for a scalar).</param>
    /// <exception cref="ArgumentException">The shape does not describe the data, or numpy has no dtype for <typeparamref name="T"/>.</exception>
    public NpyArray(T[] data, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        NpySource.DTypeOf<T>(nameof(T));
        NpySource.CheckShape(shape, data.LongLength, nameof(shape));
        Data = data;
        _shape = shape.ToArray();
        Shape = Array.AsReadOnly(_shape);
    }

    private readonly long[] _shape;

    /// <summary>The elements in C (row-major) order.</summary>
    public T[] Data { get; }

    /// <summary>The dimensions (empty for a scalar).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The dimensions as a span, for writing.</summary>
    internal ReadOnlySpan<long> ShapeSpan => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public long Length => Data.LongLength;

    /// <summary>A copy as a .NET two-dimensional array.</summary>
    /// <exception cref="InvalidOperationException">The array does not have two dimensions.</exception>
    public T[,] To2D() => (T[,])ToMultidimensional(requiredRank: 2);

    /// <summary>A copy as a .NET three-dimensional array.</summary>
    /// <exception cref="InvalidOperationException">The array does not have three dimensions.</exception>
    public T[,,] To3D() => (T[,,])ToMultidimensional(requiredRank: 3);

    /// <summary>
    /// A copy as a .NET array of the same rank (T[], T[,], T[,,] …; a copy of <see cref="Data"/> for one
    /// dimension). One block copy: .NET's multidimensional arrays are row-major too.
    /// </summary>
    /// <exception cref="InvalidOperationException">The array is a scalar (rank 0), which has no .NET array form; read Data[0].</exception>
    public Array ToMultidimensional() => ToMultidimensional(requiredRank: Rank);

    private Array ToMultidimensional(int requiredRank)
    {
        if (Rank != requiredRank)
            throw new InvalidOperationException($"The array has shape {NpyHeaderParser.FormatShape(_shape)} ({Rank} dimensions), not {requiredRank}.");
        if (Rank == 0)
            throw new InvalidOperationException("The array is a scalar (shape ()); .NET arrays have at least one dimension. Read Data[0].");
        Array result = Array.CreateInstance(typeof(T), _shape);
        ref byte destination = ref MemoryMarshal.GetArrayDataReference(result);
        ReadOnlySpan<byte> source = MemoryMarshal.AsBytes(Data.AsSpan());
        source.CopyTo(MemoryMarshal.CreateSpan(ref destination, source.Length));
        return result;
    }

    /// <summary>The shape and element type, such as "float64 (2, 3)".</summary>
    public override string ToString() => $"{NpyDTypes.Name(NpyDTypeOf<T>.Value)} {NpyHeaderParser.FormatShape(_shape)}";
}
