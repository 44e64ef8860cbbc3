using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using NumSharp;
using StorageTyped.Media;

namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>
    /// The next frame number of each key, found once from the files (a reopened run continues after its frames).
    /// Made by the first SaveFrame: a group hands out a StorageManager per run, and 100,000 dictionaries made up
    /// front cost 0.4 s.
    /// </summary>
    private ConcurrentDictionary<string, StrongBox<int>>? _frameCounters;

    /// <summary>
    /// Saves a gray image (rows × columns) as the key's next frame, key0.png, key1.png … (PymoNNto's save_frame).
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <remarks>
    /// Numbering starts at 0 for each key and continues after the frames already in the run folder when the run
    /// is reopened. Each PNG is written atomically and holds the pixels exactly (8 bits a channel, lossless).
    /// A frame key must not end in a digit (key "v2" would name v20.png, which is also frame 20 of "v").
    /// </remarks>
    /// <exception cref="ArgumentException">The key or the image is not usable; nothing is written.</exception>
    public string SaveFrame(byte[,] image, string key)
    {
        using FrameImage frame = FrameImage.From(image, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves an image of rows × columns × channels bytes as the key's next frame: 1 channel gray, 2 gray and
    /// alpha, 3 RGB, 4 RGBA. See <see cref="SaveFrame(byte[,], string)"/> for the numbering.
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key or the image is not usable; nothing is written.</exception>
    public string SaveFrame(byte[,,] image, string key)
    {
        using FrameImage frame = FrameImage.From(image, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves a NumSharp array of dtype uint8 with shape (rows, columns) or (rows, columns, channels), 1 to 4
    /// channels, as the key's next frame. Other dtypes need the value range:
    /// <see cref="SaveFrame(NDArray, string, double, double)"/>.
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key, the shape or the dtype is not usable; nothing is written.</exception>
    public string SaveFrame(NDArray image, string key)
    {
        using FrameImage frame = FrameImage.From(image, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves a NumSharp array of any numeric dtype as the key's next frame, scaled linearly so that
    /// <paramref name="min"/> becomes 0 and <paramref name="max"/> becomes 255 (values outside are clamped,
    /// levels rounded to the nearest).
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key, the shape or the range is not usable, or a value is NaN; nothing is written.</exception>
    public string SaveFrame(NDArray image, string key, double min, double max)
    {
        using FrameImage frame = FrameImage.FromScaled(image, min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves a gray floating-point image as the key's next frame, scaled linearly so that <paramref name="min"/>
    /// becomes 0 and <paramref name="max"/> becomes 255 (values outside are clamped, levels rounded to the nearest).
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key or the range is not usable, or a value is NaN; nothing is written.</exception>
    public string SaveFrame(float[,] image, string key, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<float>(image), image.GetLength(0), image.GetLength(1), 1, min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <inheritdoc cref="SaveFrame(float[,], string, double, double)"/>
    public string SaveFrame(double[,] image, string key, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<double>(image), image.GetLength(0), image.GetLength(1), 1, min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves a floating-point image of rows × columns × channels (1 to 4) as the key's next frame, scaled linearly
    /// so that <paramref name="min"/> becomes 0 and <paramref name="max"/> becomes 255.
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key, the shape or the range is not usable, or a value is NaN; nothing is written.</exception>
    public string SaveFrame(float[,,] image, string key, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<float>(image), image.GetLength(0), image.GetLength(1), image.GetLength(2), min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <inheritdoc cref="SaveFrame(float[,,], string, double, double)"/>
    public string SaveFrame(double[,,] image, string key, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<double>(image), image.GetLength(0), image.GetLength(1), image.GetLength(2), min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>The number the key's next frame will get (0 for a key without frames).</summary>
    /// <exception cref="ArgumentException">The key cannot name frames.</exception>
    public int NextFrameIndex(string key)
    {
        FrameFiles.ValidateKey(key);
        return Volatile.Read(ref FrameCounter(key).Value);
    }

    /// <summary>
    /// Renders the key's frames (key0.png, key1.png … in the order of their numbers) into key.mp4 with ffmpeg:
    /// H.264, yuv420p, odd sizes padded to even (PymoNNto's render_video). An existing key.mp4 is replaced
    /// atomically. Then, when <paramref name="deleteImages"/> is true, the frames that went into the video are
    /// deleted — only after ffmpeg has succeeded, and only that key's frames.
    /// </summary>
    /// <param name="key">The frames' key.</param>
    /// <param name="deleteImages">Delete the rendered frames afterwards (PymoNNto's default).</param>
    /// <param name="resetFrameCounter">Number the key's next frame 0 again (as PymoNNto does), so the next video starts afresh.</param>
    /// <param name="frameRate">Frames a second.</param>
    /// <returns>The path of the video.</returns>
    /// <exception cref="FileNotFoundException">ffmpeg is not installed (the message says how to install it), or the key has no frames. Nothing is changed.</exception>
    /// <exception cref="InvalidDataException">A frame is not a PNG or its size differs from the first frame's. Nothing is changed.</exception>
    /// <exception cref="IOException">ffmpeg failed (the message holds its last lines). Nothing is changed.</exception>
    public string RenderVideo(string key, bool deleteImages = true, bool resetFrameCounter = true, double frameRate = 25)
    {
        // ffmpeg is driven with async code; a caller's synchronization context must not be needed to finish it.
        return Task.Run(() => RenderVideoAsync(key, deleteImages, resetFrameCounter, frameRate)).GetAwaiter().GetResult();
    }

    /// <summary>The asynchronous form of <see cref="RenderVideo"/>, with progress and cancellation.</summary>
    /// <param name="key">The frames' key.</param>
    /// <param name="deleteImages">Delete the rendered frames afterwards.</param>
    /// <param name="resetFrameCounter">Number the key's next frame 0 again.</param>
    /// <param name="frameRate">Frames a second.</param>
    /// <param name="progress">Receives the fraction done, from 0 to 1 (1 when the video is in place).</param>
    /// <param name="cancellationToken">Stops ffmpeg; then nothing is changed: no video, every frame kept.</param>
    /// <returns>The path of the video.</returns>
    /// <inheritdoc cref="RenderVideo" path="/exception"/>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is changed.</exception>
    public async Task<string> RenderVideoAsync(string key, bool deleteImages = true, bool resetFrameCounter = true, double frameRate = 25,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        FrameFiles.ValidateKey(key);
        FfmpegVideo.ValidateFrameRate(frameRate);
        string ffmpeg = FfmpegLocator.Find();
        List<(int Index, string Path)> frames = FrameFiles.List(Path, key);
        if (frames.Count == 0)
            throw new FileNotFoundException($"Run '{Path}' has no frames of {RunKey.Quote(key)} (no file {FrameFiles.FileName(key, 0)}, {FrameFiles.FileName(key, 1)} …). Save frames with SaveFrame first.", FilePath(FrameFiles.FileName(key, 0)));
        string video = FilePath(key + ".mp4");
        await FfmpegVideo.RenderFilesAsync(frames, Path, key, video, ffmpeg, frameRate, progress, Options.FlushToDisk, cancellationToken).ConfigureAwait(false);
        Options.Logger.LogInformation("Rendered {Frames} frames of {Key} into {Video}", frames.Count, key, video);

        if (resetFrameCounter) Volatile.Write(ref FrameCounter(key).Value, 0);
        if (deleteImages) FrameFiles.Delete(key, frames);
        return video;
    }

    /// <summary>
    /// Opens a video key.mp4 that frames are written to one by one through a pipe to ffmpeg, without PNG files (for
    /// long simulations). Dispose the writer to finish the video; it then replaces key.mp4 atomically.
    /// </summary>
    /// <param name="key">The video's name (key.mp4).</param>
    /// <param name="width">Pixels a row of every frame.</param>
    /// <param name="height">Rows of every frame.</param>
    /// <param name="frameRate">Frames a second.</param>
    /// <exception cref="FileNotFoundException">ffmpeg is not installed; the message says how to install it.</exception>
    /// <exception cref="ArgumentException">The key, the size or the frame rate is not usable.</exception>
    public VideoWriter OpenVideoWriter(string key, int width, int height, double frameRate = 25)
    {
        RunKey.Validate(key);
        if (width < 1 || height < 1 || (long)width * height * 3 > Array.MaxLength / 2)
            throw new ArgumentOutOfRangeException(width < 1 ? nameof(width) : nameof(height), $"A video frame of {width} × {height} pixels is not possible; give a width and height of at least 1.");
        FfmpegVideo.ValidateFrameRate(frameRate);
        string ffmpeg = FfmpegLocator.Find();
        return new VideoWriter(FilePath(key + ".mp4"), ffmpeg, width, height, frameRate, Options.FlushToDisk, Options.Logger);
    }

    private string SaveFrame(FrameImage frame, string key)
    {
        FrameFiles.ValidateKey(key);
        ReadOnlySpan<byte> png = PngEncoder.Encode(frame.Pixels, frame.Width, frame.Height, frame.Channels);
        int index = Interlocked.Increment(ref FrameCounter(key).Value) - 1;
        string path = FilePath(FrameFiles.FileName(key, index));
        AtomicFile.WriteAllBytes(path, png, Options.FlushToDisk);
        return path;
    }

    private StrongBox<int> FrameCounter(string key) =>
        LazyInitializer.EnsureInitialized(ref _frameCounters, static () => new(StringComparer.Ordinal)).GetOrAdd(key, static (k, runFolder) => new StrongBox<int>(FrameFiles.NextIndex(runFolder, k)), Path);
}
