using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StorageTyped.Arrays;

/// <summary>
/// Puts loaded bytes into .NET's form in place: big-endian elements reversed, bool bytes made 0 or 1, and
/// column-major (Fortran order) data transposed to row-major (C order).
/// </summary>
internal static class NpyElementOrder
{
    /// <summary>Spans cover at most this many bytes at a time (int-sized spans over long lengths).</summary>
    private const int ChunkBytes = 1 << 30;

    /// <summary>Reverses the bytes of every element (each half of a complex number separately).</summary>
    public static void SwapBytes(ref byte data, long byteLength, int itemSize)
    {
        for (long done = 0; done < byteLength; done += ChunkBytes)
        {
            int length = (int)Math.Min(ChunkBytes, byteLength - done);
            ref byte start = ref Unsafe.Add(ref data, (nint)done);
            switch (itemSize)
            {
                case 2:
                    var halves = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, ushort>(ref start), length / 2);
                    BinaryPrimitives.ReverseEndianness(halves, halves);
                    break;
                case 4:
                    var words = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, uint>(ref start), length / 4);
                    BinaryPrimitives.ReverseEndianness(words, words);
                    break;
                case 8:
                case 16: // complex128: two float64 each swapped on its own
                    var doubles = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, ulong>(ref start), length / 8);
                    BinaryPrimitives.ReverseEndianness(doubles, doubles);
                    break;
            }
        }
    }

    /// <summary>
    /// Makes every bool byte 0 or 1. numpy can hold other bytes in a bool array (through views); .NET compares
    /// bools by their byte, so a 2 would be true yet unequal to true.
    /// </summary>
    public static void NormalizeBools(ref byte data, long length)
    {
        long i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= length; i += Vector256<byte>.Count)
            {
                ref byte at = ref Unsafe.Add(ref data, (nint)i);
                Vector256.Min(Vector256.LoadUnsafe(ref at), Vector256<byte>.One).StoreUnsafe(ref at);
            }
        }
        for (; i < length; i++)
        {
            ref byte at = ref Unsafe.Add(ref data, (nint)i);
            at = Math.Min(at, (byte)1);
        }
    }

    /// <summary>
    /// Copies column-major data to row-major order: element (i0, …, in-1) moves from offset
    /// i0 + d0·(i1 + d1·(…)) to ((i0·d1 + i1)·d2 + …). The first and last axes are walked in 32×32 tiles so
    /// that both sides stay in cache.
    /// </summary>
    public static void FortranToC(ref byte source, ref byte destination, ReadOnlySpan<long> shape, int itemSize)
    {
        switch (itemSize)
        {
            case 1: FortranToC<byte>(ref source, ref destination, shape); break;
            case 2: FortranToC<ushort>(ref source, ref destination, shape); break;
            case 4: FortranToC<uint>(ref source, ref destination, shape); break;
            case 8: FortranToC<ulong>(ref source, ref destination, shape); break;
            default: FortranToC<Complex>(ref source, ref destination, shape); break;
        }
    }

    private static void FortranToC<T>(ref byte sourceBytes, ref byte destinationBytes, ReadOnlySpan<long> shape) where T : unmanaged
    {
        const int Tile = 32;
        ref T source = ref Unsafe.As<byte, T>(ref sourceBytes);
        ref T destination = ref Unsafe.As<byte, T>(ref destinationBytes);
        int rank = shape.Length;
        long rows = shape[0], columns = shape[rank - 1];
        if (rows == 0 || columns == 0) return;
        // Strides in elements: destination (C order) of axis 0, source (F order) of the last axis.
        long destinationRowStride = 1, sourceColumnStride = 1;
        for (int k = 1; k < rank; k++) destinationRowStride *= shape[k];
        for (int k = 0; k < rank - 1; k++) sourceColumnStride *= shape[k];

        // The middle axes 1 … rank-2 are walked with an odometer; each position is one 2-D transposition.
        int middle = rank - 2;
        Span<long> index = stackalloc long[Math.Max(middle, 1)];
        Span<long> sourceStride = stackalloc long[Math.Max(middle, 1)];
        Span<long> destinationStride = stackalloc long[Math.Max(middle, 1)];
        for (int m = 0; m < middle; m++)
        {
            int axis = m + 1;
            long f = 1, c = 1;
            for (int k = 0; k < axis; k++) f *= shape[k];
            for (int k = axis + 1; k < rank; k++) c *= shape[k];
            sourceStride[m] = f;
            destinationStride[m] = c;
            index[m] = 0;
        }
        long sourceBase = 0, destinationBase = 0;
        while (true)
        {
            for (long r0 = 0; r0 < rows; r0 += Tile)
            {
                long r1 = Math.Min(rows, r0 + Tile);
                for (long c0 = 0; c0 < columns; c0 += Tile)
                {
                    long c1 = Math.Min(columns, c0 + Tile);
                    for (long r = r0; r < r1; r++)
                    {
                        ref T to = ref Unsafe.Add(ref destination, (nint)(destinationBase + r * destinationRowStride));
                        ref T from = ref Unsafe.Add(ref source, (nint)(sourceBase + r));
                        for (long c = c0; c < c1; c++)
                            Unsafe.Add(ref to, (nint)c) = Unsafe.Add(ref from, (nint)(c * sourceColumnStride));
                    }
                }
            }
            // Next position of the middle axes (the last middle axis fastest, as C order wants).
            int m = middle - 1;
            while (m >= 0)
            {
                index[m]++;
                sourceBase += sourceStride[m];
                destinationBase += destinationStride[m];
                if (index[m] < shape[m + 1]) break;
                sourceBase -= index[m] * sourceStride[m];
                destinationBase -= index[m] * destinationStride[m];
                index[m] = 0;
                m--;
            }
            if (m < 0) return;
        }
    }
}
