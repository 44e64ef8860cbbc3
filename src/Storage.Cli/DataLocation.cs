namespace StorageTyped.Cli;

/// <summary>
/// Where the runs are: the Data folder (--data, or the first folder named Data at or above the current directory,
/// as the library finds it), its main folders (groups) under Data/StorageManager, and run folders.
/// </summary>
internal sealed class DataLocation
{
    /// <summary>The folder inside Data that holds the main folders (the layout PymoNNto and the library share).</summary>
    public const string StorageManagerFolder = "StorageManager";

    private DataLocation(string dataFolder) => DataFolder = dataFolder;

    /// <summary>The Data folder.</summary>
    public string DataFolder { get; }

    /// <summary>Data/StorageManager.</summary>
    public string MainFoldersPath => Path.Combine(DataFolder, StorageManagerFolder);

    /// <summary>Options for the library that point at this Data folder.</summary>
    public StorageOptions Options => new() { DataFolder = DataFolder };

    /// <summary>
    /// The Data folder given with --data (the Data folder itself; a project folder holding Data, or the
    /// StorageManager folder inside Data, are taken too), or found as the library finds it.
    /// </summary>
    /// <exception cref="CliException">The folder does not exist, or none is found.</exception>
    public static DataLocation Resolve(string? given)
    {
        if (given is null)
        {
            string? found = StorageOptions.FindDataFolder();
            return found is not null
                ? new DataLocation(found)
                : throw new CliException(ExitCode.DataFolderNotFound,
                    $"No folder named Data at or above the current directory ({Environment.CurrentDirectory}). Run runs inside a project that has one, or give it with --data /path/to/Data.");
        }
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(given));
        if (!Directory.Exists(full))
            throw new CliException(ExitCode.DataFolderNotFound, $"The data folder '{full}' (--data) does not exist.");
        if (!Directory.Exists(Path.Combine(full, StorageManagerFolder)))
        {
            if (Path.GetFileName(full) == StorageManagerFolder) return new DataLocation(Path.GetDirectoryName(full)!);
            string inside = Path.Combine(full, "Data");
            if (Directory.Exists(Path.Combine(inside, StorageManagerFolder))) return new DataLocation(inside);
        }
        return new DataLocation(full);
    }

    /// <summary>The names of the main folders (groups), sorted; hidden folders left out.</summary>
    public IReadOnlyList<string> MainFolders()
    {
        if (!Directory.Exists(MainFoldersPath)) return [];
        return Directory.EnumerateDirectories(MainFoldersPath)
            .Select(Path.GetFileName)
            .Where(name => name is { Length: > 0 } && name[0] != '.')
            .Order(StringComparer.Ordinal)
            .ToList()!;
    }

    /// <summary>The path of a main folder that exists.</summary>
    /// <exception cref="CliException">It does not exist; the message lists the groups there are.</exception>
    public string RequireMainFolder(string group)
    {
        if (group.Length == 0 || group.IndexOfAny(['/', '\\']) >= 0 || group is "." or "..")
            throw new CliException(ExitCode.Usage, $"'{group}' is not a group name: give the name of a folder in {MainFoldersPath} (see runs groups).");
        string path = Path.Combine(MainFoldersPath, group);
        if (Directory.Exists(path)) return path;
        var groups = MainFolders();
        string known = groups.Count == 0
            ? $"There are no groups in {MainFoldersPath}."
            : $"Groups there: {string.Join(", ", groups)}." + Suggestions.DidYouMean(group, groups);
        throw new CliException(ExitCode.GroupNotFound, $"There is no group '{group}' in {MainFoldersPath}. {known}");
    }

    /// <summary>
    /// A run folder from a path (absolute or relative to the current directory) or Group/RunFolder inside the
    /// data folder.
    /// </summary>
    /// <param name="reference">The path or Group/RunFolder.</param>
    /// <param name="dataFolder">--data, or null to find the Data folder (only needed for Group/RunFolder).</param>
    /// <exception cref="CliException">No such run.</exception>
    public static string ResolveRun(string reference, string? dataFolder)
    {
        if (Directory.Exists(reference)) return Path.TrimEndingDirectorySeparator(Path.GetFullPath(reference));
        string[] parts = reference.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || Path.IsPathRooted(reference))
            throw new CliException(ExitCode.GroupNotFound, $"There is no run folder '{Path.GetFullPath(reference)}'. Give the path of a run folder, or Group/RunFolder (such as MyName/MyName3).");
        var location = Resolve(dataFolder);
        string main = location.RequireMainFolder(parts[0]);
        string run = Path.Combine(main, parts[1]);
        if (Directory.Exists(run)) return run;
        var runs = Directory.EnumerateDirectories(main).Select(Path.GetFileName).Where(name => name is { Length: > 0 } && name[0] != '.').Order(StringComparer.Ordinal).ToList();
        string some = runs.Count == 0 ? "It has no run folders." : $"Its run folders include {string.Join(", ", runs.Take(5))}{(runs.Count > 5 ? ", …" : "")}." + Suggestions.DidYouMean(parts[1], runs!);
        throw new CliException(ExitCode.GroupNotFound, $"Group '{parts[0]}' has no run '{parts[1]}'. {some}");
    }
}
