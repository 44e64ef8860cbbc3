namespace StorageTyped.Tests.Reliability;

/// <summary>
/// No NFS here (the kernel of this machine has no NFS client), so two "hosts" are simulated by two FUSE views
/// (bindfs) of one folder: creation relies only on an exclusive mkdir that the backing file system decides, as
/// it does on NFSv3+, and FUSE does not support renameat2(RENAME_EXCHANGE), so the plain-rename path that NFS
/// takes is exercised too.
/// </summary>
public sealed class SharedFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _backing, _hostA, _hostB;

    public SharedFolderTests()
    {
        _backing = Path.Combine(_temp.Root, "backing");
        _hostA = Path.Combine(_temp.Root, "hostA");
        _hostB = Path.Combine(_temp.Root, "hostB");
        foreach (string folder in new[] { _backing, _hostA, _hostB }) Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(_backing, "Data"));
        foreach (string view in new[] { _hostA, _hostB })
        {
            var result = ExternalTool.Run("bindfs", new[] { _backing, view }, null, null, check: false);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"bindfs could not mount a FUSE view ({result.Error.Trim()}); install bindfs (scripts/test.sh does) and run as root.");
        }
    }

    public void Dispose()
    {
        foreach (string view in new[] { _hostA, _hostB }) ExternalTool.Run("umount", new[] { "-l", view }, null, null, check: false);
        _temp.Dispose();
    }

    [Theory]
    [InlineData("enumerated")]
    [InlineData("random")]
    public void Two_views_of_one_folder_never_share_a_run(string mode)
    {
        var workers = new[] { _hostA, _hostB }
            .Select((view, i) => ExternalTool.StartWorker(new[] { "create", Path.Combine(view, "Data"), "Shared", mode, "4", "250", "host" + i }))
            .ToList();
        foreach (var worker in workers)
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(5)));
            Assert.True(worker.ExitCode == 0, worker.StandardError.ReadToEnd());
        }
        string[] folders = Directory.GetDirectories(Path.Combine(_backing, "Data", "StorageManager", "Shared"));
        Assert.Equal(500, folders.Length);
        var creators = folders.Select(f => (string)StorageManager.Open(f).LoadParam("creator")!).ToHashSet();
        Assert.Equal(500, creators.Count);
        Assert.All(folders, f => Assert.Equal(9, StorageManager.Open(f).GetAllParams().Count));
    }

    [Fact]
    public void Parameters_are_replaced_atomically_without_rename_exchange()
    {
        var sm = new StorageManager("Fuse", options: new StorageOptions { DataFolder = Path.Combine(_hostA, "Data") });
        var writers = new[] { "a", "b" }.Select(p => ExternalTool.StartWorker(new[] { "save-params", sm.Path, p, "100" })).ToList();
        foreach (var worker in writers)
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(5)));
            Assert.True(worker.ExitCode == 0, worker.StandardError.ReadToEnd());
        }
        foreach (string prefix in new[] { "a", "b" })
            for (int i = 0; i < 100; i++)
                Assert.Equal(i, sm.LoadParam($"{prefix}_{i}"));
        Assert.DoesNotContain(Directory.GetFiles(sm.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
