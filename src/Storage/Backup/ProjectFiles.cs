using System.Diagnostics;
using System.Text;

namespace StorageTyped.Backup;

/// <summary>
/// The source files of a project folder for a backup: what git would call the project's files, less build
/// output, IDE folders and data folders.
/// </summary>
/// <remarks>
/// In a git work tree git itself lists the files (tracked ones, and untracked ones that no .gitignore,
/// .git/info/exclude or global exclude file ignores): it knows every rule, including files tracked despite a
/// pattern. Elsewhere — or when git is not installed or refuses the folder — the folder is walked and its
/// .gitignore files applied with git's rules (<see cref="GitIgnorePattern"/>). Either way, folders named .git, bin,
/// obj, .vs and .idea are left out, and so are data folders: the run's own data folder and any folder named Data
/// that holds a StorageManager folder (a folder named Data with source code in it is kept).
/// </remarks>
internal static class ProjectFiles
{
    private static readonly HashSet<string> ExcludedFolderNames = new(StringComparer.OrdinalIgnoreCase) { ".git", "bin", "obj", ".vs", ".idea" };

    /// <summary>The files to back up, as paths relative to <paramref name="baseFolder"/> with '/' separators, sorted.</summary>
    /// <param name="baseFolder">The project folder.</param>
    /// <param name="dataFolder">The data folder of the run, always left out.</param>
    /// <param name="useGit">False to walk the folder with the .gitignore rules even in a git work tree.</param>
    public static (List<string> Files, ProjectFileSource Source) List(string baseFolder, string? dataFolder, bool useGit = true)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseFolder));
        string? data = dataFolder is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataFolder));
        var excluded = new FolderExclusion(root, data);
        List<string>? files = useGit ? TryListWithGit(root) : null;
        ProjectFileSource source = ProjectFileSource.Git;
        if (files is null)
        {
            files = [];
            Walk(root, "", [], excluded, files);
            source = ProjectFileSource.GitIgnoreFiles;
        }
        else
        {
            files = files.Where(file => !excluded.ExcludesAnyFolderOf(file) && File.Exists(Path.Combine(root, file)) && !Directory.Exists(Path.Combine(root, file))).ToList();
        }
        files.Sort(StringComparer.Ordinal);
        return (files, source);
    }

    /// <summary>True when a folder of this name is never backed up (build output, IDE state, git's own folder).</summary>
    public static bool IsExcludedFolderName(string name) => ExcludedFolderNames.Contains(name);

    /// <summary>True when <paramref name="folder"/> is a data folder: the given one, or one named Data that holds StorageManager.</summary>
    public static bool IsDataFolder(string folder, string? dataFolder) =>
        (dataFolder is not null && string.Equals(Path.TrimEndingDirectorySeparator(folder), dataFolder, StringComparison.Ordinal))
        || (Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) == "Data" && Directory.Exists(Path.Combine(folder, "StorageManager")));

    private static List<string>? TryListWithGit(string root)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string argument in new[] { "-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard" })
            info.ArgumentList.Add(argument);
        try
        {
            using Process git = Process.Start(info)!;
            Task<string> errors = git.StandardError.ReadToEndAsync();
            string output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            _ = errors.Result;
            if (git.ExitCode != 0) return null; // not a work tree, or git refuses it (e.g. another owner)
            return [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }

    private static void Walk(string root, string relativeFolder, List<(string Folder, List<GitIgnorePattern> Patterns)> rules, FolderExclusion excluded, List<string> files)
    {
        string folder = relativeFolder.Length == 0 ? root : Path.Combine(root, relativeFolder);
        string ignoreFile = Path.Combine(folder, ".gitignore");
        bool addedRules = false;
        if (File.Exists(ignoreFile))
        {
            var patterns = File.ReadAllLines(ignoreFile).Select(GitIgnorePattern.Parse).OfType<GitIgnorePattern>().ToList();
            if (patterns.Count > 0)
            {
                rules.Add((relativeFolder, patterns));
                addedRules = true;
            }
        }
        var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0 });
        foreach (FileSystemInfo entry in entries)
        {
            string relative = relativeFolder.Length == 0 ? entry.Name : relativeFolder + "/" + entry.Name;
            bool isLink = entry.LinkTarget is not null;
            bool isDirectory = entry is DirectoryInfo;
            if (isDirectory)
            {
                // A link to a folder is not followed: it may lead outside the project or into a loop.
                if (isLink || excluded.Excludes(entry.FullName) || IsIgnored(rules, relative, isDirectory: true)) continue;
                Walk(root, relative, rules, excluded, files);
            }
            else if (entry.Name != ".git" && !IsIgnored(rules, relative, isDirectory: false) && (!isLink || File.Exists(entry.FullName)))
            {
                files.Add(relative);
            }
        }
        if (addedRules) rules.RemoveAt(rules.Count - 1);
    }

    /// <summary>git's rule: the last matching pattern decides, deeper .gitignore files after shallower ones.</summary>
    private static bool IsIgnored(List<(string Folder, List<GitIgnorePattern> Patterns)> rules, string relativePath, bool isDirectory)
    {
        bool ignored = false;
        foreach ((string folder, List<GitIgnorePattern> patterns) in rules)
        {
            string local = folder.Length == 0 ? relativePath : relativePath[(folder.Length + 1)..];
            foreach (GitIgnorePattern pattern in patterns)
            {
                if (pattern.IsMatch(local, isDirectory)) ignored = !pattern.Negated;
            }
        }
        return ignored;
    }

    /// <summary>The folders never backed up, with a cache of the data-folder checks.</summary>
    private sealed class FolderExclusion(string root, string? dataFolder)
    {
        private readonly Dictionary<string, bool> _known = new(StringComparer.Ordinal);

        public bool Excludes(string fullPath)
        {
            if (_known.TryGetValue(fullPath, out bool known)) return known;
            bool excluded = IsExcludedFolderName(Path.GetFileName(fullPath)) || IsDataFolder(fullPath, dataFolder);
            _known[fullPath] = excluded;
            return excluded;
        }

        public bool ExcludesAnyFolderOf(string relativeFile)
        {
            string[] parts = relativeFile.Split('/');
            string folder = root;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                folder = Path.Combine(folder, parts[i]);
                if (Excludes(folder)) return true;
            }
            return false;
        }
    }
}
