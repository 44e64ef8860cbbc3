namespace StorageTyped.Backup;

/// <summary>What <see cref="ProjectFiles.List"/> found: the entries to back up, how, and what was left out and why.</summary>
internal sealed record ProjectListing(List<ProjectEntry> Entries, ProjectFileSource Source, List<string> Skipped)
{
    /// <summary>The relative paths of the entries, sorted.</summary>
    public List<string> Files => Entries.Select(entry => entry.RelativePath).ToList();
}
