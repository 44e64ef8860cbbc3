namespace StorageTyped.Tests.Groups;

/// <summary>Writes runs for group tests through the library's own StorageManager (so config.ini is the real thing).</summary>
internal static class GroupTestRuns
{
    /// <summary>Creates run &lt;tag&gt;&lt;number&gt; in main folder <paramref name="main"/> with the given parameters.</summary>
    public static StorageManager Create(TempFolder temp, string main, long number, IReadOnlyDictionary<string, object?> parameters, string? tag = null)
    {
        var sm = new StorageManager(main, folderName: tag, options: temp.Options with { RunNumber = number, AddNewWhenExists = false });
        if (parameters.Count > 0) sm.SaveParamDict(parameters);
        return sm;
    }

    /// <summary>Parameters from name/value pairs.</summary>
    public static Dictionary<string, object?> P(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Every file and folder under <paramref name="folder"/>, files with their length, time and content.</summary>
    public static SortedDictionary<string, string> Snapshot(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            string relative = Path.GetRelativePath(folder, file);
            var info = new FileInfo(file);
            result[relative] = $"{info.Length} {info.LastWriteTimeUtc.Ticks} {Convert.ToBase64String(File.ReadAllBytes(file))}";
        }
        foreach (string directory in Directory.EnumerateDirectories(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            string relative = Path.GetRelativePath(folder, directory);
            result[relative + "/"] = "folder";
        }
        return result;
    }

    /// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    public sealed class SynchronousProgress(Action<GroupScanProgress> report) : IProgress<GroupScanProgress>
    {
        public void Report(GroupScanProgress value) => report(value);
    }
}
