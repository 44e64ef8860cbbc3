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
/// Symbolic links are entries of their own, kept as links and never followed (a link to /etc/passwd is the text
/// "/etc/passwd", a link to a folder is not entered, a loop is one entry); pipes, devices and sockets are left out
/// and reported in <see cref="ProjectListing.Skipped"/>.
/// </remarks>
internal static class ProjectFiles
{
    private static readonly HashSet<string> ExcludedFolderNames = new(StringComparer.OrdinalIgnoreCase) { ".git", "bin", "obj", ".vs", ".idea" };

    /// <summary>The entries to back up, with paths relative to <paramref name="baseFolder"/> ('/' separators), sorted.</summary>
    /// <param name="baseFolder">The project folder (a link to it is resolved: it is what was asked for).</param>
    /// <param name="dataFolder">The data folder of the run, always left out.</param>
    /// <param name="useGit">False to walk the folder with the .gitignore rules even in a git work tree.</param>
    public static ProjectListing List(string baseFolder, string? dataFolder, bool useGit = true)
    {
        string root = RegularFile.RealPath(baseFolder);
        string? data = dataFolder is null ? null : RegularFile.RealPath(dataFolder);
        var excluded = new FolderExclusion(root, data);
        var skipped = new List<string>();
        List<string>? listed = useGit ? TryListWithGit(root) : null;
        ProjectFileSource source = ProjectFileSource.Git;
        List<ProjectEntry> entries;
        if (listed is null)
        {
            entries = Walk(root, excluded, skipped);
            source = ProjectFileSource.GitIgnoreFiles;
        }
        else
        {
            entries = [];
            foreach (string relative in listed)
                if (!excluded.ExcludesAnyFolderOf(relative) && Classify(root, relative, skipped) is { } entry) entries.Add(entry);
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new ProjectListing(entries, source, skipped);
    }

    /// <summary>True when a folder of this name is never backed up (build output, IDE state, git's own folder).</summary>
    public static bool IsExcludedFolderName(string name) => ExcludedFolderNames.Contains(name);

    /// <summary>True when <paramref name="folder"/> is a data folder: the given one, or one named Data that holds StorageManager.</summary>
    public static bool IsDataFolder(string folder, string? dataFolder) =>
        (dataFolder is not null && string.Equals(Path.TrimEndingDirectorySeparator(folder), dataFolder, StringComparison.Ordinal))
        || (Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) == "Data" && RegularFile.KindOf(Path.Combine(folder, "StorageManager")) == FileKind.Directory);

    /// <summary>
    /// The entry git listed, as it is on disk now: a regular file, a link (kept as a link), or nothing (gone, a
    /// folder such as a submodule, reached through a linked folder, or a special file — the last two reported).
    /// </summary>
    private static ProjectEntry? Classify(string root, string relative, List<string> skipped)
    {
        string path = Path.Combine(root, relative);
        for (int slash = relative.IndexOf('/'); slash > 0; slash = relative.IndexOf('/', slash + 1))
        {
            FileKind folder = RegularFile.KindOf(Path.Combine(root, relative[..slash]));
            if (folder == FileKind.Directory) continue;
            if (folder == FileKind.SymbolicLink) skipped.Add($"{relative}: reached through the linked folder {relative[..slash]}, which is not followed");
            return null;
        }
        switch (RegularFile.KindOf(path))
        {
            case FileKind.Regular: return new ProjectEntry(relative, null);
            case FileKind.SymbolicLink: return LinkEntry(path, relative);
            case FileKind.Missing or FileKind.Directory: return null;
            case var kind:
                skipped.Add($"{relative}: {RegularFile.Describe(kind)}");
                return null;
        }
    }

    private static ProjectEntry? LinkEntry(string path, string relative) =>
        new FileInfo(path).LinkTarget is { } target ? new ProjectEntry(relative, target) : null;

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

    /// <summary>
    /// Walks the project without following links, applying its .gitignore files with git's rules. Iterative: a deep
    /// tree of folders costs memory, not stack.
    /// </summary>
    private static List<ProjectEntry> Walk(string root, FolderExclusion excluded, List<string> skipped)
    {
        var entries = new List<ProjectEntry>();
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0 };
        var pending = new Stack<(string Relative, IReadOnlyList<(string Folder, List<GitIgnorePattern> Patterns)> Rules)>();
        pending.Push(("", []));
        while (pending.TryPop(out var current))
        {
            string folder = current.Relative.Length == 0 ? root : Path.Combine(root, current.Relative);
            var rules = current.Rules;
            if (ReadIgnoreFile(Path.Combine(folder, ".gitignore"), current.Relative, skipped) is { Count: > 0 } patterns)
                rules = [.. rules, (current.Relative, patterns)];
            foreach (FileSystemInfo entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options))
            {
                string relative = current.Relative.Length == 0 ? entry.Name : current.Relative + "/" + entry.Name;
                FileKind kind = RegularFile.KindOf(entry.FullName);
                if (kind == FileKind.Directory)
                {
                    if (excluded.Excludes(entry.FullName) || IsIgnored(rules, relative, isDirectory: true)) continue;
                    pending.Push((relative, rules));
                    continue;
                }
                if (entry.Name == ".git" || IsIgnored(rules, relative, isDirectory: false)) continue;
                switch (kind)
                {
                    case FileKind.Regular: entries.Add(new ProjectEntry(relative, null)); break;
                    case FileKind.SymbolicLink: if (LinkEntry(entry.FullName, relative) is { } link) entries.Add(link); break;
                    case FileKind.Missing: break; // removed while listed
                    default: skipped.Add($"{relative}: {RegularFile.Describe(kind)}"); break;
                }
            }
        }
        return entries;
    }

    /// <summary>The patterns of a .gitignore file; a .gitignore that is not a regular file is reported and ignored.</summary>
    private static List<GitIgnorePattern>? ReadIgnoreFile(string path, string relativeFolder, List<string> skipped)
    {
        try
        {
            string text = Encoding.UTF8.GetString(RegularFile.ReadAllBytes(path, followLinks: false));
            return text.Split('\n').Select(line => GitIgnorePattern.Parse(line.TrimEnd('\r'))).OfType<GitIgnorePattern>().ToList();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            skipped.Add($"{(relativeFolder.Length == 0 ? "" : relativeFolder + "/")}.gitignore: {RegularFile.Describe(RegularFile.KindOf(path))}, so its rules were not applied");
            return null;
        }
    }

    /// <summary>git's rule: the last matching pattern decides, deeper .gitignore files after shallower ones.</summary>
    private static bool IsIgnored(IReadOnlyList<(string Folder, List<GitIgnorePattern> Patterns)> rules, string relativePath, bool isDirectory)
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
