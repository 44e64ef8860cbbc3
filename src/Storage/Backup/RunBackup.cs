namespace StorageTyped.Backup;

/// <summary>
/// A run's backups: backup.zip with the project's files (<see cref="ProjectFiles"/>, <see cref="BackupArchive"/>)
/// and copies of single files or folders in the run's backup subfolder, every file written atomically.
/// </summary>
internal static class RunBackup
{
    /// <summary>The name of the project backup in the run folder.</summary>
    public const string ZipFileName = "backup.zip";

    /// <summary>The run's subfolder that single files and folders are copied into.</summary>
    public const string FolderName = "backup";

    /// <summary>Writes backup.zip into <paramref name="runFolder"/> with the files of the project folder.</summary>
    /// <param name="runFolder">The run folder (absolute, no trailing separator).</param>
    /// <param name="baseFolder">The project folder; null for the folder that holds the run's Data folder.</param>
    /// <param name="flushToDisk">fsync before the zip replaces an earlier one.</param>
    /// <returns>The zip's path, the project folder, the number of files and how they were listed.</returns>
    public static (string Zip, string Project, int Count, ProjectFileSource Source) WriteProjectZip(string runFolder, string? baseFolder, bool flushToDisk)
    {
        string project = baseFolder is null ? ProjectFolder(runFolder) : Path.GetFullPath(baseFolder);
        if (!Directory.Exists(project))
            throw new DirectoryNotFoundException($"The project folder '{project}' does not exist; pass the folder whose files should go into {ZipFileName}.");
        (List<string> files, ProjectFileSource source) = ProjectFiles.List(project, DataFolderOfRun(runFolder));
        string zip = Path.Combine(runFolder, ZipFileName);
        BackupArchive.Write(zip, project, files, flushToDisk);
        return (zip, project, files.Count, source);
    }

    /// <summary>Copies one file or folder into &lt;run&gt;/backup/&lt;name&gt;, replacing an earlier copy of the same name.</summary>
    /// <returns>The path of the copy.</returns>
    public static string Copy(string runFolder, string fileOrFolder, bool flushToDisk)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileOrFolder);
        string source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(fileOrFolder));
        string name = Path.GetFileName(source);
        if (name.Length == 0)
            throw new ArgumentException($"'{fileOrFolder}' is a root folder; back up a file or a folder inside it.", nameof(fileOrFolder));
        string target = Path.Combine(runFolder, FolderName, name);
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            CopyFileAtomically(source, target, flushToDisk);
        }
        else if (Directory.Exists(source))
        {
            if (IsInside(source, runFolder))
                throw new ArgumentException($"'{source}' is this run's folder or inside it; back up files from elsewhere.", nameof(fileOrFolder));
            CopyFolder(source, target, DataFolderOfRun(runFolder), runFolder, flushToDisk);
        }
        else
        {
            throw new FileNotFoundException($"There is no file or folder '{source}' to back up into run '{runFolder}'.", source);
        }
        return target;
    }

    /// <summary>The folder that holds this run's Data folder: &lt;project&gt;/Data/StorageManager/&lt;Main&gt;/&lt;Run&gt;.</summary>
    private static string ProjectFolder(string runFolder) =>
        Path.GetDirectoryName(DataFolderOfRun(runFolder) ?? throw new InvalidOperationException(
            $"Run '{runFolder}' is not inside <Data>/StorageManager/<main folder>/, so its project folder is unknown; pass the project folder: CopyProjectFiles(baseFolder)."))!;

    private static string? DataFolderOfRun(string runFolder)
    {
        string? storageManager = Path.GetDirectoryName(Path.GetDirectoryName(runFolder));
        if (storageManager is null || Path.GetFileName(storageManager) != "StorageManager") return null;
        return Path.GetDirectoryName(storageManager);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it.</summary>
    private static bool IsInside(string path, string folder) =>
        path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || path == folder;

    /// <summary>Copies a folder, leaving out build and IDE folders, data folders and the run's folder (no copy into itself).</summary>
    private static void CopyFolder(string source, string target, string? dataFolder, string runFolder, bool flushToDisk)
    {
        Directory.CreateDirectory(target);
        foreach (FileSystemInfo entry in new DirectoryInfo(source).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            string destination = Path.Combine(target, entry.Name);
            if (entry is DirectoryInfo)
            {
                if (entry.LinkTarget is not null || entry.FullName == runFolder || ProjectFiles.IsExcludedFolderName(entry.Name) || ProjectFiles.IsDataFolder(entry.FullName, dataFolder)) continue;
                CopyFolder(entry.FullName, destination, dataFolder, runFolder, flushToDisk);
            }
            else if (File.Exists(entry.FullName))
            {
                CopyFileAtomically(entry.FullName, destination, flushToDisk);
            }
        }
    }

    private static void CopyFileAtomically(string source, string target, bool flushToDisk)
    {
        using FileStream input = File.OpenRead(source);
        AtomicFile.Write(target, output => input.CopyTo(output), flushToDisk, preallocationSize: input.Length);
    }
}
