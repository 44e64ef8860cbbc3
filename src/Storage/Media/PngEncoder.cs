using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace StorageTyped.Media;

/// <summary>
/// Encodes 8-bit gray, gray+alpha, RGB and RGBA pixels as a PNG file (PNG specification, third edition):
/// signature, IHDR, one IDAT holding the zlib stream of the filtered rows, IEND. It knows nothing of runs or files:
/// the caller decides where the bytes go.
/// </summary>
/// <remarks>
/// The defaults were chosen by measurement on 256×256 RGB frames (see README, "Frames, videos and backups"): the
/// Up filter on every row with zlib level 1 is the fastest choice that still shrinks smooth images well; for noise,
/// which no setting compresses, it costs what stored blocks cost plus the filter.
/// </remarks>
internal static class PngEncoder
{
    /// <summary>The settings SaveFrame uses.</summary>
    public static PngEncoderSettings DefaultSettings { get; } = new(PngFilterType.Up, CompressionLevel: 1, ZLibCompressionStrategy.Default, StoreIncompressible: true);

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private const int BatchBytes = 64 * 1024;

    [ThreadStatic] private static MemoryStream? t_output;
    [ThreadStatic] private static byte[]? t_batch;
    [ThreadStatic] private static byte[]? t_zeros;
    [ThreadStatic] private static byte[]? t_sample;
    [ThreadStatic] private static MemoryStream? t_sampleOutput;

    private const int SampleBytes = 32 * 1024;
    private const int LargestKeptBuffer = 64 * 1024 * 1024;

