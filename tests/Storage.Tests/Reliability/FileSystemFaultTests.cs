namespace StorageTyped.Tests.Reliability;

/// <summary>
/// A full disk and a read-only file system, made real with a small tmpfs mount (the tests run as root, as
/// scripts/test.sh does in CI): every write fails with a clear IOException and the previous content stays.
/// </summary>
public sealed class FileSystemFaultTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _mount;

    public FileSystemFaultTests()
    {
        _mount = Path.Combine(_temp.Root, "small");
        Directory.CreateDirectory(_mount);
        var result = ExternalTool.Run("mount", new[] { "-t", "tmpfs", "-o", "size=1m", "tmpfs", _mount }, null, null, check: false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"These tests mount a 1 MiB tmpfs and need root (as scripts/test.sh runs in CI): {result.Error}");
        Directory.CreateDirectory(Path.Combine(_mount, "Data"));
    }

    public void Dispose()
    {
        ExternalTool.Run("umount", new[] { "-l", _mount }, null, null, check: false);
        _temp.Dispose();
    }

    private StorageManager NewRun() => new("Faults", options: new StorageOptions { DataFolder = Path.Combine(_mount, "Data") });

    [Fact]
    public void A_full_disk_is_a_clear_io_exception_and_the_previous_content_stays()
    {
        var sm = NewRun();
        sm.SaveParam("score", 0.5);
        sm.SaveObj("state", new[] { 1, 2, 3 });
        sm.SaveStr("notes", "before");
        string config = Path.Combine(sm.Path, "config.ini");
        byte[] configBefore = File.ReadAllBytes(config);

        string filler = Path.Combine(_mount, "filler");
        FillDisk(filler);

        var big = new string('x', 200_000);
        var errors = new[]
        {
            Assert.ThrowsAny<IOException>(() => sm.SaveParam("big", big)),
            Assert.ThrowsAny<IOException>(() => sm.SaveObj("state", Enumerable.Range(0, 100_000).ToArray())),
            Assert.ThrowsAny<IOException>(() => sm.SaveStr("notes", big)),
        };
        foreach (var error in errors)
        {
            Assert.Contains(sm.Path, error.Message);
            Assert.Contains("unchanged", error.Message);
        }
        Assert.Equal(configBefore, File.ReadAllBytes(config));
        Assert.Equal(new[] { 1, 2, 3 }, sm.LoadObj<int[]>("state"));
        Assert.Equal("before", sm.LoadStr("notes"));
        Assert.DoesNotContain(Directory.GetFiles(sm.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));

        File.Delete(filler);
        sm.SaveParam("big", big);
        Assert.Equal(big, sm.LoadParam<string>("big"));
    }

    [Fact]
    public void Creating_a_run_on_a_full_disk_leaves_no_empty_run_folder()
    {
        var first = NewRun();
        FillDisk(Path.Combine(_mount, "filler"));

        foreach (Func<StorageManager> create in new Func<StorageManager>[]
        {
            NewRun,
            () => new StorageManager("Faults", randomNr: true, options: new StorageOptions { DataFolder = Path.Combine(_mount, "Data") }),
            () => StorageManager.Create("Faults", new Dictionary<string, object?> { ["a"] = 1 }, options: new StorageOptions { DataFolder = Path.Combine(_mount, "Data") }),
        })
        {
            var error = Assert.ThrowsAny<IOException>(create);
            Assert.Contains("was removed again", error.Message);
        }

        Assert.Equal([first.FolderName], Directory.GetDirectories(first.MainFolderPath).Select(Path.GetFileName));
        Assert.Equal(1, new StorageManagerGroup("Faults", options: new StorageOptions { DataFolder = Path.Combine(_mount, "Data") }).Count);
        File.Delete(Path.Combine(_mount, "filler"));
        Assert.Equal("Faults2", NewRun().FolderName);
    }

    [Fact]
    public void A_read_only_file_system_is_a_clear_io_exception_and_nothing_changes()
    {
        var sm = NewRun();
        sm.SaveParam("score", 0.5);
        string config = Path.Combine(sm.Path, "config.ini");
        byte[] before = File.ReadAllBytes(config);
        ExternalTool.Run("mount", new[] { "-o", "remount,ro", _mount }, null, null);
        try
        {
            var error = Assert.ThrowsAny<IOException>(() => sm.SaveParam("score", 0.75));
            Assert.Contains(sm.Path, error.Message);
            Assert.ThrowsAny<IOException>(() => sm.SaveObj("state", 1));
            Assert.ThrowsAny<IOException>(() => new StorageManager("Faults", options: new StorageOptions { DataFolder = Path.Combine(_mount, "Data") }));
            Assert.Equal(before, File.ReadAllBytes(config));
            Assert.Equal(0.5, sm.LoadParam("score"));
        }
        finally
        {
            ExternalTool.Run("mount", new[] { "-o", "remount,rw", _mount }, null, null);
        }
    }

    private static void FillDisk(string filler)
    {
        var block = new byte[4096];
        try
        {
            using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            while (true) stream.Write(block);
        }
        catch (IOException)
        {
            // the disk is full now
        }
    }
}
