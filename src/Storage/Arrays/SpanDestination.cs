using System.Runtime.CompilerServices;


namespace StorageTyped.Arrays;

/// <summary>
/// Reads into memory the caller keeps (a pinned span of <typeparamref name="T"/>): nothing is allocated. The file's
/// elements fill the start of the span; the rest of it is left as it was.
/// </summary>
internal readonly unsafe struct SpanDestination<T>(T* start, int length, string key) : INpyDestination where T : unmanaged
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">The span holds fewer elements than the file.</exception>
    public ref byte Allocate(in NpyHeader header, ReadOnlySpan<long> shape, string path)
    {
        NpyDTypeOf<T>.EnsureHeldBy(header, path);
        if (header.ElementCount > length)
            throw new ArgumentException(
                $"Array {RunKey.Quote(key)} ('{path}') holds {header.ElementCount:N0} elements of shape {NpyHeaderParser.FormatShape(shape)}, but the destination holds {length:N0}; pass a span of at least {header.ElementCount:N0} elements (GetNpInfo gives the shape before loading). Nothing was read.",
                "destination");
        DestinationMemory.Prepare(start, header.DataLength);
        return ref Unsafe.AsRef<byte>(start);
    }

    /// <inheritdoc />
    public void Abandon()
    {
    }
}