    /// <summary>
    /// Encodes <paramref name="pixels"/> (rows top to bottom, pixels left to right, channels interleaved) and returns
    /// the PNG file's bytes. The span is valid until the calling thread encodes the next image.
    /// </summary>
    /// <param name="pixels">height × width × channels bytes.</param>
    /// <param name="width">Pixels a row, at least 1.</param>
    /// <param name="height">Rows, at least 1.</param>
    /// <param name="channels">1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</param>
    /// <param name="settings">Filter and compression; <see cref="DefaultSettings"/> when null.</param>
    public static ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels, PngEncoderSettings? settings = null)
    {
        byte colorType = channels switch
        {
            1 => 0,
            2 => 4,
            3 => 2,
            4 => 6,
            _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "A PNG pixel has 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels."),
        };
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        long rowBytesLong = (long)width * channels;
        if (rowBytesLong * height != pixels.Length)
            throw new ArgumentException($"{pixels.Length} bytes do not make {height} rows of {width} pixels with {channels} channels.", nameof(pixels));
        if (rowBytesLong + 1 > Array.MaxLength / 2)
            throw new ArgumentOutOfRangeException(nameof(width), width, "The rows are too long for one image.");
        PngEncoderSettings chosen = settings ?? DefaultSettings;
        int rowBytes = (int)rowBytesLong;

        // One buffer a thread, reused; one that a huge image grew is let go rather than kept for small ones.
        if (t_output is { Capacity: > LargestKeptBuffer }) t_output = null;
        MemoryStream output = t_output ??= new MemoryStream(capacity: 1 << 16);
        output.SetLength(0);
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;          // bit depth
        header[9] = colorType;
        header[10] = 0;         // deflate
        header[11] = 0;         // adaptive filtering with the five basic types
        header[12] = 0;         // no interlace
        WriteChunk(output, "IHDR"u8, header);

        long idatStart = output.Position;
        output.Write(stackalloc byte[8]); // length and type, filled in below
        int level = chosen.StoreIncompressible && SampleIsIncompressible(pixels, rowBytes, height, channels, chosen) ? 0 : chosen.CompressionLevel;
        var zlibOptions = new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = chosen.Strategy };
        using (var zlib = new ZLibStream(output, zlibOptions, leaveOpen: true))
            WriteFilteredRows(zlib, pixels, rowBytes, height, channels, chosen.Filter);
        long dataLength = output.Position - idatStart - 8;
        if (dataLength > int.MaxValue)
            throw new ArgumentException("The compressed image is larger than one PNG chunk can hold (2 GiB).", nameof(pixels));
        byte[] buffer = output.GetBuffer();
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan((int)idatStart), (int)dataLength);
        "IDAT"u8.CopyTo(buffer.AsSpan((int)idatStart + 4));
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(buffer.AsSpan((int)idatStart + 4, (int)dataLength + 4)));
        output.Write(crc);

        WriteChunk(output, "IEND"u8, []);
        return output.GetBuffer().AsSpan(0, (int)output.Length);
    }

    private static void WriteFilteredRows(Stream zlib, ReadOnlySpan<byte> pixels, int rowBytes, int height, int bytesPerPixel, PngFilterType filter)
    {
        int filteredRowBytes = rowBytes + 1;
        byte[] batch = Rent(ref t_batch, Math.Max(BatchBytes, filteredRowBytes));
        byte[] zeros = Rent(ref t_zeros, rowBytes); // the row above the first one; never written
        int used = 0;
        for (int y = 0; y < height; y++)
        {
            if (used + filteredRowBytes > batch.Length)
            {
                zlib.Write(batch, 0, used);
                used = 0;
            }
            FilterRow(pixels, rowBytes, y, bytesPerPixel, filter, zeros, batch.AsSpan(used, filteredRowBytes));
            used += filteredRowBytes;
        }
        zlib.Write(batch, 0, used);
    }

    /// <summary>Writes row <paramref name="y"/>, filtered, with its filter type byte in front, to <paramref name="target"/>.</summary>
    private static void FilterRow(ReadOnlySpan<byte> pixels, int rowBytes, int y, int bytesPerPixel, PngFilterType filter, byte[] zeros, Span<byte> target)
    {
        ReadOnlySpan<byte> row = pixels.Slice(y * rowBytes, rowBytes);
        ReadOnlySpan<byte> previous = y == 0 ? zeros.AsSpan(0, rowBytes) : pixels.Slice((y - 1) * rowBytes, rowBytes);
        target[0] = (byte)filter;
        PngRowFilter.Apply(filter, row, previous, bytesPerPixel, target[1..]);
    }

    /// <summary>
    /// Compresses an evenly spread sample of the filtered rows (about 1/8 of the image, at most 32 KiB) and tells
    /// whether deflate fails to shrink it by 3 %: noise, which deflate's fast levels expand or barely shrink at a
    /// fraction of the speed of stored blocks.
    /// </summary>
    private static bool SampleIsIncompressible(ReadOnlySpan<byte> pixels, int rowBytes, int height, int bytesPerPixel, PngEncoderSettings settings)
    {
        int filteredRowBytes = rowBytes + 1;
        int rowsWanted = Math.Max(1, Math.Min(height / 8, SampleBytes / filteredRowBytes));
        int step = Math.Max(1, height / rowsWanted);
        byte[] sample = Rent(ref t_sample, rowsWanted * filteredRowBytes);
        byte[] zeros = Rent(ref t_zeros, rowBytes); // the row above the first one; never written
        int used = 0;
        for (int y = 0, taken = 0; y < height && taken < rowsWanted; y += step, taken++)
        {
            FilterRow(pixels, rowBytes, y, bytesPerPixel, settings.Filter, zeros, sample.AsSpan(used, filteredRowBytes));
            used += filteredRowBytes;
        }
        MemoryStream compressed = t_sampleOutput ??= new MemoryStream();
        compressed.SetLength(0);
        using (var zlib = new ZLibStream(compressed, new ZLibCompressionOptions { CompressionLevel = settings.CompressionLevel, CompressionStrategy = settings.Strategy }, leaveOpen: true))
            zlib.Write(sample, 0, used);
        return compressed.Length >= used * 0.97;
    }

    private static void WriteChunk(MemoryStream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        output.Write(word);
    }

    private static byte[] Rent(ref byte[]? cache, int length)
    {
        if (cache is null || cache.Length < length) cache = new byte[length];
        return cache;
    }
}
