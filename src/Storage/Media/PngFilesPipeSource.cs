using System.Buffers.Binary;

namespace StorageTyped.Media;

/// <summary>
/// Feeds PNG files to ffmpeg's image2pipe demuxer in the given order, so that any file name, gaps in the numbering
/// and any number of frames work, and exactly the listed frames go into the video. Each file's header is checked on
/// the way: a file that is not a PNG, or whose size differs from the first frame's, stops the video with an
/// <see cref="InvalidDataException"/> naming the file.
/// </summary>
internal sealed class PngFilesPipeSource(IReadOnlyList<string> files) : FramePipeSource
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height of the first frame, once it has been read.</summary>
    public (int Width, int Height)? Size { get; private set; }

    /// <inheritdoc />
    public override string GetStreamArguments() => "-f image2pipe -c:v png";

    /// <inheritdoc />
    protected override async Task WriteFramesAsync(Stream pipe, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1 << 16];
        foreach (string file in files)
        {
            int length;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, useAsync: false))
            {
                long size = stream.Length;
                if (size > Array.MaxLength)
                    throw new InvalidDataException($"Frame '{file}' is {size} bytes long, too large for a frame.");
                if (buffer.Length < size) buffer = new byte[Math.Max(size, buffer.Length * 2L)];
                length = await stream.ReadAtLeastAsync(buffer.AsMemory(0, (int)size), (int)size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
            CheckHeader(file, buffer.AsSpan(0, length));
            if (!await SendAsync(pipe, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false)) return;
            FramesWritten++;
        }
    }

    private void CheckHeader(string file, ReadOnlySpan<byte> png)
    {
        // Signature, then IHDR first: length 13, type, width, height (PNG specification, 5.2 and 11.2.2).
        if (png.Length < 33 || !png[..8].SequenceEqual(Signature) || BinaryPrimitives.ReadInt32BigEndian(png[8..]) != 13 || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
            throw new InvalidDataException($"Frame '{file}' is not a PNG file (its first bytes are not a PNG signature and header), so no video was made. Remove or replace it.");
        int width = BinaryPrimitives.ReadInt32BigEndian(png[16..]);
        int height = BinaryPrimitives.ReadInt32BigEndian(png[20..]);
        if (Size is not { } first)
        {
            Size = (width, height);
        }
        else if (first != (width, height))
        {
            throw new InvalidDataException($"Frame '{file}' is {width} × {height} pixels but the first frame is {first.Width} × {first.Height}; a video needs frames of one size, so no video was made.");
        }
    }
}
