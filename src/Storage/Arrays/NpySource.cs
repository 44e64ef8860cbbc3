using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NumSharp;

namespace StorageTyped.Arrays;

/// <summary>
/// Finds the dtype, shape and memory of what a caller hands in to be written (a .NET array of any rank, a span with
/// a shape, a NumSharp NDArray), refusing with an <see cref="ArgumentException"/> what numpy cannot hold.
/// </summary>
internal static class NpySource
{
    /// <summary>The dtype of a .NET element type.</summary>
    /// <exception cref="ArgumentException">numpy has no dtype for <paramref name="elementType"/>.</exception>
    public static NpyDType DTypeOf(Type elementType, string parameterName)
    {
        if (NpyDTypes.TryFromClrType(elementType, out NpyDType dtype)) return dtype;
        string hint = elementType.IsArray ? " Jagged arrays cannot be saved as one array; use a rectangular array such as double[,]." : "";
        throw new ArgumentException($"Arrays of {elementType.Name} cannot be saved as .npy: the element type must be one of {NpyDTypes.SupportedList}.{hint}", parameterName);
    }

    /// <summary>The dtype of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">numpy has no dtype for <typeparamref name="T"/>.</exception>
    public static NpyDType DTypeOf<T>(string parameterName) =>
        NpyDTypeOf<T>.IsSupported ? NpyDTypeOf<T>.Value : DTypeOf(typeof(T), parameterName);

    /// <summary>The dtype of a NumSharp array.</summary>
    /// <exception cref="ArgumentException">numpy has no dtype for the array's type (decimal, char, string).</exception>
    public static NpyDType DTypeOf(NDArray array, string parameterName)
    {
        if (NumSharpTypeCodes.TryGetDType(array.typecode, out NpyDType dtype)) return dtype;
        throw new ArgumentException($"NDArrays of {array.typecode} cannot be saved as .npy: numpy has no such dtype. Convert it first (array.astype(NPTypeCode.Double)); supported: {NpyDTypes.SupportedList}.", parameterName);
    }

    /// <summary>Writes the dimensions of a .NET array to <paramref name="shape"/> (32 long) and returns the rank.</summary>
    public static int ShapeOf(Array array, Span<long> shape)
    {
        int rank = array.Rank;
        if (rank == 1) shape[0] = array.LongLength;
        else for (int i = 0; i < rank; i++) shape[i] = array.GetLongLength(i);
        return rank;
    }

    /// <summary>The first byte of a .NET array's elements (row-major for every rank).</summary>
    public static ref byte DataOf(Array array) => ref MemoryMarshal.GetArrayDataReference(array);

    /// <summary>
    /// True when an NDArray's elements lie contiguously in C or Fortran order, so that they can be written as they
    /// are; a strided or broadcast view is copied first.
    /// </summary>
    public static bool IsWritableInPlace(NDArray array) =>
        !array.Shape.IsBroadcasted && (array.Shape.IsContiguous || array.Shape.IsFContiguous);

    /// <summary>
    /// The first byte of an NDArray that <see cref="IsWritableInPlace"/>, and whether it is in Fortran order (as
    /// numpy's np.save decides: Fortran-contiguous and not C-contiguous).
    /// </summary>
    public static unsafe ref byte DataOf(NDArray array, out bool fortranOrder)
    {
        fortranOrder = !array.Shape.IsContiguous;
        if (!fortranOrder) return ref Unsafe.AsRef<byte>(array.Unsafe.Address);
        // NumSharp refuses the Address of a Fortran-ordered view; its storage starts at the view's first element.
        return ref Unsafe.AsRef<byte>(array.Unsafe.Storage.Address + array.Shape.Offset * array.dtypesize);
    }

    /// <summary>Checks a shape given with flat data: no negative dimension, at most 32, product equal to the length.</summary>
    /// <exception cref="ArgumentException">The shape does not describe <paramref name="length"/> elements.</exception>
    public static void CheckShape(ReadOnlySpan<long> shape, long length, string parameterName)
    {
        if (shape.Length > NpyHeaderFormatter.MaxRank)
            throw new ArgumentException($"The shape has {shape.Length} dimensions; numpy reads at most {NpyHeaderFormatter.MaxRank}.", parameterName);
        long product = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
                throw new ArgumentException($"The shape {NpyHeaderParser.FormatShape(shape)} has a negative dimension.", parameterName);
            product = dimension == 0 || product <= long.MaxValue / dimension ? product * dimension : -1;
            if (product < 0)
                throw new ArgumentException($"The shape {NpyHeaderParser.FormatShape(shape)} has more elements than fit in 64 bits.", parameterName);
        }
        if (product != length)
            throw new ArgumentException($"The shape {NpyHeaderParser.FormatShape(shape)} holds {product:N0} elements but the data has {length:N0}; give a shape whose product is the data's length (an empty shape [] for one scalar).", parameterName);
    }
}
