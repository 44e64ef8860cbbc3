using System.Runtime.CompilerServices;

namespace StorageTyped.Generators.Tests.Infrastructure;

/// <summary>
/// Generated source compared with a reviewed file under Expected/. Set STORAGETYPED_UPDATE_EXPECTED=1 to rewrite the
/// files from the current output (then review the diff with git before committing).
/// </summary>
public static class ExpectedSource
{
    public const string UpdateVariable = "STORAGETYPED_UPDATE_EXPECTED";

    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        string folder = Path.Combine(ProjectFolder(callerFile), "Expected");
        string path = Path.Combine(folder, name + ".g.cs");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"{path} does not exist. Run the tests once with {UpdateVariable}=1 to write it, review it, and commit it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.True(expected == actual, $"The generated source differs from {path}. If the change is intended, rerun with {UpdateVariable}=1 and review the diff.\n--- actual ---\n{actual}");
    }

    private static string ProjectFolder(string callerFile)
    {
        for (string? folder = Path.GetDirectoryName(callerFile); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "Storage.Generators.Tests.csproj"))) return folder;
        }
        throw new InvalidOperationException($"No Storage.Generators.Tests.csproj above {callerFile}.");
    }
}
