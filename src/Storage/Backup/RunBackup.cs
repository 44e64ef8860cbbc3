using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace StorageTyped.Backup;

/// <summary>
/// A run's backups: backup.zip with the project's files (<see cref="ProjectFiles"/>, <see cref="BackupArchive"/>)
/// and copies of single files or folders in the run's backup subfolder, every file written atomically. Symbolic
/// links are kept as links and never followed; named pipes, devices and sockets are left out with a warning.
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
    /// <param name="logger">Told what was left out (pipes, devices, sockets) and what was backed up.</param>
    /// <returns>The zip's path.</returns>
    public static string WriteProjectZip(string runFolder, string? baseFolder, bool flushToDisk, ILogger logger)
    {
        string project = baseFolder is null ? ProjectFolder(runFolder) : Path.GetFullPath(baseFolder);
        if (!Directory.Exists(project))
            throw new DirectoryNotFoundException($"The project folder '{project}' does not exist; pass the folder whose files should go into {ZipFileName}.");
        ProjectListing listing = ProjectFiles.List(project, DataFolderOfRun(runFolder));
        string zip = Path.Combine(runFolder, ZipFileName);
        BackupArchive.Write(zip, RegularFile.RealPath(project), listing.Entries, flushToDisk, listing.Skipped);
        foreach (string skipped in listing.Skipped) logger.LogWarning("Left out of {Zip}: {Entry}", zip, skipped);
        logger.LogInformation("Backed up {Count} entries of {Project} into {Zip} (listed by {Source})", listing.Entries.Count, project, zip, listing.Source);
        return zip;
    }

    /// <summary>
    /// Copies one file or folder into &lt;run&gt;/backup/&lt;name&gt;, replacing an earlier copy of the same name. The path
    /// asked for is followed when it is a link (it is what was asked for); real paths are compared, so a link to
    /// the project, the main folder or the run never makes the run copy itself.
    /// </summary>
    /// <returns>The path of the copy.</returns>
    public static string Copy(string runFolder, string fileOrFolder, bool flushToDisk, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileOrFolder);
        string requested = Path.TrimEndingDirectorySeparator(Path.GetFullPath(fileOrFolder));
        string name = Path.GetFileName(requested);
        if (name.Length == 0)
            throw new ArgumentException($"'{fileOrFolder}' is a root folder; back up a file or a folder inside it.", nameof(fileOrFolder));
        string source = RegularFile.RealPath(requested);
        string target = Path.Combine(runFolder, FolderName, name);
        switch (RegularFile.KindOf(source))
        {
            case FileKind.Regular:
                using (SafeFileHandle input = RegularFile.OpenRead(source))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    CopyFileAtomically(input, target, flushToDisk);
                }
                break;
            case FileKind.Directory:
                string run = RegularFile.RealPath(runFolder);
                if (IsInside(source, run))
                    throw new ArgumentException($"'{requested}' is this run's folder or inside it; back up files from elsewhere.", nameof(fileOrFolder));
                string? data = DataFolderOfRun(runFolder);
                foreach (string skipped in CopyFolder(source, target, data is null ? null : RegularFile.RealPath(data), run, flushToDisk))
                    logger.LogWarning("Left out of the backup {Target}: {Entry}", target, skipped);
                break;
            case FileKind.Missing:
                throw new FileNotFoundException($"There is no file or folder '{requested}' to back up into run '{runFolder}'.", requested);
            case var kind:
                throw RegularFile.NotRegular(requested, kind);
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

    /// <summary>
    /// Copies a folder (given by its real path) without following links, leaving out build and IDE folders, data
    /// folders and the run's folder (no copy into itself). Iterative: a deep tree costs memory, not stack.
    /// </summary>
    /// <returns>What was left out and why.</returns>
    private static List<string> CopyFolder(string source, string target, string? dataFolder, string runFolder, bool flushToDisk)
    {
        var skipped = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        var pending = new Stack<(string Source, string Target)>([(source, target)]);
        while (pending.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder.Target);
            foreach (FileSystemInfo entry in new DirectoryInfo(folder.Source).EnumerateFileSystemInfos("*", options))
            {
                string destination = Path.Combine(folder.Target, entry.Name);
                string relative = Path.GetRelativePath(source, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                switch (RegularFile.KindOf(entry.FullName))
                {
                    case FileKind.Directory:
                        if (entry.FullName == runFolder || ProjectFiles.IsExcludedFolderName(entry.Name) || ProjectFiles.IsDataFolder(entry.FullName, dataFolder)) continue;
                        pending.Push((entry.FullName, destination));
                        break;
                    case FileKind.Regular:
                        SafeFileHandle? input;
                        try
                        {
                            input = RegularFile.OpenBeneath(source, relative);
                        }
                        catch (InvalidDataException e)
                        {
                            skipped.Add($"{relative}: {e.Message}");
                            continue;
                        }
                        if (input is null) continue; // gone, or a link now
                        using (input) CopyFileAtomically(input, destination, flushToDisk);
                        break;
                    case FileKind.SymbolicLink:
                        if (entry.LinkTarget is { } linkTarget) AtomicFile.WriteSymbolicLink(destination, linkTarget);
                        break;
                    case FileKind.Missing:
                        break;
                    case var kind:
                        skipped.Add($"{relative}: {RegularFile.Describe(kind)}");
                        break;
                }
            }
        }
        return skipped;
    }

    private static void CopyFileAtomically(SafeFileHandle input, string target, bool flushToDisk) =>
        AtomicFile.Write(target, output => BackupArchive.CopyBounded(input, output), flushToDisk, preallocationSize: RandomAccess.GetLength(input));
}
