using System.Buffers.Binary;

namespace StorageTyped.Media;

/// <summary>Reads the size of a PNG file from its first 33 bytes: the signature and the IHDR chunk.</summary>
internal static class PngHeader
{
    /// <summary>The bytes that hold the signature and IHDR's width and height.</summary>
    public const int Length = 33;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from the start of a PNG file.</summary>
    /// <exception cref="InvalidDataException">The bytes are not the start of a PNG file; the message names <paramref name="file"/>.</exception>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> start, string file)
    {
        // Signature, then IHDR first: length 13, type, width, height (PNG specification, 5.2 and 11.2.2).
        if (start.Length < Length || !start[..8].SequenceEqual(Signature) || BinaryPrimitives.ReadInt32BigEndian(start[8..]) != 13 || !start.Slice(12, 4).SequenceEqual("IHDR"u8))
            throw new InvalidDataException($"Frame '{file}' is not a PNG file (its first bytes are not a PNG signature and header), so no video was made. Remove or replace it.");
        return (BinaryPrimitives.ReadInt32BigEndian(start[16..]), BinaryPrimitives.ReadInt32BigEndian(start[20..]));
    }

    /// <summary>Reads the size of a PNG file.</summary>
    public static (int Width, int Height) ReadSize(string file)
    {
        Span<byte> start = stackalloc byte[Length];
        using var stream = new FileStream(RegularFile.OpenRead(file), FileAccess.Read, bufferSize: 0);
        int read = stream.ReadAtLeast(start, Length, throwOnEndOfStream: false);
        return ReadSize(start[..read], file);
    }

    /// <summary>Throws when <paramref name="size"/> differs from the first frame's.</summary>
    public static void CheckSameSize((int Width, int Height) first, (int Width, int Height) size, string file)
    {
        if (first != size)
            throw new InvalidDataException($"Frame '{file}' is {size.Width} × {size.Height} pixels but the first frame is {first.Width} × {first.Height}; a video needs frames of one size, so no video was made.");
    }
}
