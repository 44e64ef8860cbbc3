namespace StorageTyped.Media;

/// <summary>
/// Finds the ffmpeg program before anything is touched, so that a machine without it gets one clear error that
/// says how to install it, and no half-done video or deleted frame.
/// </summary>
internal static class FfmpegLocator
{
    /// <summary>The environment variable that names the ffmpeg program to use instead of the one on PATH.</summary>
    public const string OverrideVariable = "STORAGETYPED_FFMPEG";

    /// <summary>The full path of ffmpeg: <see cref="OverrideVariable"/> when set, else the first on PATH.</summary>
    /// <exception cref="FileNotFoundException">ffmpeg is not there; the message says how to install it.</exception>
    public static string Find()
    {
        string name = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } configured)
        {
            if (IsExecutable(configured)) return Path.GetFullPath(configured);
            throw new FileNotFoundException($"{OverrideVariable} names '{configured}', which is not an executable file. Point it at ffmpeg, or unset it to use the ffmpeg on PATH.", configured);
        }
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (IsExecutable(candidate)) return Path.GetFullPath(candidate);
        }
        throw new FileNotFoundException(
            "ffmpeg was not found on PATH, and videos are made with ffmpeg. Install it — Debian/Ubuntu: sudo apt-get install ffmpeg; " +
            "Fedora: sudo dnf install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg — or set " +
            $"{OverrideVariable} to its path. Nothing was changed: the frames are still there.", name);
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
