using System.Text.Json;

namespace StorageTyped.Tests.Backup;

/// <summary>
/// Links and special files in what is backed up: links are kept as links (as zip -y stores them; never followed, so
/// nothing outside the project is read and no loop is entered), pipes and devices are left out with a warning —
/// for backup.zip with git and without, and for Backup(folder), also when the folder is reached through a link.
/// </summary>
public sealed class BackupLinkTests : IDisposable
{
    private const string Secret = "SECRET-OUTSIDE-THE-PROJECT";

    private readonly TempFolder _temp = new();
    private readonly TempFolder _outside = new();
    private readonly LogCollector _log = new();

    public BackupLinkTests()
    {
        File.WriteAllText(Path.Combine(_outside.Root, "secret.txt"), Secret);
        Write("Program.cs", "Console.WriteLine(1);");
        Write("sub/code.cs", "class C {}");
        Link("passwd", Path.Combine(_outside.Root, "secret.txt"));   // a link to a file outside the project
        Link("outside", _outside.Root);                               // a link to a folder outside the project
        Link("loop", ".");                                            // loops
        Link("sub/up", "..");
        Link("inside", "Program.cs");                                 // a link inside the project
        Link("zero", "/dev/zero");                                    // an endless device
        Link("dangling", "no/such/file");
        ExternalTool.Run("mkfifo", [Path.Combine(_temp.Root, "pipe")], null, null);
        ExternalTool.Run("mkfifo", [Path.Combine(_temp.Root, "sub", "pipe2")], null, null);
    }

    public void Dispose()
    {
        _temp.Dispose();
        _outside.Dispose();
    }

    /// <summary>The links of the project and their targets, as the backup must keep them.</summary>
    private Dictionary<string, string> ExpectedLinks() => new()
    {
        ["passwd"] = Path.Combine(_outside.Root, "secret.txt"),
        ["outside"] = _outside.Root,
        ["loop"] = ".",
        ["sub/up"] = "..",
        ["inside"] = "Program.cs",
        ["zero"] = "/dev/zero",
        ["dangling"] = "no/such/file",
    };

