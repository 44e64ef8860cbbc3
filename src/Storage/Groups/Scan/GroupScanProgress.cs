namespace StorageTyped;

/// <summary>Progress of reading config.ini files while a group is scanned (reported to an <see cref="IProgress{T}"/>).</summary>
/// <param name="RunsRead">Runs read so far.</param>
/// <param name="RunsToRead">Runs that had to be read: all of them on the first scan, only new and changed ones once the index exists.</param>
public readonly record struct GroupScanProgress(int RunsRead, int RunsToRead);
