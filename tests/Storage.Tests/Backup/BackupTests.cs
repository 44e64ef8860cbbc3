using System.Text.Json;
using StorageTyped.Backup;
using StorageTyped.Tests.Media;

namespace StorageTyped.Tests.Backup;

public sealed class BackupTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string ListZipWithPython = """
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps({i.filename: z.read(i.filename).decode('utf-8', 'replace') for i in z.infolist()}))
""";

    /// <summary>A small project around the TempFolder's Data folder, with everything a backup must leave out.</summary>
    private void WriteProject()
    {
        var files = new Dictionary<string, string>
        {
            ["Program.cs"] = "Console.WriteLine(1);",
            [".gitignore"] = "*.log\nsecret/\n",
            [".editorconfig"] = "root = true",
            ["notes.md"] = "notes",
            ["app.log"] = "log line",
            ["secret/key.txt"] = "hidden",
            ["src/Lib.cs"] = "class Lib {}",
            ["src/Data/Model.cs"] = "class Model {}", // a source folder named Data, no StorageManager inside
            ["src/.gitignore"] = "*.gen.cs\n!keep.gen.cs\n",
            ["src/a.gen.cs"] = "generated",
            ["src/keep.gen.cs"] = "kept",
            ["src/bin/Debug/Lib.dll"] = "binary",
            ["src/obj/project.assets.json"] = "{}",
            ["bin/Release/App.dll"] = "binary",
            ["obj/x.cache"] = "cache",
            [".vs/state.suo"] = "ide",
            [".idea/workspace.xml"] = "ide",
            ["tools/Data/StorageManager/Other/Other1/config.ini"] = "[Parameters]", // another project's data folder
            ["deep/a/b/c.txt"] = "deep",
            ["with space.txt"] = "space",
            ["ünïcode.txt"] = "unicode",
        };
        foreach (var (relative, content) in files)
        {
            string path = Path.Combine(_temp.Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
    }

    private static readonly string[] ExpectedWithoutGit =
    [
        ".editorconfig", ".gitignore", "Program.cs", "deep/a/b/c.txt", "notes.md", "src/.gitignore", "src/Data/Model.cs",
        "src/Lib.cs", "src/keep.gen.cs", "with space.txt", "ünïcode.txt",
    ];

    private static Dictionary<string, string> ZipEntriesByPython(string zip) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(ExternalTool.RunPython(ListZipWithPython, zip))!;

    private static List<string> ZipEntriesByUnzip(string zip)
    {
        // unzip -Z1 prints one entry name per line.
        ProcessResult listing = ExternalTool.Run(UnzipPath(), ["-Z1", zip], null, null);
        var names = listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        ExternalTool.Run(UnzipPath(), ["-tq", zip], null, null); // unzip's own integrity test
        return names;
    }

    private static string UnzipPath() =>
        File.Exists("/usr/bin/unzip") ? "/usr/bin/unzip" : throw new InvalidOperationException("unzip is missing. Install it (apt-get install -y unzip), or run scripts/test.sh, which does.");

    [Fact]
    public void Project_backup_holds_exactly_the_source_files_outside_git()
    {
        WriteProject();
        var sm = new StorageManager("Backup", options: _temp.Options);

        string zip = sm.CopyProjectFiles();

        Assert.Equal(Path.Combine(sm.Path, "backup.zip"), zip);
        Assert.Equal(ProjectFileSource.GitIgnoreFiles, ProjectFiles.List(_temp.Root, _temp.DataFolder).Source);
        Dictionary<string, string> entries = ZipEntriesByPython(zip);
        Assert.Equal(ExpectedWithoutGit, entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedWithoutGit, ZipEntriesByUnzip(zip));
        Assert.Equal("class Model {}", entries["src/Data/Model.cs"]);
        Assert.Equal("unicode", entries["ünïcode.txt"]);
        Assert.Equal(["backup.zip", "config.ini"], MediaTools.FileNames(sm.Path)); // no temporary file left
    }

    [Fact]
    public void In_a_git_work_tree_git_decides_and_tracked_files_count_even_when_a_pattern_matches()
    {
        WriteProject();
        Git("init", "-q");
        Git("add", "-f", "app.log", "bin/Release/App.dll"); // tracked despite *.log; bin is left out all the same
        File.WriteAllText(Path.Combine(_temp.Root, "untracked.cs"), "new");
        File.WriteAllText(Path.Combine(_temp.Root, "other.log"), "ignored and untracked");
        var sm = new StorageManager("Backup", options: _temp.Options);

        string zip = sm.CopyProjectFiles();

        Assert.Equal(ProjectFileSource.Git, ProjectFiles.List(_temp.Root, _temp.DataFolder).Source);
        string[] expected = [.. ExpectedWithoutGit.Append("app.log").Append("untracked.cs").Order(StringComparer.Ordinal)];
        Assert.Equal(expected, ZipEntriesByPython(zip).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(expected, ZipEntriesByUnzip(zip));

        // A subfolder of the work tree as the base: paths are relative to it.
        string subZip = sm.CopyProjectFiles(Path.Combine(_temp.Root, "src"));
        Assert.Equal([".gitignore", "Data/Model.cs", "Lib.cs", "keep.gen.cs"], ZipEntriesByPython(subZip).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_git_on_path_a_work_tree_is_backed_up_with_the_gitignore_rules()
    {
        WriteProject();
        Git("init", "-q");
        var sm = new StorageManager("Backup", options: _temp.Options);
        string worker = Path.Combine(AppContext.BaseDirectory, "Storage.TestWorker.dll");
        string emptyBin = Path.Combine(_temp.Root, "..", Path.GetFileName(_temp.Root) + "-nobin");
        Directory.CreateDirectory(emptyBin);
        try
        {
            ProcessResult result = ExternalTool.Run("dotnet", [worker, "copy-project", sm.Path], null, new Dictionary<string, string?> { ["PATH"] = emptyBin });
            Assert.Equal(Path.Combine(sm.Path, "backup.zip"), result.Output.Trim());
        }
        finally
        {
            Directory.Delete(emptyBin);
        }
        Assert.Equal(ExpectedWithoutGit, ZipEntriesByPython(Path.Combine(sm.Path, "backup.zip")).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_gitignore_rules_give_what_git_gives()
    {
        // A tree of awkward patterns; git itself (ls-files --others --exclude-standard) is the reference.
        string root = Path.Combine(_temp.Root, "tree");
        var ignoreFiles = new Dictionary<string, string>
        {
            [".gitignore"] = string.Join('\n',
                "# a comment", "*.log", "!keep.log", "/rootonly.txt", "build/", "doc/*.txt", "**/deep/*.tmp", "a/**/z.md", "temp?",
                "[abc]x.dat", "[!m-z]y.dat", "\\#hash.txt", "\\!bang.txt", "trailing.txt   ", "escaped\\ ", "gone_dir", "!gone_dir/back.txt",
                "*.bak", "!important.bak", "everything/**", "!everything/kept.md", "mid/**/end", "x*y*z", "[[:digit:]]num.txt", "**/dirs_only/",
                "unclosed[", "/anchored/dir/"),
            ["sub/.gitignore"] = "*.txt\n!readme.txt\n/local.cfg\n!*.log\n",
            ["sub/inner/.gitignore"] = "!notes.txt\nlocal.cfg\n",
            ["white/.gitignore"] = "*\n!*/\n!*.c\n!.gitignore\n",          // the whitelist idiom
            ["more/.gitignore"] = "lit\\*.txt\n[a-c]range.md\n[]]b.md\ndoc/frotz\nfoo/**/\n**/foo/bar\n",
        };
        string[] files =
        [
            "a.log", "keep.log", "sub/b.log", "rootonly.txt", "sub/rootonly.txt", "build/out.o", "sub/build/out.o", "build.txt",
            "doc/a.txt", "doc/sub/b.txt", "sub/doc/c.txt", "x/deep/a.tmp", "deep/b.tmp", "deep/c.tmpx", "a/z.md", "a/b/c/z.md", "b/a/z.md",
            "temp1", "temp12", "tempA/file.c", "ax.dat", "dx.dat", "by.dat", "ny.dat", "#hash.txt", "!bang.txt", "trailing.txt",
            "escaped ", "gone_dir/back.txt", "gone_dir/other.c", "x.bak", "important.bak", "everything/a.c", "everything/kept.md",
            "mid/end", "mid/a/b/end", "mid/endx", "x1y2z", "xz", "xyz/inner.c", "7num.txt", "anum.txt", "p/dirs_only/f.c", "dirs_only",
            "unclosed[", "anchored/dir/f.c", "sub/anchored/dir/f.c", "sub/readme.txt", "sub/other.txt", "sub/local.cfg", "sub/inner/local.cfg",
            "sub/inner/notes.txt", "sub/inner/x.txt", "sub/inner/c.log", "plain.c", "Sub/Case.LOG", ".hidden", ".hiddendir/f.c",
            "white/a.c", "white/a.h", "white/d/e.c", "white/d/e.o", "more/lit*.txt", "more/litx.txt", "more/brange.md", "more/drange.md",
            "more/]b.md", "more/doc/frotz", "more/x/doc/frotz", "more/foo/a/b.c", "more/foo/c.c", "more/x/foo/bar", "more/foo/bar",
        ];
        foreach (var (relative, content) in ignoreFiles) WriteFile(root, relative, content);
        foreach (string relative in files) WriteFile(root, relative, "x");

        List<string> ours = ProjectFiles.List(root, dataFolder: null, useGit: false).Files;
        ExternalTool.Run("git", ["init", "-q", root], null, null);
        List<string> gits = ExternalTool.Run("git", ["-C", root, "-c", "core.quotePath=false", "ls-files", "--others", "--exclude-standard", "-z"], null, null)
            .Output.TrimEnd('\n', '\r').Split('\0', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

        Assert.True(gits.SequenceEqual(ours),
            $"only git lists: [{string.Join(", ", gits.Except(ours))}]; only ours lists: [{string.Join(", ", ours.Except(gits))}]");
        Assert.Contains("keep.log", ours); // the reference is not trivially empty or full
        Assert.DoesNotContain("a.log", ours);
    }

    [Fact]
    public void Backup_copies_a_file_or_a_folder_into_the_run_and_the_source_file_of_the_caller()
    {
        WriteProject();
        var sm = new StorageManager("Backup", options: _temp.Options);

        string file = sm.Backup(Path.Combine(_temp.Root, "notes.md"));
        string folder = sm.Backup(Path.Combine(_temp.Root, "src"));
        string self = sm.BackupSource();
        File.WriteAllText(Path.Combine(_temp.Root, "notes.md"), "changed");
        sm.Backup(Path.Combine(_temp.Root, "notes.md"));

        Assert.Equal(Path.Combine(sm.Path, "backup", "notes.md"), file);
        Assert.Equal("changed", File.ReadAllText(file));
        Assert.Equal(Path.Combine(sm.Path, "backup", "src"), folder);
        var copied = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(path => Path.GetRelativePath(folder, path).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal([".gitignore", "Data/Model.cs", "Lib.cs", "a.gen.cs", "keep.gen.cs"], copied); // bin and obj left out
        Assert.Equal(Path.Combine(sm.Path, "backup", "BackupTests.cs"), self);
        Assert.Equal(File.ReadAllBytes(ThisFile()), File.ReadAllBytes(self));
        Assert.Empty(Directory.GetFiles(sm.Path, ".*.tmp", SearchOption.AllDirectories));

        Assert.Throws<FileNotFoundException>(() => sm.Backup(Path.Combine(_temp.Root, "missing.txt")));
        Assert.Throws<FileNotFoundException>(() => sm.BackupSource("/nowhere/Program.cs"));
        Assert.Throws<ArgumentException>(() => sm.Backup(sm.Path));
        // The project root holds the run: its data folder is left out, so the copy does not copy itself.
        string project = sm.Backup(_temp.Root);
        Assert.False(Directory.Exists(Path.Combine(project, "Data")));
        Assert.True(File.Exists(Path.Combine(project, "Program.cs")));
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private void Git(params string[] arguments) => ExternalTool.Run("git", ["-C", _temp.Root, .. arguments], null, null);

    private static void WriteFile(string root, string relative, string content)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
