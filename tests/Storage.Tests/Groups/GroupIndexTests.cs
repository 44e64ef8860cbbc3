using StorageTyped.Groups;
using static StorageTyped.Tests.Groups.GroupTestRuns;
using StorageTyped.Groups.Index;

namespace StorageTyped.Tests.Groups;

/// <summary>The group index: reuse, change detection, damage, and processes refreshing at once.</summary>
public sealed class GroupIndexTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly TimeSpan PastRacyWindow = TimeSpan.FromTicks(ConfigStat.RacyWindowNs / 100) + TimeSpan.FromMilliseconds(300);

    private List<StorageManager> CreateRuns(string main, int count) =>
        Enumerable.Range(1, count).Select(i => Create(_temp, main, i, P(("score", i * 0.5), ("label", "run" + i.ToString("D3")), ("seed", i)))).ToList();

    private (StorageManagerGroup Group, GroupScanProgress Last) Load(string main, IndexCheck check = IndexCheck.EveryRun)
    {
        GroupScanProgress last = default;
        var group = new StorageManagerGroup(main, options: _temp.Options, progress: new SynchronousProgress(p => last = p), check: check);
        return (group, last);
    }

    /// <summary>Rewrites config.ini in place as PymoNNto's Python writer does (same inode), keeping its size.</summary>
    private static void RewriteInPlaceWithPython(string configPath, string from, string to, bool restoreModificationTime)
    {
        const string script =
            "import sys, os\npath, old, new, restore = sys.argv[1:5]\nst = os.stat(path)\ntext = open(path).read()\n" +
            "assert len(old) == len(new) and old in text\nwith open(path, 'r+') as f:\n    f.write(text.replace(old, new))\n" +
            "if restore == '1':\n    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))\nassert os.stat(path).st_size == st.st_size\n";
        ExternalTool.RunPython(script, configPath, from, to, restoreModificationTime ? "1" : "0");
    }

    [Fact]
    public void A_second_load_reads_only_what_changed_even_in_place_with_the_same_size_and_time()
    {
        var runs = CreateRuns("Reuse", 40);
        Thread.Sleep(PastRacyWindow);

        var (first, firstProgress) = Load("Reuse");
        Assert.Equal(new GroupScanProgress(40, 40), firstProgress);
        string index = StorageManagerGroup.IndexPathFor(_temp.MainFolder("Reuse"), "Reuse");
        Assert.True(File.Exists(index));

        var (second, secondProgress) = Load("Reuse");
        Assert.Equal(new GroupScanProgress(0, 0), secondProgress);
        Assert.Equal(first.GetMultiParamList(["score", "label", "seed", "time"]), second.GetMultiParamList(["score", "label", "seed", "time"]));

        // Same inode, same size, modification time put back: only the change time tells.
        RewriteInPlaceWithPython(Path.Combine(runs[6].Path, "config.ini"), "run007", "run999", restoreModificationTime: true);
        // An atomic rewrite: a new inode.
        runs[20].SaveParam("score", -1.0);
        // A removed run and an added one.
        Directory.Delete(runs[30].Path, recursive: true);
        Create(_temp, "Reuse", 41, P(("score", 99.0)));

        var (third, thirdProgress) = Load("Reuse");
        Assert.Equal(3, thirdProgress.RunsToRead);
        Assert.Equal("run999", third.GetParamList("label")[6]);
        Assert.Equal(-1.0, third.GetParamList("score")[20]);
        Assert.Equal(40, third.Count);
        Assert.DoesNotContain(third, sm => sm.FolderName == "Reuse31");
        Assert.Equal(99.0, third.GetParamList("score")[^1]);
        AssertSameAsRunFiles(third);
    }

    [Fact]
    public void AddedAndRemovedRunsOnly_trusts_indexed_runs_but_finds_added_and_removed_ones()
    {
        var runs = CreateRuns("Trust", 10);
        Thread.Sleep(PastRacyWindow);
        _ = Load("Trust");

        var (unchanged, progress) = Load("Trust", IndexCheck.AddedAndRemovedRunsOnly);
        Assert.Equal(new GroupScanProgress(0, 0), progress);
        Assert.Equal(10, unchanged.Count);

        // A change in place goes unnoticed in this mode, by design; added and removed runs do not.
        RewriteInPlaceWithPython(Path.Combine(runs[2].Path, "config.ini"), "run003", "run777", restoreModificationTime: false);
        Directory.Delete(runs[9].Path, recursive: true);
        Create(_temp, "Trust", 11, P(("score", 11.0)));
        var (trusting, trustingProgress) = Load("Trust", IndexCheck.AddedAndRemovedRunsOnly);
        Assert.Equal(1, trustingProgress.RunsToRead);
        Assert.Equal("run003", trusting.GetParamList("label")[2]);
        Assert.Equal(new[] { "Trust1", "Trust2", "Trust3", "Trust4", "Trust5", "Trust6", "Trust7", "Trust8", "Trust9", "Trust11" }, trusting.Select(sm => sm.FolderName));

        var (checking, _) = Load("Trust");
        Assert.Equal("run777", checking.GetParamList("label")[2]);
    }

    public static TheoryData<string> Damages() => new() { "empty", "truncated", "header-only", "flipped-byte", "garbage", "other-tag", "last-byte-dropped", "folder" };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_index_is_rebuilt_never_trusted(string damage)
    {
        CreateRuns("Hurt", 25);
        var truth = Load("Hurt").Group;
        string index = StorageManagerGroup.IndexPathFor(_temp.MainFolder("Hurt"), "Hurt");
        byte[] good = File.ReadAllBytes(index);
        switch (damage)
        {
            case "empty": File.WriteAllBytes(index, []); break;
            case "truncated": File.WriteAllBytes(index, good[..(good.Length / 2)]); break;
            case "header-only": File.WriteAllBytes(index, good[..32]); break;
            case "last-byte-dropped": File.WriteAllBytes(index, good[..^1]); break;
            case "flipped-byte":
                byte[] flipped = (byte[])good.Clone();
                flipped[flipped.Length * 2 / 3] ^= 0x10;
                File.WriteAllBytes(index, flipped);
                break;
            case "garbage": File.WriteAllBytes(index, Enumerable.Range(0, good.Length).Select(i => (byte)(i * 31 + 7)).ToArray()); break;
            case "other-tag":
                Create(_temp, "Hurt", 1, P(("score", 5.0)), tag: "Other");
                _ = new StorageManagerGroup("Other", "Hurt", _temp.Options);
                File.Copy(StorageManagerGroup.IndexPathFor(_temp.MainFolder("Hurt"), "Other"), index, overwrite: true);
                break;
            case "folder":
                File.Delete(index);
                Directory.CreateDirectory(index);
                break;
        }

        var (rebuilt, progress) = Load("Hurt");

        Assert.Equal(25, progress.RunsToRead);
        Assert.Equal(truth.GetMultiParamList(["score", "label", "seed"]), rebuilt.GetMultiParamList(["score", "label", "seed"]));
        AssertSameAsRunFiles(rebuilt);
        if (damage != "folder")
            Assert.Equal(25, RunIndexFile.Decode(File.ReadAllBytes(index), "Hurt").Count);
    }

    [Fact]
    public void Processes_refreshing_at_once_while_runs_are_created_and_changed_keep_index_and_values_right()
    {
        var runs = CreateRuns("Busy", 30);
        var creator = ExternalTool.StartWorker(["create", _temp.DataFolder, "Busy", "enumerated", "2", "300", "w"]);
        var refreshers = Enumerable.Range(0, 3).Select(_ => ExternalTool.StartWorker(["group-refresh", _temp.DataFolder, "Busy", "15"])).ToList();
        for (int i = 0; i < 60; i++) runs[i % runs.Count].SaveParam("label", "changed" + i);

        foreach (var worker in refreshers.Append(creator))
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(4)), "a worker did not finish");
            Assert.True(worker.ExitCode == 0, worker.StandardError.ReadToEnd());
        }

        var group = Load("Busy").Group;
        Assert.Equal(330, group.Count);
        Assert.Empty(group.UnreadableRuns);
        AssertSameAsRunFiles(group);
        string index = StorageManagerGroup.IndexPathFor(_temp.MainFolder("Busy"), "Busy");
        Assert.Equal(330, RunIndexFile.Decode(File.ReadAllBytes(index), "Busy").Count);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(index)!, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    /// <summary>Every parameter of every run in the group equals what the run's own config.ini says.</summary>
    private static void AssertSameAsRunFiles(StorageManagerGroup group)
    {
        var runs = group.StorageManagerList;
        foreach (string key in group.GetAllParams())
        {
            var values = group.GetParamList(key);
            for (int i = 0; i < runs.Count; i++) Assert.Equal(runs[i].LoadParam(key), values[i]);
        }
    }
}
