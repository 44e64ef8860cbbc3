using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StorageTyped.Media;

/// <summary>The five PNG row filters (PNG specification, section 9.2), in the encoding direction.</summary>
/// <remarks>
/// Encoding reads only raw bytes (the current row and the raw row above), so every filter, Paeth included, is
/// computed 16 bytes at a time; the scalar loops handle the tail and the first pixel.
/// </remarks>
internal static class PngRowFilter
{
    /// <summary>
    /// Writes the filtered bytes of <paramref name="row"/> to <paramref name="destination"/> (same length).
    /// <paramref name="previous"/> is the raw row above, all zeros for the first row.
    /// </summary>
    public static void Apply(PngFilterType type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> destination)
    {
        if (previous.Length != row.Length || destination.Length != row.Length)
            throw new ArgumentException("The rows and the destination must have the same length.");
        switch (type)
        {
            case PngFilterType.None: row.CopyTo(destination); break;
            case PngFilterType.Sub: Sub(row, bytesPerPixel, destination); break;
            case PngFilterType.Up: Up(row, previous, destination); break;
            case PngFilterType.Average: Average(row, previous, bytesPerPixel, destination); break;
            case PngFilterType.Paeth: Paeth(row, previous, bytesPerPixel, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "Not a PNG filter type.");
        }
    }

    private static void Sub(ReadOnlySpan<byte> row, int bpp, Span<byte> destination)
    {
        ref byte raw = ref MemoryMarshal.GetReference(row);
        ref byte output = ref MemoryMarshal.GetReference(destination);
        int length = row.Length;
        int count = Math.Min(bpp, length);
        for (int j = 0; j < count; j++) Unsafe.Add(ref output, j) = Unsafe.Add(ref raw, j);
        int i = count;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
            {
                Vector128<byte> x = Vector128.LoadUnsafe(ref raw, (nuint)i);
                Vector128<byte> a = Vector128.LoadUnsafe(ref raw, (nuint)(i - bpp));
                (x - a).StoreUnsafe(ref output, (nuint)i);
            }
        }
        for (; i < length; i++) Unsafe.Add(ref output, i) = (byte)(Unsafe.Add(ref raw, i) - Unsafe.Add(ref raw, i - bpp));
    }

    private static void Up(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, Span<byte> destination)
    {
        ref byte raw = ref MemoryMarshal.GetReference(row);
        ref byte above = ref MemoryMarshal.GetReference(previous);
        ref byte output = ref MemoryMarshal.GetReference(destination);
        int length = row.Length;
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
                (Vector128.LoadUnsafe(ref raw, (nuint)i) - Vector128.LoadUnsafe(ref above, (nuint)i)).StoreUnsafe(ref output, (nuint)i);
        }
        for (; i < length; i++) Unsafe.Add(ref output, i) = (byte)(Unsafe.Add(ref raw, i) - Unsafe.Add(ref above, i));
    }

    private static void Average(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> destination)
    {
        ref byte raw = ref MemoryMarshal.GetReference(row);
        ref byte above = ref MemoryMarshal.GetReference(previous);
        ref byte output = ref MemoryMarshal.GetReference(destination);
        int length = row.Length;
        int count = Math.Min(bpp, length);
        for (int j = 0; j < count; j++) Unsafe.Add(ref output, j) = (byte)(Unsafe.Add(ref raw, j) - (Unsafe.Add(ref above, j) >> 1));
        int i = count;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
            {
                Vector128<byte> a = Vector128.LoadUnsafe(ref raw, (nuint)(i - bpp));
                Vector128<byte> b = Vector128.LoadUnsafe(ref above, (nuint)i);
                // floor((a + b) / 2) without leaving 8 bits.
                Vector128<byte> mean = (a & b) + Vector128.ShiftRightLogical(a ^ b, 1);
                (Vector128.LoadUnsafe(ref raw, (nuint)i) - mean).StoreUnsafe(ref output, (nuint)i);
            }
        }
        for (; i < length; i++)
            Unsafe.Add(ref output, i) = (byte)(Unsafe.Add(ref raw, i) - ((Unsafe.Add(ref raw, i - bpp) + Unsafe.Add(ref above, i)) >> 1));
    }

    private static void Paeth(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> destination)
    {
        ref byte raw = ref MemoryMarshal.GetReference(row);
        ref byte above = ref MemoryMarshal.GetReference(previous);
        ref byte output = ref MemoryMarshal.GetReference(destination);
        int length = row.Length;
        int count = Math.Min(bpp, length);
        // Left and upper-left are zero for the first pixel: the predictor is the byte above.
        for (int j = 0; j < count; j++) Unsafe.Add(ref output, j) = (byte)(Unsafe.Add(ref raw, j) - Unsafe.Add(ref above, j));
        int i = count;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
            {
                Vector128<byte> a = Vector128.LoadUnsafe(ref raw, (nuint)(i - bpp));
                Vector128<byte> b = Vector128.LoadUnsafe(ref above, (nuint)i);
                Vector128<byte> c = Vector128.LoadUnsafe(ref above, (nuint)(i - bpp));
                (Vector128<ushort> aLow, Vector128<ushort> aHigh) = Vector128.Widen(a);
                (Vector128<ushort> bLow, Vector128<ushort> bHigh) = Vector128.Widen(b);
                (Vector128<ushort> cLow, Vector128<ushort> cHigh) = Vector128.Widen(c);
                Vector128<byte> predictor = Vector128.Narrow(
                    PaethPredictor(aLow.AsInt16(), bLow.AsInt16(), cLow.AsInt16()).AsUInt16(),
                    PaethPredictor(aHigh.AsInt16(), bHigh.AsInt16(), cHigh.AsInt16()).AsUInt16());
                (Vector128.LoadUnsafe(ref raw, (nuint)i) - predictor).StoreUnsafe(ref output, (nuint)i);
            }
        }
        for (; i < length; i++)
            Unsafe.Add(ref output, i) = (byte)(Unsafe.Add(ref raw, i) - PaethPredictor(Unsafe.Add(ref raw, i - bpp), Unsafe.Add(ref above, i), Unsafe.Add(ref above, i - bpp)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> PaethPredictor(Vector128<short> a, Vector128<short> b, Vector128<short> c)
    {
        Vector128<short> pa = Vector128.Abs(b - c);          // |p - a| with p = a + b - c
        Vector128<short> pb = Vector128.Abs(a - c);          // |p - b|
        Vector128<short> pc = Vector128.Abs(a + b - c - c);  // |p - c|
        Vector128<short> takeA = Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc);
        Vector128<short> takeB = Vector128.LessThanOrEqual(pb, pc);
        return Vector128.ConditionalSelect(takeA, a, Vector128.ConditionalSelect(takeB, b, c));
    }

    private static byte PaethPredictor(int a, int b, int c)
    {
        int pa = Math.Abs(b - c);
        int pb = Math.Abs(a - c);
        int pc = Math.Abs(a + b - c - c);
        if (pa <= pb && pa <= pc) return (byte)a;
        return pb <= pc ? (byte)b : (byte)c;
    }
}
