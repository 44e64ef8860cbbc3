using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using NumSharp;
using StorageTyped.Media;

namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>
    /// The next frame number of each key, found once from the files (a reopened run continues after its frames).
    /// Made by the first SaveFrame: a group hands out a StorageManager per run, and 100,000 dictionaries made up
    /// front cost 0.4 s.
    /// </summary>
    private ConcurrentDictionary<string, StrongBox<int>>? _frameCounters;

    /// <summary>
    /// Saves a gray image (rows × columns) as the key's next frame, key0.png, key1.png … (PymoNNto's save_frame).
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <remarks>
    /// Numbering starts at 0 for each key and continues after the frames already in the run folder when the run
    /// is reopened. Each PNG is written atomically and holds the pixels exactly (8 bits a channel, lossless).
    /// A frame key must not end in a digit (key "v2" would name v20.png, which is also frame 20 of "v").
    /// </remarks>
    /// <exception cref="ArgumentException">The key or the image is not usable; nothing is written.</exception>
    public string SaveFrame(byte[,] image, string key)
    {
        using FrameImage frame = FrameImage.From(image, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves an image of rows × columns × channels bytes as the key's next frame: 1 channel gray, 2 gray and
    /// alpha, 3 RGB, 4 RGBA. See <see cref="SaveFrame(byte[,], string)"/> for the numbering.
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key or the image is not usable; nothing is written.</exception>
    public string SaveFrame(byte[,,] image, string key)
    {
        using FrameImage frame = FrameImage.From(image, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves a NumSharp array of dtype uint8 with shape (rows, columns) or (rows, columns, channels), 1 to 4
    /// channels, as the key's next frame. Other dtypes need the value range:
    /// <see cref="SaveFrame(NDArray, string, double, double)"/>.
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key, the shape or the dtype is not usable; nothing is written.</exception>
    public string SaveFrame(NDArray image, string key)
    {
        using FrameImage frame = FrameImage.From(image, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves a NumSharp array of any numeric dtype as the key's next frame, scaled linearly so that
    /// <paramref name="min"/> becomes 0 and <paramref name="max"/> becomes 255 (values outside are clamped,
    /// levels rounded to the nearest).
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key, the shape or the range is not usable, or a value is NaN; nothing is written.</exception>
    public string SaveFrame(NDArray image, string key, double min, double max)
    {
        using FrameImage frame = FrameImage.FromScaled(image, min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves a gray floating-point image as the key's next frame, scaled linearly so that <paramref name="min"/>
    /// becomes 0 and <paramref name="max"/> becomes 255 (values outside are clamped, levels rounded to the nearest).
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key or the range is not usable, or a value is NaN; nothing is written.</exception>
    public string SaveFrame(float[,] image, string key, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<float>(image), image.GetLength(0), image.GetLength(1), 1, min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <inheritdoc cref="SaveFrame(float[,], string, double, double)"/>
    public string SaveFrame(double[,] image, string key, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<double>(image), image.GetLength(0), image.GetLength(1), 1, min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>
    /// Saves a floating-point image of rows × columns × channels (1 to 4) as the key's next frame, scaled linearly
    /// so that <paramref name="min"/> becomes 0 and <paramref name="max"/> becomes 255.
    /// </summary>
    /// <returns>The path of the PNG file written.</returns>
    /// <exception cref="ArgumentException">The key, the shape or the range is not usable, or a value is NaN; nothing is written.</exception>
    public string SaveFrame(float[,,] image, string key, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<float>(image), image.GetLength(0), image.GetLength(1), image.GetLength(2), min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <inheritdoc cref="SaveFrame(float[,,], string, double, double)"/>
    public string SaveFrame(double[,,] image, string key, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(image);
        using FrameImage frame = FrameImage.FromScaled(FrameImage.ValuesOf<double>(image), image.GetLength(0), image.GetLength(1), image.GetLength(2), min, max, nameof(image));
        return SaveFrame(frame, key);
    }

    /// <summary>The number the key's next frame will get (0 for a key without frames).</summary>
    /// <exception cref="ArgumentException">The key cannot name frames.</exception>
    public int NextFrameIndex(string key)
    {
        FrameFiles.ValidateKey(key);
        return Volatile.Read(ref FrameCounter(key).Value);
    }

    /// <summary>
    /// Renders the key's frames (key0.png, key1.png … in the order of their numbers) into key.mp4 with ffmpeg:
    /// H.264, yuv420p, odd sizes padded to even (PymoNNto's render_video). An existing key.mp4 is replaced
    /// atomically. Then, when <paramref name="deleteImages"/> is true, the frames that went into the video are
    /// deleted — only after ffmpeg has succeeded, and only that key's frames.
    /// </summary>
    /// <param name="key">The frames' key.</param>
    /// <param name="deleteImages">Delete the rendered frames afterwards (PymoNNto's default).</param>
    /// <param name="resetFrameCounter">Number the key's next frame 0 again (as PymoNNto does), so the next video starts afresh.</param>
    /// <param name="frameRate">Frames a second.</param>
    /// <returns>The path of the video.</returns>
    /// <exception cref="FileNotFoundException">ffmpeg is not installed (the message says how to install it), or the key has no frames. Nothing is changed.</exception>
    /// <exception cref="InvalidDataException">A frame is not a PNG or its size differs from the first frame's. Nothing is changed.</exception>
    /// <exception cref="IOException">ffmpeg failed (the message holds its last lines). Nothing is changed.</exception>
    public string RenderVideo(string key, bool deleteImages = true, bool resetFrameCounter = true, double frameRate = 25)
    {
        // ffmpeg is driven with async code; a caller's synchronization context must not be needed to finish it.
        return Task.Run(() => RenderVideoAsync(key, deleteImages, resetFrameCounter, frameRate)).GetAwaiter().GetResult();
    }

    /// <summary>The asynchronous form of <see cref="RenderVideo"/>, with progress and cancellation.</summary>
    /// <param name="key">The frames' key.</param>
    /// <param name="deleteImages">Delete the rendered frames afterwards.</param>
    /// <param name="resetFrameCounter">Number the key's next frame 0 again.</param>
    /// <param name="frameRate">Frames a second.</param>
    /// <param name="progress">Receives the fraction done, from 0 to 1 (1 when the video is in place).</param>
    /// <param name="cancellationToken">Stops ffmpeg; then nothing is changed: no video, every frame kept.</param>
    /// <returns>The path of the video.</returns>
    /// <inheritdoc cref="RenderVideo" path="/exception"/>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is changed.</exception>
    public async Task<string> RenderVideoAsync(string key, bool deleteImages = true, bool resetFrameCounter = true, double frameRate = 25,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        FrameFiles.ValidateKey(key);
        FfmpegVideo.ValidateFrameRate(frameRate);
        string ffmpeg = FfmpegLocator.Find();
        List<(int Index, string Path)> frames = FrameFiles.List(Path, key);
        if (frames.Count == 0)
            throw new FileNotFoundException($"Run '{Path}' has no frames of {RunKey.Quote(key)} (no file {FrameFiles.FileName(key, 0)}, {FrameFiles.FileName(key, 1)} …). Save frames with SaveFrame first.", FilePath(FrameFiles.FileName(key, 0)));
        string video = FilePath(key + ".mp4");
        await FfmpegVideo.RenderFilesAsync(frames, Path, key, video, ffmpeg, frameRate, progress, Options.FlushToDisk, cancellationToken).ConfigureAwait(false);
        Options.Logger.LogInformation("Rendered {Frames} frames of {Key} into {Video}", frames.Count, key, video);

        if (resetFrameCounter) Volatile.Write(ref FrameCounter(key).Value, 0);
        if (deleteImages) DeleteFrames(key, frames);
        return video;
    }

    /// <summary>
    /// Opens a video key.mp4 that frames are written to one by one through a pipe to ffmpeg, without PNG files (for
    /// long simulations). Dispose the writer to finish the video; it then replaces key.mp4 atomically.
    /// </summary>
    /// <param name="key">The video's name (key.mp4).</param>
    /// <param name="width">Pixels a row of every frame.</param>
    /// <param name="height">Rows of every frame.</param>
    /// <param name="frameRate">Frames a second.</param>
    /// <exception cref="FileNotFoundException">ffmpeg is not installed; the message says how to install it.</exception>
    /// <exception cref="ArgumentException">The key, the size or the frame rate is not usable.</exception>
    public VideoWriter OpenVideoWriter(string key, int width, int height, double frameRate = 25)
    {
        RunKey.Validate(key);
        if (width < 1 || height < 1 || (long)width * height * 3 > Array.MaxLength / 2)
            throw new ArgumentOutOfRangeException(width < 1 ? nameof(width) : nameof(height), $"A video frame of {width} × {height} pixels is not possible; give a width and height of at least 1.");
        FfmpegVideo.ValidateFrameRate(frameRate);
        string ffmpeg = FfmpegLocator.Find();
        return new VideoWriter(FilePath(key + ".mp4"), ffmpeg, width, height, frameRate, Options.FlushToDisk, Options.Logger);
    }

    /// <summary>The name of the project backup in the run folder.</summary>
    public const string ProjectBackupFileName = "backup.zip";

    /// <summary>The run's subfolder that <see cref="Backup"/> and <see cref="BackupSource"/> copy into.</summary>
    public const string BackupFolderName = "backup";

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
    public string CopyProjectFiles(string? baseFolder = null)
    {
        string project = baseFolder is null ? ProjectFolder() : System.IO.Path.GetFullPath(baseFolder);
        if (!Directory.Exists(project))
            throw new DirectoryNotFoundException($"The project folder '{project}' does not exist; pass the folder whose files should go into {ProjectBackupFileName}.");
        ProjectListing listing = ProjectFiles.List(project, DataFolderOfRun());
        string zip = FilePath(ProjectBackupFileName);
        BackupArchive.Write(zip, RegularFile.RealPath(project), listing.Entries, Options.FlushToDisk, listing.Skipped);
        foreach (string skipped in listing.Skipped) Options.Logger.LogWarning("Left out of {Zip}: {Entry}", zip, skipped);
        Options.Logger.LogInformation("Backed up {Count} entries of {Project} into {Zip} (listed by {Source})", listing.Entries.Count, project, zip, listing.Source);
        return zip;
    }

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
    public string Backup(string fileOrFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileOrFolder);
        string requested = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(fileOrFolder));
        string name = System.IO.Path.GetFileName(requested);
        if (name.Length == 0)
            throw new ArgumentException($"'{fileOrFolder}' is a root folder; back up a file or a folder inside it.", nameof(fileOrFolder));
        // Compared by their real paths: a link to the project, the main folder or the run leads to the run all the same.
        string source = RegularFile.RealPath(requested);
        string target = System.IO.Path.Combine(Path, BackupFolderName, name);
        switch (RegularFile.KindOf(source))
        {
            case FileKind.Regular:
                using (SafeFileHandle input = RegularFile.OpenRead(source))
                {
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                    CopyFileAtomically(input, target);
                }
                break;
            case FileKind.Directory:
                string run = RegularFile.RealPath(Path);
                if (IsInside(source, run))
                    throw new ArgumentException($"'{requested}' is this run's folder or inside it; back up files from elsewhere.", nameof(fileOrFolder));
                string? data = DataFolderOfRun();
                CopyFolder(source, target, run, data is null ? null : RegularFile.RealPath(data));
                break;
            case FileKind.Missing:
                throw new FileNotFoundException($"There is no file or folder '{requested}' to back up into run '{Path}'.", requested);
            case var kind:
                throw RegularFile.NotRegular(requested, kind);
        }
        return target;
    }

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

    /// <summary>The folder that holds this run's Data folder: &lt;project&gt;/Data/StorageManager/&lt;Main&gt;/&lt;Run&gt;.</summary>
    private string ProjectFolder() =>
        System.IO.Path.GetDirectoryName(DataFolderOfRun() ?? throw new InvalidOperationException(
            $"Run '{Path}' is not inside <Data>/StorageManager/<main folder>/, so its project folder is unknown; pass the project folder: CopyProjectFiles(baseFolder)."))!;

    private string? DataFolderOfRun()
    {
        string? storageManager = System.IO.Path.GetDirectoryName(MainFolderPath);
        if (storageManager is null || System.IO.Path.GetFileName(storageManager) != "StorageManager") return null;
        return System.IO.Path.GetDirectoryName(storageManager);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it.</summary>
    private static bool IsInside(string path, string folder) =>
        path.StartsWith(folder + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || path == folder;

    /// <summary>
    /// Copies a folder (given by its real path) without following links, leaving out build and IDE folders, data
    /// folders and this run's folder (no copy into itself). Iterative: a deep tree costs memory, not stack.
    /// </summary>
    private void CopyFolder(string source, string target, string runFolder, string? dataFolder)
    {
        var skipped = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        var pending = new Stack<(string Source, string Target)>([(source, target)]);
        while (pending.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder.Target);
            foreach (FileSystemInfo entry in new DirectoryInfo(folder.Source).EnumerateFileSystemInfos("*", options))
            {
                string destination = System.IO.Path.Combine(folder.Target, entry.Name);
                string relative = System.IO.Path.GetRelativePath(source, entry.FullName).Replace(System.IO.Path.DirectorySeparatorChar, '/');
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
                        using (input) CopyFileAtomically(input, destination);
                        break;
                    case FileKind.SymbolicLink:
                        if (entry.LinkTarget is { } linkTarget) AtomicFile.WriteSymbolicLink(destination, linkTarget, Options.FlushToDisk);
                        break;
                    case FileKind.Missing:
                        break;
                    case var kind:
                        skipped.Add($"{relative}: {RegularFile.Describe(kind)}");
                        break;
                }
            }
        }
        foreach (string entry in skipped) Options.Logger.LogWarning("Left out of the backup {Target}: {Entry}", target, entry);
    }

    private void CopyFileAtomically(SafeFileHandle input, string target) =>
        AtomicFile.Write(target, output => BackupArchive.CopyBounded(input, output), Options.FlushToDisk, preallocationSize: RandomAccess.GetLength(input));

    private void DeleteFrames(string key, List<(int Index, string Path)> frames)
    {
        var failures = new List<string>();
        foreach ((_, string path) in frames)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{System.IO.Path.GetFileName(path)}: {e.Message}");
            }
        }
        if (failures.Count > 0)
            throw new IOException($"The video of {RunKey.Quote(key)} was written, but {failures.Count} of its frames could not be deleted: {string.Join("; ", failures.Take(5))}");
    }

    private string SaveFrame(FrameImage frame, string key)
    {
        FrameFiles.ValidateKey(key);
        ReadOnlySpan<byte> png = PngEncoder.Encode(frame.Pixels, frame.Width, frame.Height, frame.Channels);
        int index = Interlocked.Increment(ref FrameCounter(key).Value) - 1;
        string path = FilePath(FrameFiles.FileName(key, index));
        AtomicFile.WriteAllBytes(path, png, Options.FlushToDisk);
        return path;
    }

    private StrongBox<int> FrameCounter(string key) =>
        LazyInitializer.EnsureInitialized(ref _frameCounters, static () => new(StringComparer.Ordinal)).GetOrAdd(key, static (k, runFolder) => new StrongBox<int>(FrameFiles.NextIndex(runFolder, k)), Path);
}
