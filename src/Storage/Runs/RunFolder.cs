namespace StorageTyped.Runs;

/// <summary>
/// The file-system side of one run folder, kept out of the StorageManager hub (whose Path property hides
/// System.IO.Path there): the parts of its path, a file in it, and finding the newest run of a prefix.
/// </summary>
internal static class RunFolder
{
    /// <summary>The full path of an existing run folder, without a trailing separator.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string Existing(string path)
    {
        string fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!Directory.Exists(fullPath))
            throw new DirectoryNotFoundException($"There is no run folder at '{fullPath}'. Pass the path of an existing run folder (sm.Path of the run).");
        return fullPath;
    }

    /// <summary>The run folder's own name, such as MyName12.</summary>
    public static string NameOf(string runFolder) => Path.GetFileName(runFolder);

    /// <summary>
    /// Removes a run folder this process has just claimed and could not finish creating (a full disk, say), with
    /// whatever part of its first write is in it; a failure to remove it is left as it is.
    /// </summary>
    public static void RemoveUnfinished(string runFolder)
    {
        try
        {
            Directory.Delete(runFolder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the creation's own error is what the caller reports.
        }
    }

    /// <summary>The main folder that holds the run.</summary>
    public static string MainFolderOf(string runFolder) => Path.GetDirectoryName(runFolder)!;

    /// <summary>The full path of a file of the run.</summary>
    public static string FileIn(string runFolder, string fileName) => Path.Combine(runFolder, fileName);

    /// <summary>The project folder of a main folder &lt;project&gt;/Data/StorageManager/&lt;Main&gt;.</summary>
    public static string ProjectFolderOf(string mainFolder) =>
        Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(mainFolder)))!;

    /// <summary>The run of <paramref name="prefix"/> created last (by its <c>time</c>, else the folder's creation time); null when there is none.</summary>
    public static string? FindNewest(string mainFolder, string prefix)
    {
        if (!Directory.Exists(mainFolder)) return null;
        string? newest = null;
        double newestTime = double.NegativeInfinity;
        foreach (string folder in Directory.EnumerateDirectories(mainFolder))
        {
            if (!RunFolderName.IsRunOf(Path.GetFileName(folder), prefix)) continue;
            double created = ConfigFile.TryReadCreationTime(folder) ?? (Directory.GetCreationTimeUtc(folder) - DateTime.UnixEpoch).TotalSeconds;
            if (created > newestTime)
            {
                newestTime = created;
                newest = folder;
            }
        }
        return newest;
    }
}
