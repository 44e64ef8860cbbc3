using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace StorageTyped.Arrays;

/// <summary>
/// Reads .npy files straight into the memory of the array that is returned: one read for a small file (header and
/// data together), for a large one a read of the first 4 KiB and one read of the rest into the destination.
/// Fortran-order data is transposed and big-endian data reversed after reading, so every result is in C order and
/// this machine's byte order.
/// </summary>
internal static class NpyReader
{
    /// <summary>The first read: the whole of a small file, or the header and the start of the data of a large one.</summary>
    private const int FirstReadLength = 4096;

    /// <summary>Reads are issued in pieces of at most this many bytes (spans are int-sized).</summary>
    private const int ChunkBytes = 1 << 30;

    /// <summary>Reads a file into the destination <typeparamref name="TDestination"/> allocates from its header; returns the element count.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (or its folder does not).</exception>
    /// <exception cref="InvalidDataException">The file is damaged or holds something the destination cannot take.</exception>
    public static long Read<TDestination>(string path, ref TDestination destination) where TDestination : struct, INpyDestination
    {
        using SafeFileHandle handle = RegularFile.OpenRead(path);
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> first = stackalloc byte[FirstReadLength];
        int firstLength = ReadFully(handle, first[..(int)Math.Min(fileLength, FirstReadLength)], 0);
        if (firstLength < Math.Min(fileLength, FirstReadLength)) fileLength = firstLength; // shrank meanwhile
        Span<long> shape = stackalloc long[NpyHeaderParser.MaxRank];

        byte[]? longHeader = null;
        try
        {
            ReadOnlySpan<byte> start = first[..firstLength];
            long dataOffset = NpyHeaderParser.ParsePreamble(start, fileLength, path, out _);
            if (dataOffset > firstLength)
            {
                longHeader = ArrayPool<byte>.Shared.Rent((int)dataOffset);
                int got = ReadFully(handle, longHeader.AsSpan(0, (int)dataOffset), 0);
                if (got < dataOffset) throw EndedEarly(path, got);
                start = longHeader.AsSpan(0, (int)dataOffset);
            }
            NpyHeader header = NpyHeaderParser.Parse(start, fileLength, shape, path);
            ReadOnlySpan<byte> dataRead = first[(int)Math.Min(header.DataOffset, firstLength)..firstLength];
            ReadData(handle, header, shape[..header.Rank], dataRead, path, ref destination);
            return header.ElementCount;
        }
        finally
        {
            if (longHeader is not null) ArrayPool<byte>.Shared.Return(longHeader);
        }
    }

    /// <summary>Opens a file and parses its header, for memory mapping; the shape goes to <paramref name="shape"/>.</summary>
    public static NpyHeader ReadHeader(SafeFileHandle handle, string path, Span<long> shape)
    {
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> first = stackalloc byte[FirstReadLength];
        int firstLength = ReadFully(handle, first[..(int)Math.Min(fileLength, FirstReadLength)], 0);
        ReadOnlySpan<byte> start = first[..firstLength];
        long dataOffset = NpyHeaderParser.ParsePreamble(start, fileLength, path, out _);
        if (dataOffset <= firstLength) return NpyHeaderParser.Parse(start, fileLength, shape, path);
        byte[] longHeader = ArrayPool<byte>.Shared.Rent((int)dataOffset);
        try
        {
            int got = ReadFully(handle, longHeader.AsSpan(0, (int)dataOffset), 0);
            if (got < dataOffset) throw EndedEarly(path, got);
            return NpyHeaderParser.Parse(longHeader.AsSpan(0, (int)dataOffset), fileLength, shape, path);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(longHeader);
        }
    }

    private static unsafe void ReadData<TDestination>(SafeFileHandle handle, in NpyHeader header, ReadOnlySpan<long> shape, ReadOnlySpan<byte> dataRead, string path, ref TDestination destination)
        where TDestination : struct, INpyDestination
    {
        ref byte target = ref destination.Allocate(header, shape, path);
        try
        {
            long length = header.DataLength;
            int itemSize = NpyDTypes.ItemSize(header.DType);
            if (header.NeedsTranspose)
            {
                // The file's order is not the result's: read into scratch memory, then transpose into place.
                byte* scratch = (byte*)NativeMemory.Alloc((nuint)length);
                DestinationMemory.Prepare(scratch, length);
                try
                {
                    ref byte scratchStart = ref Unsafe.AsRef<byte>(scratch);
                    Fill(handle, ref scratchStart, length, dataRead, header.DataOffset, path);
                    NpyElementOrder.FortranToC(ref scratchStart, ref target, shape, itemSize);
                }
                finally
                {
                    NativeMemory.Free(scratch);
                }
            }
            else
            {
                Fill(handle, ref target, length, dataRead, header.DataOffset, path);
            }
            if (header.NeedsByteSwap) NpyElementOrder.SwapBytes(ref target, length, itemSize);
            if (header.DType == NpyDType.Bool) NpyElementOrder.NormalizeBools(ref target, length);
        }
        catch
        {
            destination.Abandon();
            throw;
        }
    }

    /// <summary>Fills <paramref name="length"/> bytes: first those already read, then the rest straight from the file.</summary>
    private static void Fill(SafeFileHandle handle, ref byte target, long length, ReadOnlySpan<byte> alreadyRead, long dataOffset, string path)
    {
        int copied = (int)Math.Min(alreadyRead.Length, length);
        alreadyRead[..copied].CopyTo(MemoryMarshal.CreateSpan(ref target, copied));
        for (long done = copied; done < length;)
        {
            int chunk = (int)Math.Min(ChunkBytes, length - done);
            int got = ReadFully(handle, MemoryMarshal.CreateSpan(ref Unsafe.Add(ref target, (nint)done), chunk), dataOffset + done);
            done += got;
            if (got < chunk) throw EndedEarly(path, dataOffset + done);
        }
    }

    /// <summary>Reads until the span is full or the file ends; returns the bytes read.</summary>
    private static int ReadFully(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    private static InvalidDataException EndedEarly(string path, long at) =>
        NpyHeaderParser.Invalid(path, $"the file ended after {at:N0} bytes while it was read; it was truncated while being read, or is being written by a program that does not write atomically.");
}
