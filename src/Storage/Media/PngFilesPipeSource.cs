namespace StorageTyped.Media;

/// <summary>
/// Feeds PNG files to ffmpeg's image2pipe demuxer in the given order, so that any file name, gaps in the numbering
/// and any number of frames work, and exactly the listed frames go into the video. Each file's header is checked on
/// the way: a file that is not a PNG, or whose size differs from the first frame's, stops the video with an
/// <see cref="InvalidDataException"/> naming the file.
/// </summary>
internal sealed class PngFilesPipeSource(IReadOnlyList<string> files) : FramePipeSource
{
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
            await using (var stream = new FileStream(RegularFile.OpenRead(file), FileAccess.Read, bufferSize: 0))
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
        (int Width, int Height) size = PngHeader.ReadSize(png, file);
        if (Size is { } first) PngHeader.CheckSameSize(first, size, file);
        else Size = size;
    }
}
