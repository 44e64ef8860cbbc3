using Microsoft.Extensions.Logging;
using StorageTyped.Parameters;
using StorageTyped.Runs;

namespace StorageTyped;

/// <summary>
/// One run: a folder &lt;Data&gt;/StorageManager/&lt;MainFolder&gt;/&lt;Folder&gt;&lt;n&gt;/ holding the run's
/// parameters (config.ini), arrays (.npy), objects (.msgpack), strings (.txt), frames, videos and a backup of the
/// code. The C# counterpart of PymoNNto's StorageManager; its files are the ones PymoNNto reads and writes.
/// </summary>
/// <remarks>
/// Creating a StorageManager creates a new run folder atomically: any number of threads and processes creating
/// runs in one main folder at once never share a folder. Every file is written atomically (temporary file, then
/// rename), so readers and crashes never see a half-written file. An instance may be used from several threads.
/// </remarks>
public sealed partial class StorageManager
{
    /// <summary>The default INI section for parameters, as in PymoNNto.</summary>
    public const string DefaultSection = ConfigFile.DefaultSection;

    /// <summary>The name of the parameter file in every run folder.</summary>
    public const string ConfigFileName = ConfigFile.FileName;

    /// <summary>
    /// Creates a new run in &lt;Data&gt;/StorageManager/<paramref name="mainFolderName"/>/ (PymoNNto's
    /// StorageManager(main_folder_name, folder_name, random_nr)), and writes its creation time as the parameter
    /// <c>time</c> (Unix seconds).
    /// </summary>
    /// <param name="mainFolderName">The main folder that groups the runs of one experiment.</param>
    /// <param name="folderName">The prefix of the run folder's name; the main folder name when null.</param>
    /// <param name="randomNr">True: the folder is &lt;Folder&gt;&lt;random number&gt;. False: &lt;Folder&gt;&lt;next free number from 1&gt;.</param>
    /// <param name="options">Data folder, logging and other settings; <see cref="StorageOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">A name could leave the data folder or is not a valid folder name.</exception>
    /// <exception cref="IOException">The folder could not be created.</exception>
    public StorageManager(string mainFolderName, string? folderName = null, bool randomNr = false, StorageOptions? options = null)
        : this(mainFolderName, folderName, randomNr, options, initialSections: null)
    {
    }

    /// <summary>
    /// Creates or reopens a run as the public constructor does; a new run's first write of config.ini also holds
    /// <paramref name="initialSections"/> (already checked and in raw INI form), so that parameters, [Provenance]
    /// and [Sweep] appear together in one atomic write.
    /// </summary>
    private StorageManager(string mainFolderName, string? folderName, bool randomNr, StorageOptions? options, IReadOnlyList<InitialSection>? initialSections)
    {
        RunKey.ValidateFolderName(mainFolderName, nameof(mainFolderName));
        if (folderName is not null) RunKey.ValidateFolderName(folderName, nameof(folderName));
        Options = options ?? StorageOptions.Default;
        string prefix = folderName ?? mainFolderName;
        string mainFolder = DataFolderLocator.MainFolderPath(DataFolderLocator.Resolve(Options), mainFolderName);

        if (Options.Last && RunFolder.FindNewest(mainFolder, prefix) is { } newest)
        {
            Path = newest;
            IsNew = false;
            return;
        }

        if (Options.RunNumber is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options.RunNumber, "StorageOptions.RunNumber must not be negative.");
        (Path, IsNew) = RunFolderAllocator.Claim(mainFolder, prefix, randomNr, Options.RunNumber, Options.AddNewWhenExists);

        if (IsNew)
        {
            try
            {
                CreationRecord.Write(Path, RunFolder.ProjectFolderOf(mainFolder), initialSections, Options);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk or a read-only file: no empty run folder is left for a group to count.
                RunFolder.RemoveUnfinished(Path);
                RunFolderAllocator.ForgetClaims(mainFolder, prefix);
                throw new IOException($"The run '{Path}' could not be created: {e.Message} The folder was removed again.", e);
            }
            if (Options.Logger.IsEnabled(LogLevel.Information)) Options.Logger.LogInformation("Created run folder {RunFolder}", Path);
        }
    }

    private StorageManager(string existingRunFolder, StorageOptions options)
    {
        Options = options;
        Path = existingRunFolder;
        IsNew = false;
    }

    /// <summary>A run the group found by listing its main folder: no existence check, nothing written.</summary>
    internal static StorageManager OpenListedRun(string path, StorageOptions options) => new(path, options);

    /// <summary>Opens an existing run folder; nothing is written.</summary>
    /// <param name="path">The run folder (absolute or relative to the current directory).</param>
    /// <param name="options">Logging and write settings; the data folder setting is not used.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static StorageManager Open(string path, StorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new StorageManager(RunFolder.Existing(path), options ?? StorageOptions.Default);
    }

    /// <summary>The run folder (absolute path, no trailing separator).</summary>
    public string Path { get; }

    /// <summary>The run folder's own name, such as MyName12.</summary>
    public string FolderName => RunFolder.NameOf(Path);

    /// <summary>The main folder that holds this run and its siblings.</summary>
    public string MainFolderPath => RunFolder.MainFolderOf(Path);

    /// <summary>True when this instance created the run folder; false when it opened an existing one.</summary>
    public bool IsNew { get; }

    /// <summary>The settings this run was created or opened with.</summary>
    public StorageOptions Options { get; }

    /// <summary>The run folder path.</summary>
    public override string ToString() => Path;

    /// <summary>The full path of a file of this run.</summary>
    internal string FilePath(string fileName) => RunFolder.FileIn(Path, fileName);
}
