namespace StorageTyped.Backup;

/// <summary>How <see cref="ProjectFiles"/> found the files.</summary>
internal enum ProjectFileSource
{
    /// <summary><c>git ls-files --cached --others --exclude-standard</c>: the folder is in a git work tree.</summary>
    Git,

    /// <summary>A walk of the folder that applies its .gitignore files.</summary>
    GitIgnoreFiles,
}
