using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StorageTyped;

/// <summary>Settings for creating or finding runs; every property has a sensible default.</summary>
public sealed record StorageOptions
{
    /// <summary>The default settings.</summary>
    public static StorageOptions Default { get; } = new();

    /// <summary>
    /// The Data folder. When null, the first folder named Data found walking up from the current directory is used,
    /// and ./Data is created (when the first run is created) if there is none.
    /// </summary>
    public string? DataFolder { get; init; }

    /// <summary>
    /// With an explicit <see cref="RunNumber"/> whose folder already exists: true (the default, as PymoNNto) creates
    /// a new folder with a suffix (MyName5_0, MyName5_1 …); false reopens the existing folder.
    /// Random and enumerated names always make a new folder.
    /// </summary>
    public bool AddNewWhenExists { get; init; } = true;

    /// <summary>
    /// A fixed run number instead of a random or enumerated one (PymoNNto's random_nr=&lt;int&gt;): the run folder
    /// is &lt;Folder&gt;&lt;RunNumber&gt;.
    /// </summary>
    public long? RunNumber { get; init; }

    /// <summary>
    /// Reopen the newest existing run of the main folder (the one with the latest creation time) instead of
    /// creating one; a run is created when there is none. For scripts that add results to the run just made.
    /// </summary>
    public bool Last { get; init; }

    /// <summary>
    /// Flush each written file to the storage device before it replaces the old one (fsync), so that it survives
    /// a power failure, not only a crash of the process. Off by default: it costs milliseconds per write.
    /// </summary>
    public bool FlushToDisk { get; init; }

    /// <summary>
    /// Record where and how each new run was made (host, user, process, command line, .NET, OS, library version,
    /// git commit) and its status (running, completed, failed, interrupted) in a [Provenance] section of
    /// config.ini. On by default; the [Parameters] section is never touched by it.
    /// </summary>
    public bool RecordProvenance { get; init; } = true;

    /// <summary>
    /// The Data folder a <see cref="DataFolder"/> of null stands for: the first folder named Data at or above
    /// <paramref name="startFolder"/> (the current directory when null), up to the root; null when there is none.
    /// Nothing is created.
    /// </summary>
    public static string? FindDataFolder(string? startFolder = null) =>
        DataFolderLocator.Find(startFolder ?? Environment.CurrentDirectory);

    /// <summary>Where the library reports what it does (created folders, recovered files); nothing is printed.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
