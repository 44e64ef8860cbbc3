using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NumSharp;
using StorageTyped.Media;

namespace StorageTyped;

/// <summary>
/// Writes frames straight into an H.264 video through a pipe to ffmpeg, without PNG files: for long simulations
/// whose frames would fill the disk. Made by <see cref="StorageManager.OpenVideoWriter"/>; disposing it (or
/// <see cref="Finish"/>) ends the video, which then replaces key.mp4 in one atomic step.
/// </summary>
/// <remarks>
/// Frames are RGB; gray images are repeated into the three channels and alpha is dropped. Every frame must have
/// the size given when the writer was opened; odd sizes are padded to even ones with a black row or column.
/// <see cref="WriteFrame(byte[,,])"/> waits when ffmpeg falls a few frames behind, so memory stays bounded. One
/// frame is written at a time (calls from several threads are taken one after the other). A writer whose program
/// ends without disposing it leaves only a hidden temporary file, never a broken key.mp4.
/// </remarks>
public sealed class VideoWriter : IDisposable, IAsyncDisposable
{
    private const int FramesInFlight = 4;

    private readonly Channel<byte[]> _frames = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(FramesInFlight) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _abandon = new();
    private readonly RawFramesPipeSource _source;
    private readonly Task _encoding;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private int _frameCount;
    private Task? _finishing;

    internal VideoWriter(string path, string ffmpegPath, int width, int height, double frameRate, bool flushToDisk, ILogger logger)
    {
        Path = path;
        Width = width;
        Height = height;
        FrameRate = frameRate;
        _logger = logger;
        _source = new RawFramesPipeSource(_frames.Reader, width, height);
        _encoding = Task.Run(() => FfmpegVideo.EncodePipeAsync(_source, path, ffmpegPath, frameRate, flushToDisk, _abandon.Token));
        // If ffmpeg stops early, a WriteFrame waiting for room must not wait forever.
        _encoding.ContinueWith(_ => _frames.Writer.TryComplete(), TaskScheduler.Default);
    }

    /// <summary>The video file this writer makes (key.mp4 in the run folder).</summary>
    public string Path { get; }

    /// <summary>Pixels a row of every frame.</summary>
    public int Width { get; }

    /// <summary>Rows of every frame.</summary>
    public int Height { get; }

    /// <summary>Frames a second.</summary>
    public double FrameRate { get; }

    /// <summary>Frames written so far.</summary>
    public int FrameCount => Volatile.Read(ref _frameCount);

    /// <summary>Adds a frame of rows × columns × channels bytes (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA).</summary>
    /// <exception cref="ArgumentException">The frame's size differs from the writer's, or it has no usable shape.</exception>
    /// <exception cref="InvalidOperationException">The writer is finished.</exception>
    /// <exception cref="IOException">ffmpeg has stopped; the message says why.</exception>
    public void WriteFrame(byte[,,] image)
    {
        using FrameImage frame = FrameImage.From(image, nameof(image));
        Write(frame);
    }

    /// <summary>Adds a gray frame of rows × columns bytes.</summary>
    /// <inheritdoc cref="WriteFrame(byte[,,])" path="/exception"/>
    public void WriteFrame(byte[,] image)
    {
        using FrameImage frame = FrameImage.From(image, nameof(image));
        Write(frame);
    }

    /// <summary>Adds a frame from a NumSharp array of dtype uint8, shape (rows, columns) or (rows, columns, channels).</summary>
    /// <inheritdoc cref="WriteFrame(byte[,,])" path="/exception"/>
    public void WriteFrame(NDArray image)
    {
        using FrameImage frame = FrameImage.From(image, nameof(image));
        Write(frame);
    }

    /// <summary>
    /// Adds a frame from a NumSharp array of any numeric dtype, scaled linearly so that <paramref name="min"/>
    /// becomes 0 and <paramref name="max"/> becomes 255.
    /// </summary>
    /// <inheritdoc cref="WriteFrame(byte[,,])" path="/exception"/>
    public void WriteFrame(NDArray image, double min, double max)
    {
        using FrameImage frame = FrameImage.FromScaled(image, min, max, nameof(image));
        Write(frame);
    }

    /// <summary>Adds a gray frame of floating-point values, scaled linearly so that <paramref name="min"/> becomes 0 and <paramref name="max"/> becomes 255.</summary>
    /// <inheritdoc cref="WriteFrame(byte[,,])" path="/exception"/>
    public void WriteFrame(float[,] image, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<float>(image), image.GetLength(0), image.GetLength(1), 1, min, max, nameof(image));
        Write(frame);
    }

    /// <inheritdoc cref="WriteFrame(float[,], double, double)"/>
    public void WriteFrame(double[,] image, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<double>(image), image.GetLength(0), image.GetLength(1), 1, min, max, nameof(image));
        Write(frame);
    }

    /// <summary>
    /// Ends the video: waits for ffmpeg to encode every frame written, then puts the video in place of key.mp4.
    /// A writer without frames writes nothing. Calling it again does nothing more.
    /// </summary>
    /// <exception cref="IOException">ffmpeg failed; key.mp4 is unchanged.</exception>
    public void Finish() => Task.Run(() => FinishAsync()).GetAwaiter().GetResult();

    /// <summary>The asynchronous form of <see cref="Finish"/>.</summary>
    /// <param name="cancellationToken">Stops ffmpeg and abandons the video; key.mp4 is unchanged.</param>
    public Task FinishAsync(CancellationToken cancellationToken = default)
    {
        Task finishing;
        lock (_gate)
        {
            _finishing ??= FinishOnceAsync();
            finishing = _finishing;
        }
        return cancellationToken.CanBeCanceled ? WaitOrAbandonAsync(finishing, cancellationToken) : finishing;
    }

    /// <summary>Finishes the video (see <see cref="Finish"/>).</summary>
    public void Dispose() => Finish();

    /// <summary>Finishes the video (see <see cref="FinishAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await FinishAsync().ConfigureAwait(false);

    private void Write(FrameImage frame)
    {
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"The frame is {frame.Width} × {frame.Height} pixels (width × height) but the video '{Path}' was opened for {Width} × {Height}; every frame must have that size.", "image");
        byte[] rgb = ArrayPool<byte>.Shared.Rent(_source.FrameBytes);
        frame.CopyToRgb(rgb.AsSpan(0, _source.FrameBytes));
        lock (_gate)
        {
            if (_finishing is not null)
            {
                ArrayPool<byte>.Shared.Return(rgb);
                throw new InvalidOperationException($"The video writer for '{Path}' is finished; open a new one to write another video.");
            }
            try
            {
                if (!_frames.Writer.TryWrite(rgb))
                    _frames.Writer.WriteAsync(rgb).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                ArrayPool<byte>.Shared.Return(rgb);
                throw StoppedError();
            }
            _frameCount++;
        }
    }

    private async Task FinishOnceAsync()
    {
        _frames.Writer.TryComplete();
        if (FrameCount == 0)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
            try { await _encoding.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            catch (IOException) { }
            _logger.LogInformation("Video writer for {Path} got no frames; no video was written", Path);
            return;
        }
        await _encoding.ConfigureAwait(false);
    }

    private async Task WaitOrAbandonAsync(Task finishing, CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(() => _abandon.Cancel()))
            await finishing.ConfigureAwait(false);
    }

    private IOException StoppedError()
    {
        try
        {
            _encoding.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new IOException($"ffmpeg stopped before the video '{Path}' was finished: {e.Message}", e);
        }
        return new IOException($"ffmpeg stopped before the video '{Path}' was finished.");
    }
}
