using StorageTyped.Groups;
using StorageTyped.Groups.Scan;

namespace StorageTyped;

public sealed partial class StorageManagerGroup
{
    /// <summary>
    /// The names of the run folders a group of <paramref name="tag"/> would hold, in the group's natural order,
    /// without reading any config.ini or writing the index: to count the runs of a sweep, or to list them cheaply.
    /// Empty when the main folder does not exist.
    /// </summary>
    /// <param name="tag">The run name prefix: runs are tag followed by a number and optionally _k.</param>
    /// <param name="mainFolderName">The main folder; the tag when null.</param>
    /// <param name="options">The data folder; <see cref="StorageOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The tag or main folder name is not a valid folder name.</exception>
    public static IReadOnlyList<string> ListRunFolders(string tag, string? mainFolderName = null, StorageOptions? options = null)
    {
        RunKey.ValidateFolderName(tag, nameof(tag));
        if (mainFolderName is not null) RunKey.ValidateFolderName(mainFolderName, nameof(mainFolderName));
        string mainFolder = DataFolderLocator.MainFolderPath(DataFolderLocator.Resolve(options ?? StorageOptions.Default), mainFolderName ?? tag);
        return Directory.Exists(mainFolder) ? RunScanner.ListRuns(mainFolder, tag) : [];
    }
}
