namespace StorageTyped.Runs;

/// <summary>
/// Where the library keeps its own files for a main folder (the group index, sweep claims): outside every main
/// folder, because PymoNNto's StorageManagerGroup takes any folder of a main folder whose name contains the tag as a
/// run. For &lt;Data&gt;/StorageManager/&lt;Main&gt; it is &lt;Data&gt;/.storagetyped/StorageManager/&lt;Main&gt;,
/// a hidden folder of the Data folder that no PymoNNto listing reaches.
/// </summary>
internal static class LibraryFolder
{
    /// <summary>The hidden folder's name, in the Data folder.</summary>
    public const string Name = ".storagetyped";

    /// <summary>
    /// The library's folder for <paramref name="mainFolder"/> (not created here). A main folder without two parents
    /// (a root-level layout) keeps its library folder beside it: &lt;parent&gt;/.storagetyped/&lt;Main&gt;.
    /// </summary>
    public static string For(string mainFolder)
    {
        string main = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mainFolder));
        string? parent = Path.GetDirectoryName(main);
        if (parent is null) throw new ArgumentException($"'{mainFolder}' is a root folder, not a main folder of runs.", nameof(mainFolder));
        string? dataFolder = Path.GetDirectoryName(parent);
        return dataFolder is null
            ? Path.Combine(parent, Name, Path.GetFileName(main))
            : Path.Combine(dataFolder, Name, Path.GetFileName(parent), Path.GetFileName(main));
    }
}
