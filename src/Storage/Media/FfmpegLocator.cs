namespace StorageTyped.Media;

/// <summary>
/// Finds the ffmpeg program before anything is touched, so that a machine without it gets one clear error that
/// says how to install it, and no half-done video or deleted frame.
/// </summary>
internal static class FfmpegLocator
{
    /// <summary>
    /// The full path of ffmpeg: the one in FFMpegCore's configured binary folder (GlobalFFOptions) when there is
    /// one, else the first on PATH.
    /// </summary>
    /// <exception cref="FileNotFoundException">ffmpeg is not there; the message says how to install it.</exception>
    public static string Find()
    {
        string name = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        if (FFMpegCore.GlobalFFOptions.Current.BinaryFolder is { Length: > 0 } folderOfFFMpegCore)
        {
            // Configured for FFMpegCore by the application (GlobalFFOptions.Configure): used here too.
            string configuredBinary = Path.Combine(folderOfFFMpegCore, name);
            if (ExecutableSearch.IsExecutable(configuredBinary)) return Path.GetFullPath(configuredBinary);
        }
        if (ExecutableSearch.FindOnPath(name) is { } onPath) return onPath;
        throw new FileNotFoundException(
            "ffmpeg was not found on PATH, and videos are made with ffmpeg. Install it — Debian/Ubuntu: sudo apt-get install ffmpeg; " +
            "Fedora: sudo dnf install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg — and make sure " +
            "it is on PATH (or configure FFMpegCore's GlobalFFOptions.BinaryFolder). Nothing was changed; frames already saved are kept.", name);
    }
}
