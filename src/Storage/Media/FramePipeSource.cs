using System.Runtime.ExceptionServices;
using FFMpegCore.Pipes;

namespace StorageTyped.Media;

/// <summary>
/// Frames fed to ffmpeg through FFMpegCore's pipe. A problem found while feeding (a damaged frame, a frame of
/// another size) is kept, and ffmpeg is stopped, so that the caller reports that problem and keeps no video;
/// ffmpeg closing its end early is left to ffmpeg's own exit code and message.
/// </summary>
internal abstract class FramePipeSource : IPipeSource
{
    private ExceptionDispatchInfo? _failure;

    /// <summary>Called once when feeding fails; stops ffmpeg.</summary>
    public Action? OnFailure { get; set; }

    /// <summary>Frames written to the pipe so far.</summary>
    public int FramesWritten { get; protected set; }

    /// <summary>Rethrows the problem found while feeding, if any.</summary>
    public void ThrowIfFailed() => _failure?.Throw();

    /// <summary>True when feeding failed.</summary>
    public bool Failed => _failure is not null;

    /// <inheritdoc />
    public abstract string GetStreamArguments();

    /// <inheritdoc />
    public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
    {
        try
        {
            await WriteFramesAsync(outputStream, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // ffmpeg has exited or the caller cancelled: the exit code and the token tell which.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            OnFailure?.Invoke();
        }
    }

    /// <summary>
    /// Writes the frames with <see cref="SendAsync"/>, stopping when it returns false; throws for a frame that
    /// cannot be used (<see cref="InvalidDataException"/>, or the I/O error of reading it).
    /// </summary>
    protected abstract Task WriteFramesAsync(Stream pipe, CancellationToken cancellationToken);

    /// <summary>Sends one frame's bytes; false when ffmpeg has closed its end (it failed or was stopped: its exit code tells why).</summary>
    protected static async Task<bool> SendAsync(Stream pipe, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await pipe.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
