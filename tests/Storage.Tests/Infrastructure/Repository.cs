namespace StorageTyped.Tests.Infrastructure;

/// <summary>The repository the tests run from.</summary>
public static class Repository
{
    /// <summary>The folder of StorageTyped.sln, found above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "StorageTyped.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No StorageTyped.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
