using System.Runtime.CompilerServices;
using StorageTyped.Backup;

namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>The name of the project backup in the run folder.</summary>
    public const string ProjectBackupFileName = RunBackup.ZipFileName;

    /// <summary>The run's subfolder that <see cref="Backup"/> and <see cref="BackupSource"/> copy into.</summary>
    public const string BackupFolderName = RunBackup.FolderName;

    /// <summary>
    /// Writes backup.zip into the run folder with the project's source files (PymoNNto's copy_project_files), so
    /// that the run keeps the code that produced it. The zip is written atomically.
    /// </summary>
    /// <param name="baseFolder">
    /// The project folder; by default the folder that holds the Data folder of this run.
    /// </param>
    /// <returns>The path of backup.zip.</returns>
    /// <remarks>
    /// Left out: folders named .git, bin, obj, .vs and .idea; the data folder (and any folder named Data that
    /// holds a StorageManager folder); and what .gitignore ignores. In a git work tree git lists the files
    /// (<c>git ls-files --cached --others --exclude-standard</c>: tracked files, and untracked ones no ignore rule
    /// covers); elsewhere, or without git, the folder's .gitignore files are applied with git's rules. Entries are
    /// named by their paths relative to the project folder. Symbolic links are stored as links, as <c>zip -y</c>
    /// does (never followed: nothing outside the project is read through one, and a linked folder is not entered);
    /// named pipes, devices and sockets are left out with a warning to <see cref="StorageOptions.Logger"/>. Each file
    /// is read up to the size it had when it was opened.
    /// </remarks>
    /// <exception cref="DirectoryNotFoundException">The project folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">No base folder was given and the run is not inside a Data folder.</exception>
    /// <exception cref="IOException">A file could not be read; backup.zip is unchanged.</exception>
    public string CopyProjectFiles(string? baseFolder = null) => RunBackup.WriteProjectZip(Path, baseFolder, Options.FlushToDisk, Options.Logger);

    /// <summary>
    /// Copies one file or folder into the run's backup subfolder (backup/&lt;name&gt;), replacing an earlier copy of
    /// the same name; each file is written atomically. A folder is copied with its subfolders, except folders
    /// named .git, bin, obj, .vs, .idea, data folders and this run's folder. Inside a folder, symbolic links are copied
    /// as links (never followed) and named pipes, devices and sockets are left out with a warning to
    /// <see cref="StorageOptions.Logger"/>; a link given as <paramref name="fileOrFolder"/> itself is what was asked for
    /// and is followed.
    /// </summary>
    /// <param name="fileOrFolder">The file or folder to keep with the run.</param>
    /// <returns>The path of the copy.</returns>
    /// <exception cref="FileNotFoundException">There is no such file or folder.</exception>
    /// <exception cref="ArgumentException">The folder is this run's folder or inside it (also when reached through a link).</exception>
    /// <exception cref="InvalidDataException"><paramref name="fileOrFolder"/> is a named pipe, a device or a socket.</exception>
    public string Backup(string fileOrFolder) => RunBackup.Copy(Path, fileOrFolder, Options.FlushToDisk, Options.Logger);

    /// <summary>
    /// Copies the calling source file (by default the file that contains the call, as the compiler recorded it)
    /// into the run's backup subfolder: the entry point of an experiment kept with its results.
    /// </summary>
    /// <param name="sourceFile">Filled in by the compiler; pass a path to back up another file.</param>
    /// <returns>The path of the copy.</returns>
    /// <exception cref="FileNotFoundException">
    /// The recorded file is not on this machine (the program was built elsewhere, or with a path map).
    /// </exception>
    public string BackupSource([CallerFilePath] string sourceFile = "")
    {
        if (string.IsNullOrEmpty(sourceFile) || !File.Exists(sourceFile))
            throw new FileNotFoundException($"The source file '{sourceFile}' recorded when the program was compiled is not on this machine (the program was built elsewhere, or with a path map). Pass the path of the file to back up.", sourceFile);
        return Backup(sourceFile);
    }
}
