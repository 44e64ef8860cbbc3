namespace StorageTyped.Backup;

/// <summary>
/// One entry of a backup: a regular file, or a symbolic link kept as a link (its target text, never followed), with
/// its path relative to the folder backed up ('/' separators).
/// </summary>
internal readonly record struct ProjectEntry(string RelativePath, string? LinkTarget)
{
    /// <summary>True for a symbolic link.</summary>
    public bool IsLink => LinkTarget is not null;
}
