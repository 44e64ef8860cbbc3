namespace StorageTyped.Runs;

/// <summary>Finds the Data folder as PymoNNto does: the first folder named Data walking up from a start folder.</summary>
internal static class DataFolderLocator
{
    /// <summary>The folder name searched for.</summary>
    public const string DataFolderName = "Data";

    /// <summary>The sub-folder of the data folder that holds the main folders.</summary>
    public const string StorageManagerFolderName = "StorageManager";

    /// <summary>
    /// The data folder for <paramref name="options"/>: the explicit one, else the first Data folder found walking
    /// up from the current directory (stopping at the root), else ./Data (not created here).
    /// </summary>
    public static string Resolve(StorageOptions options)
    {
        if (options.DataFolder is { } explicitFolder)
        {
            if (explicitFolder.Length == 0)
                throw new ArgumentException("StorageOptions.DataFolder is empty; give a folder path or leave it null to search for a Data folder.", nameof(options));
            return Path.GetFullPath(explicitFolder);
        }
        return Find(Environment.CurrentDirectory) ?? Path.Combine(Path.GetFullPath(Environment.CurrentDirectory), DataFolderName);
    }

    /// <summary>The first Data folder at or above <paramref name="start"/>; null when there is none up to the root.</summary>
    public static string? Find(string start)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, DataFolderName);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The main folder of <paramref name="mainFolderName"/> inside <paramref name="dataFolder"/>.</summary>
    public static string MainFolderPath(string dataFolder, string mainFolderName) =>
        Path.Combine(dataFolder, StorageManagerFolderName, mainFolderName);
}
