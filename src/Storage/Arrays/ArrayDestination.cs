using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StorageTyped.Arrays;

/// <summary>Reads into a new <typeparamref name="T"/>[] of the file's dtype; keeps the shape when asked to.</summary>
internal struct ArrayDestination<T>(bool keepShape) : INpyDestination where T : unmanaged
{
    /// <summary>The array read.</summary>
    public T[]? Result;

    /// <summary>The shape, when the destination was made with keepShape.</summary>
    public long[]? Shape;

    /// <inheritdoc />
    public unsafe ref byte Allocate(in NpyHeader header, ReadOnlySpan<long> shape, string path)
    {
        NpyDTypeOf<T>.EnsureHeldBy(header, path);
        if (header.ElementCount > Array.MaxLength)
            throw new InvalidDataException(
                $"'{path}' holds {header.ElementCount:N0} elements of shape {NpyHeaderParser.FormatShape(shape)}, more than a .NET array can hold ({Array.MaxLength:N0}); load it as an NDArray (LoadNp) or memory-map it (LoadNpMapped).");
        if (keepShape) Shape = shape.ToArray();
        Result = GC.AllocateUninitializedArray<T>((int)header.ElementCount);
        ref byte data = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(Result));
        // Large arrays live on the large object heap, which does not move them.
        DestinationMemory.Prepare(Unsafe.AsPointer(ref data), header.DataLength);
        return ref data;
    }

    /// <inheritdoc />
    public void Abandon() => Result = null;
}