    private void Write(string relative, string content)
    {
        string path = Path.Combine(_temp.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private void Link(string relative, string target)
    {
        string path = Path.Combine(_temp.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    private const string ReadZipWithPython = """
import json, stat, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    out = {}
    for i in z.infolist():
        mode = i.external_attr >> 16
        out[i.filename] = {'link': stat.S_ISLNK(mode), 'content': z.read(i.filename).decode('utf-8', 'replace')}
    print(json.dumps(out))
""";

    private sealed record ZipItem(bool Link, string Content);

    private static Dictionary<string, ZipItem> ReadZip(string zip) =>
        JsonSerializer.Deserialize<Dictionary<string, ZipItem>>(ExternalTool.RunPython(ReadZipWithPython, zip), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backup_zip_keeps_links_as_links_reads_nothing_outside_and_leaves_out_pipes(bool git)
    {
        if (git)
        {
            // git never lists pipes it does not track; one that replaced a tracked file is listed, and left out.
            Write("tracked.txt", "x");
            ExternalTool.Run("git", ["-C", _temp.Root, "init", "-q"], null, null);
            ExternalTool.Run("git", ["-C", _temp.Root, "add", "tracked.txt"], null, null);
            File.Delete(Path.Combine(_temp.Root, "tracked.txt"));
            ExternalTool.Run("mkfifo", [Path.Combine(_temp.Root, "tracked.txt")], null, null);
        }
        var sm = new StorageManager("Backup", options: _temp.Options with { Logger = _log });

        string zip = HangGuard.Run(() => sm.CopyProjectFiles(), "CopyProjectFiles");

        Dictionary<string, ZipItem> entries = ReadZip(zip);
        var links = ExpectedLinks();
        Assert.Equal(links.Keys.Append("Program.cs").Append("sub/code.cs").Order(StringComparer.Ordinal), entries.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, target) in links)
        {
            Assert.True(entries[name].Link, $"{name} is not stored as a link");
            Assert.Equal(target, entries[name].Content);
        }
        Assert.False(entries["Program.cs"].Link);
        Assert.Equal("Console.WriteLine(1);", entries["Program.cs"].Content);
        Assert.DoesNotContain(entries.Values, item => item.Content.Contains(Secret, StringComparison.Ordinal));
        if (git)
        {
            Assert.Contains(_log.Warnings, w => w.Contains("tracked.txt: a named pipe", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(_log.Warnings, w => w.Contains("pipe: a named pipe", StringComparison.Ordinal));
            Assert.Contains(_log.Warnings, w => w.Contains("sub/pipe2: a named pipe", StringComparison.Ordinal));
        }

        // unzip restores them as links, as zip -y's archives.
        string extracted = Path.Combine(_outside.Root, "extracted");
        ExternalTool.Run("unzip", ["-q", zip, "-d", extracted], null, null);
        Assert.Equal(Path.Combine(_outside.Root, "secret.txt"), new FileInfo(Path.Combine(extracted, "passwd")).LinkTarget);
        Assert.Equal(".", new FileInfo(Path.Combine(extracted, "loop")).LinkTarget);
    }

    [Fact]
    public void Backup_of_a_folder_copies_links_as_links_and_leaves_out_pipes()
    {
        var sm = new StorageManager("Backup", options: _temp.Options with { Logger = _log });

        string copy = HangGuard.Run(() => sm.Backup(_temp.Root), "Backup(folder)");

        foreach (var (name, target) in ExpectedLinks())
            Assert.Equal(target, new FileInfo(Path.Combine(copy, name)).LinkTarget);
        Assert.Equal("Console.WriteLine(1);", File.ReadAllText(Path.Combine(copy, "Program.cs")));
        Assert.Equal("class C {}", File.ReadAllText(Path.Combine(copy, "sub", "code.cs")));
        Assert.False(Path.Exists(Path.Combine(copy, "pipe")));
        Assert.False(Path.Exists(Path.Combine(copy, "Data")));
        // find -P lists without following links (.NET's recursive enumeration follows them, into the loops).
        var everything = ExternalTool.Run("find", ["-P", sm.Path], null, null).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(everything.Length < 30, string.Join("\n", everything)); // no loop was entered, nothing outside was copied
        Assert.Contains(_log.Warnings, w => w.Contains("pipe: a named pipe", StringComparison.Ordinal));
    }

    [Fact]
    public void Backup_through_a_linked_path_never_copies_the_run_into_itself()
    {
        var other = new StorageManager("Backup", options: _temp.Options);
        other.SaveStr("note", "another run");
        var sm = new StorageManager("Backup", options: _temp.Options with { Logger = _log });
        string toMain = Path.Combine(_outside.Root, "main-link");
        string toRun = Path.Combine(_outside.Root, "run-link");
        string toData = Path.Combine(_outside.Root, "data-link");
        File.CreateSymbolicLink(toMain, sm.MainFolderPath);
        File.CreateSymbolicLink(toRun, sm.Path);
        File.CreateSymbolicLink(toData, _temp.DataFolder);

        string main = HangGuard.Run(() => sm.Backup(toMain), "Backup(link to the main folder)");
        HangGuard.Throws<ArgumentException>(() => sm.Backup(toRun), "Backup(link to the run)");
        HangGuard.Throws<ArgumentException>(() => sm.Backup(Path.Combine(toRun, "backup")), "Backup(a folder of the run through a link)");

        Assert.Equal(["Backup1"], Directory.GetDirectories(main).Select(Path.GetFileName));
        Assert.Equal("another run", File.ReadAllText(Path.Combine(main, "Backup1", "note.txt")));
        string data = HangGuard.Run(() => sm.Backup(toData), "Backup(link to the data folder)");
        Assert.False(Path.Exists(Path.Combine(data, "StorageManager", "Backup", sm.FolderName)));
    }

    [Fact]
    public void A_named_pipe_or_device_asked_for_by_name_is_refused()
    {
        var sm = new StorageManager("Backup", options: _temp.Options);
        string pipe = Path.Combine(_temp.Root, "pipe");
        Assert.Contains(pipe, HangGuard.Throws<InvalidDataException>(() => sm.Backup(pipe), "Backup(pipe)").Message);
        HangGuard.Throws<InvalidDataException>(() => sm.Backup("/dev/zero"), "Backup(/dev/zero)");
        Assert.False(Path.Exists(Path.Combine(sm.Path, "backup", "pipe")));
    }
}
