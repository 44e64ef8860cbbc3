using System.Runtime.CompilerServices;
using NumSharp;

namespace StorageTyped.Arrays;

/// <summary>
/// Reads into a new NumSharp NDArray of the file's dtype and shape, in C order. Owns the array until
/// <see cref="Detach"/> hands it to the caller; disposing it before then releases the array.
/// </summary>
internal struct NDArrayDestination : INpyDestination, IDisposable
{
    private NDArray? _result;

    /// <inheritdoc />
    public unsafe ref byte Allocate(in NpyHeader header, ReadOnlySpan<long> shape, string path)
    {
        _result = new NDArray(NumSharpTypeCodes.Of(header.DType), new Shape(shape.ToArray()), fillZeros: false);
        DestinationMemory.Prepare(_result.Unsafe.Address, header.DataLength);
        return ref Unsafe.AsRef<byte>(_result.Unsafe.Address);
    }

    /// <summary>Gives up ownership of the array read.</summary>
    public NDArray Detach()
    {
        NDArray result = _result ?? throw new InvalidOperationException("Nothing was read.");
        _result = null;
        return result;
    }

    /// <inheritdoc />
    public void Abandon() => Dispose();

    /// <summary>Releases the array unless it was detached.</summary>
    public void Dispose()
    {
        _result?.Dispose();
        _result = null;
    }
}
