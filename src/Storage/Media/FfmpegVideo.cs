using System.Globalization;
using FFMpegCore;
using FFMpegCore.Enums;

namespace StorageTyped.Media;

/// <summary>
/// Runs ffmpeg (through FFMpegCore) to turn piped frames into an H.264 video in MP4 (yuv420p, which every player
/// shows; odd widths and heights padded by one black row or column, since yuv420p needs even sizes). ffmpeg writes
/// a hidden temporary file that replaces the target only when ffmpeg has succeeded and every frame was fed.
/// </summary>
internal static class FfmpegVideo
{
    /// <summary>The filter that pads odd sizes to even ones (the padding is black, at the right and bottom).</summary>
    public const string PadToEvenFilter = "pad=ceil(iw/2)*2:ceil(ih/2)*2";

    /// <summary>Refuses a frame rate ffmpeg cannot use.</summary>
    public static void ValidateFrameRate(double frameRate, string parameterName = "frameRate")
    {
        if (!double.IsFinite(frameRate) || frameRate <= 0 || frameRate > 1000)
            throw new ArgumentOutOfRangeException(parameterName, frameRate, "The frame rate must be a number of frames a second above 0 and at most 1000, such as 25.");
    }

    /// <summary>
    /// Encodes the frames of <paramref name="source"/> into <paramref name="targetPath"/>, replacing it atomically.
    /// </summary>
    /// <param name="source">The frames.</param>
    /// <param name="targetPath">The .mp4 file.</param>
    /// <param name="ffmpegPath">ffmpeg, from <see cref="FfmpegLocator.Find"/>.</param>
    /// <param name="frameRate">Frames a second.</param>
    /// <param name="totalFrames">The number of frames when known: progress is reported from it.</param>
    /// <param name="progress">Receives the fraction done, 0 to 1.</param>
    /// <param name="flushToDisk">fsync the video before it replaces the old one.</param>
    /// <param name="cancellationToken">Stops ffmpeg; nothing is written then.</param>
    /// <exception cref="IOException">ffmpeg failed; the message holds its last lines.</exception>
    /// <exception cref="InvalidDataException">A frame could not be used.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task EncodeAsync(FramePipeSource source, string targetPath, string ffmpegPath, double frameRate, int? totalFrames,
        IProgress<double>? progress, bool flushToDisk, CancellationToken cancellationToken)
    {
        string temporary = AtomicFile.NewTemporaryPath(targetPath);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.OnFailure = () => stop.Cancel();
        var ffOptions = new FFOptions
        {
            BinaryFolder = Path.GetDirectoryName(ffmpegPath)!,
            TemporaryFilesFolder = Path.GetTempPath(),
        };
        FFMpegArgumentProcessor processor = FFMpegArguments
            .FromPipeInput(source, input => input.WithFrameRate(frameRate))
            .OutputTo(new FileOutputArgument(temporary), output => output
                .WithVideoCodec(VideoCodec.LibX264)
                .WithPixelFormat("yuv420p")
                .WithCustomArgument("-vf " + PadToEvenFilter)
                .ForceFormat("mp4"))
            .CancellableThrough(stop.Token);
        if (progress is not null && totalFrames is > 0 and var frames)
        {
            var duration = TimeSpan.FromSeconds(frames / frameRate);
            processor.NotifyOnPercentageProgress(percent => progress.Report(Math.Clamp(percent / 100.0, 0.0, 1.0)), duration);
        }

        bool moved = false;
        try
        {
            FFMpegResult? result = null;
            Exception? processFailure = null;
            try
            {
                result = await processor.ProcessAsynchronously(throwOnError: false, ffOptions).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                processFailure = e;
            }
            source.ThrowIfFailed();
            cancellationToken.ThrowIfCancellationRequested();
            if (processFailure is not null)
                throw new IOException($"ffmpeg could not make '{targetPath}': {processFailure.Message}", processFailure);
            if (result is null || result.ExitCode != 0 || result.Cancelled || !File.Exists(temporary))
                throw new IOException($"ffmpeg could not make '{targetPath}' (exit code {result?.ExitCode.ToString(CultureInfo.InvariantCulture) ?? "unknown"}):\n{LastLines(result)}");
            if (totalFrames is { } expected && source.FramesWritten != expected)
                throw new IOException($"ffmpeg stopped reading after {source.FramesWritten} of {expected} frames while making '{targetPath}':\n{LastLines(result)}");
            AtomicFile.MoveIntoPlace(temporary, targetPath, flushToDisk);
            moved = true;
            progress?.Report(1.0);
        }
        finally
        {
            if (!moved) AtomicFile.Discard(temporary);
        }
    }

    private static string LastLines(FFMpegResult? result)
    {
        if (result?.StandardError is not { Count: > 0 } lines) return "(ffmpeg printed nothing)";
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Count - 12)));
    }
}
