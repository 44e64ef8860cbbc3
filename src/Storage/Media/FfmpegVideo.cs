using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using FFMpegCore.Enums;

namespace StorageTyped.Media;

/// <summary>
/// Runs ffmpeg (through FFMpegCore) to turn frames into an H.264 video in MP4 (yuv420p, which every player shows;
/// odd widths and heights padded by one black row or column, since yuv420p needs even sizes). ffmpeg writes a hidden
/// temporary file that replaces the target only when ffmpeg has succeeded and every frame went in.
/// </summary>
internal static partial class FfmpegVideo
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
    /// Renders PNG frames (in the order given) into <paramref name="targetPath"/>, replacing it atomically. Frames
    /// numbered without gaps are read by ffmpeg itself (the command one would type: -i key%d.png); otherwise they
    /// are fed through a pipe in their order. Every frame's PNG header is checked: before ffmpeg starts when it reads
    /// the files, as each is fed otherwise.
    /// </summary>
    /// <exception cref="IOException">ffmpeg failed; the message holds its last lines.</exception>
    /// <exception cref="InvalidDataException">A frame is not a PNG or has another size than the first.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static Task RenderFilesAsync(IReadOnlyList<(int Index, string Path)> frames, string folder, string key, string targetPath, string ffmpegPath,
        double frameRate, IProgress<double>? progress, bool flushToDisk, CancellationToken cancellationToken)
    {
        bool numberedWithoutGaps = frames[^1].Index - frames[0].Index == frames.Count - 1;
        if (!numberedWithoutGaps)
        {
            var source = new PngFilesPipeSource(frames.Select(frame => frame.Path).ToList());
            return EncodeAsync(FFMpegArguments.FromPipeInput(source, input => input.WithFrameRate(frameRate)), source,
                targetPath, ffmpegPath, frameRate, frames.Count, progress, flushToDisk, cancellationToken);
        }
        (int Width, int Height) first = PngHeader.ReadSize(frames[0].Path);
        foreach ((_, string path) in frames.Skip(1)) PngHeader.CheckSameSize(first, PngHeader.ReadSize(path), path);
        FFMpegArguments input = FFMpegArguments.FromInput(new Image2SequenceInput(folder, key, frames[0].Index), options => options.WithFrameRate(frameRate));
        return EncodeAsync(input, source: null, targetPath, ffmpegPath, frameRate, frames.Count, progress, flushToDisk, cancellationToken);
    }

    /// <summary>Encodes the frames of <paramref name="source"/> into <paramref name="targetPath"/>, replacing it atomically.</summary>
    public static Task EncodePipeAsync(FramePipeSource source, string targetPath, string ffmpegPath, double frameRate, bool flushToDisk, CancellationToken cancellationToken) =>
        EncodeAsync(FFMpegArguments.FromPipeInput(source, input => input.WithFrameRate(frameRate)), source, targetPath, ffmpegPath, frameRate,
            totalFrames: null, progress: null, flushToDisk, cancellationToken);

    /// <summary>
    /// Runs ffmpeg on <paramref name="input"/> (fed by <paramref name="source"/> when it is a pipe) into a temporary
    /// file that replaces <paramref name="targetPath"/> when ffmpeg succeeded, every frame was fed and, when the
    /// number of frames is known, ffmpeg reports that many frames encoded.
    /// </summary>
    private static async Task EncodeAsync(FFMpegArguments input, FramePipeSource? source, string targetPath, string ffmpegPath, double frameRate, int? totalFrames,
        IProgress<double>? progress, bool flushToDisk, CancellationToken cancellationToken)
    {
        string temporary = AtomicFile.NewTemporaryPath(targetPath);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (source is not null) source.OnFailure = () => stop.Cancel();
        var ffOptions = new FFOptions
        {
            BinaryFolder = Path.GetDirectoryName(ffmpegPath)!,
            TemporaryFilesFolder = Path.GetTempPath(),
        };
        FFMpegArgumentProcessor processor = input
            .OutputTo(new FileOutputArgument(temporary), output =>
            {
                output.WithVideoCodec(VideoCodec.LibX264)
                    .WithPixelFormat("yuv420p")
                    .WithCustomArgument("-vf " + PadToEvenFilter)
                    .ForceFormat("mp4")
                    .WithCustomArgument("-xerror"); // a frame ffmpeg cannot decode fails the video instead of being skipped
                if (totalFrames is { } count) output.WithFrameCount(count);
            })
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
            source?.ThrowIfFailed();
            cancellationToken.ThrowIfCancellationRequested();
            if (processFailure is not null)
                throw new IOException($"ffmpeg could not make '{targetPath}': {processFailure.Message}", processFailure);
            if (result is null || result.ExitCode != 0 || result.Cancelled || !File.Exists(temporary))
                throw new IOException($"ffmpeg could not make '{targetPath}' (exit code {result?.ExitCode.ToString(CultureInfo.InvariantCulture) ?? "unknown"}):\n{LastLines(result)}");
            if (totalFrames is { } expected && source is not null && source.FramesWritten != expected)
                throw new IOException($"ffmpeg stopped reading after {source.FramesWritten} of {expected} frames while making '{targetPath}':\n{LastLines(result)}");
            if (totalFrames is { } wanted && FramesEncoded(result) is { } encoded && encoded != wanted)
                throw new IOException($"ffmpeg encoded {encoded} of {wanted} frames while making '{targetPath}':\n{LastLines(result)}");
            AtomicFile.MoveIntoPlace(temporary, targetPath, flushToDisk);
            moved = true;
            progress?.Report(1.0);
        }
        finally
        {
            if (!moved) AtomicFile.Discard(temporary);
        }
    }

    /// <summary>The frame count of ffmpeg's last progress line ("frame=  500 fps=…"), if it printed one.</summary>
    private static int? FramesEncoded(FFMpegResult result)
    {
        for (int i = result.StandardError.Count - 1; i >= 0; i--)
        {
            Match match = FrameCountPattern().Match(result.StandardError[i]);
            if (match.Success) return int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        }
        return null;
    }

    [GeneratedRegex(@"^\s*frame=\s*(\d+)\b")]
    private static partial Regex FrameCountPattern();

    private static string LastLines(FFMpegResult? result)
    {
        if (result?.StandardError is not { Count: > 0 } lines) return "(ffmpeg printed nothing)";
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Count - 12)));
    }
}
