using System.Text.RegularExpressions;

namespace StorageTyped.Tests;

/// <summary>
/// ARCHITECTURE.md stays true: every folder it names exists, and every folder of the sources (three levels under
/// src/, so the wings of Groups too) is named in it.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = Repository.Root;

    [Fact]
    public void Every_folder_the_page_names_exists()
    {
        var missing = NamedPaths().Where(path => !Directory.Exists(Path.Combine(Root, path)) && !File.Exists(Path.Combine(Root, path))).ToList();
        Assert.True(missing.Count == 0,
            $"ARCHITECTURE.md names {string.Join(", ", missing)}, which no longer exist{(missing.Count == 1 ? "s" : "")}. Change the page to the folders as they are now.");
    }

    [Fact]
    public void Every_source_folder_is_named_on_the_page()
    {
        var named = NamedPaths().ToHashSet(StringComparer.Ordinal);
        var unnamed = SourceFolders().Where(folder => !named.Contains(folder)).ToList();
        Assert.NotEmpty(named);
        Assert.True(unnamed.Count == 0,
            $"ARCHITECTURE.md does not name {string.Join(", ", unnamed)}. Add a row for each to the folder table (`src/...` in backticks: what it holds, what it uses), and place it in the layer diagram.");
    }

    /// <summary>The repository paths the page names in backticks (`src/Storage/Groups/Query`).</summary>
    private static IEnumerable<string> NamedPaths()
    {
        string text = File.ReadAllText(Path.Combine(Root, "ARCHITECTURE.md"));
        return BacktickedPath().Matches(text).Select(match => match.Groups[1].Value.TrimEnd('/')).Distinct();
    }

    /// <summary>The folders under src/ down to three levels (src/Storage/Groups/Query), without build output.</summary>
    private static IEnumerable<string> SourceFolders()
    {
        string src = Path.Combine(Root, "src");
        return Directory.EnumerateDirectories(src, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 })
            .Select(folder => Path.GetRelativePath(Root, folder).Replace('\\', '/'))
            .Where(folder => !folder.Split('/').Any(part => part is "bin" or "obj" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"`(src/[A-Za-z0-9_./{}-]+)`")]
    private static partial Regex BacktickedPath();
}
