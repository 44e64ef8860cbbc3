namespace StorageTyped.Files;

/// <summary>Finds a program the way a shell does: the first executable file of that name in the folders of PATH.</summary>
internal static class ExecutableSearch
{
    /// <summary>
    /// The full path of the first executable <paramref name="name"/> in the folders of <paramref name="pathVariable"/>
    /// (the process's PATH when null), or null when there is none.
    /// </summary>
    public static string? FindOnPath(string name, string? pathVariable = null)
    {
        string path = pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (IsExecutable(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    /// <summary>True when <paramref name="path"/> is a file that may be executed (on Windows: that exists).</summary>
    public static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
