using System.Buffers;
using System.Globalization;
using System.Threading.Channels;

namespace StorageTyped.Media;

/// <summary>
/// Feeds RGB frames (width × height × 3 bytes each) from a channel to ffmpeg's rawvideo demuxer as they arrive;
/// the buffers come from <see cref="ArrayPool{T}.Shared"/> and go back to it once sent.
/// </summary>
internal sealed class RawFramesPipeSource(ChannelReader<byte[]> frames, int width, int height) : FramePipeSource
{
    /// <summary>Bytes a frame.</summary>
    public int FrameBytes { get; } = width * height * 3;

    /// <inheritdoc />
    public override string GetStreamArguments() =>
        string.Create(CultureInfo.InvariantCulture, $"-f rawvideo -pix_fmt rgb24 -s {width}x{height}");

    /// <inheritdoc />
    protected override async Task WriteFramesAsync(Stream pipe, CancellationToken cancellationToken)
    {
        await foreach (byte[] frame in frames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            bool sent;
            try
            {
                sent = await SendAsync(pipe, frame.AsMemory(0, FrameBytes), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame);
            }
            if (!sent) return;
            FramesWritten++;
        }
    }
}
