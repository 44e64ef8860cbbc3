using StorageTyped.Groups;
using static StorageTyped.Tests.Groups.GroupTestRuns;
using StorageTyped.Groups.Index;

namespace StorageTyped.Tests.Groups;

/// <summary>Which folders are runs of a group, their order, refresh, and that the group never writes into runs.</summary>
public sealed class GroupLoadingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Only_runs_of_the_tag_are_loaded_in_natural_order()
    {
        string main = _temp.MainFolder("MyName");
        foreach (string run in new[] { "MyName10", "MyName2_1", "MyName", "MyName2", "MyName_0", "MyName2_0", "MyName0010x", "MyNameOther", "MyName-backup", ".MyName3", "Other5", "MyName_", "MyName5_a" })
        {
            Directory.CreateDirectory(Path.Combine(main, run));
            File.WriteAllText(Path.Combine(main, run, "config.ini"), $"[Parameters]\nname = {run}\n");
        }
        File.WriteAllText(Path.Combine(main, "MyName4"), "a file, not a run");
        File.WriteAllText(Path.Combine(main, ".MyName7.0123456789abcdef.tmp"), "a temporary file");
        Directory.CreateDirectory(Path.Combine(main, "MyName9999999999999999999999")); // longer than any long

        var smg = new StorageManagerGroup("MyName", options: _temp.Options);

        string[] expected = ["MyName", "MyName_0", "MyName2", "MyName2_0", "MyName2_1", "MyName10", "MyName9999999999999999999999"];
        Assert.Equal(expected, smg.StorageManagerList.Select(sm => sm.FolderName));
        Assert.Equal(expected, smg.Select(sm => sm.FolderName));
        Assert.Equal(expected.Length, smg.Count);
        Assert.Equal(expected[..^1], smg.GetParamList("name", removeNone: true));
        Assert.All(smg, sm => Assert.Equal(main, sm.MainFolderPath));
    }

    [Fact]
    public void The_main_folder_may_differ_from_the_tag()
    {
        Create(_temp, "Sweep", 1, P(("a", 1)), tag: "Alpha");
        Create(_temp, "Sweep", 2, P(("a", 2)), tag: "Alpha");
        Create(_temp, "Sweep", 1, P(("a", 3)), tag: "Beta");

        Assert.Equal(new object?[] { 1, 2 }, new StorageManagerGroup("Alpha", "Sweep", _temp.Options)["a"]);
        Assert.Equal(new object?[] { 3 }, new StorageManagerGroup("Beta", "Sweep", _temp.Options)["a"]);
    }

    [Fact]
    public void A_missing_main_folder_is_an_empty_group_that_a_refresh_fills()
    {
        var smg = new StorageManagerGroup("NotYet", options: _temp.Options);
        Assert.Equal(0, smg.Count);
        Assert.Empty(smg.StorageManagerList);
        Assert.Empty(smg["score"]);
        Assert.False(Directory.Exists(_temp.MainFolder("NotYet")), "an empty group must not create the main folder");

        Create(_temp, "NotYet", 1, P(("score", 0.5)));
        smg.Refresh();
        Assert.Equal(new object?[] { 0.5 }, smg["score"]);
    }

    [Fact]
    public void The_group_never_writes_into_runs()
    {
        for (int i = 1; i <= 20; i++) Create(_temp, "Untouched", i, P(("score", i * 0.5), ("label", "n" + i % 3)));
        string main = _temp.MainFolder("Untouched");
        var before = Snapshot(main);

        var smg = new StorageManagerGroup("Untouched", options: _temp.Options);
        smg.SortBy("score", descending: true);
        _ = smg["score>2"];
        _ = smg.GetMultiParamList(["score", "label"]);
        smg.AddVirtualMultiParameter("v", 1);
        _ = smg.GetObjList<int>("nothing");
        smg.Refresh();
        _ = new StorageManagerGroup("Untouched", options: _temp.Options);

        Assert.Equal(before, Snapshot(main));
        string index = StorageManagerGroup.IndexPathFor(main, "Untouched");
        Assert.True(File.Exists(index), "the index is written in the library's folder");
        Assert.False(index.StartsWith(main + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"the index {index} is outside the main folder");
    }

    [Fact]
    public void Refresh_finds_added_removed_and_changed_runs_and_keeps_virtual_parameters_with_their_runs()
    {
        var first = Create(_temp, "Live", 1, P(("score", 1.0)));
        var second = Create(_temp, "Live", 2, P(("score", 2.0)));
        var third = Create(_temp, "Live", 3, P(("score", 3.0)));
        var smg = new StorageManagerGroup("Live", options: _temp.Options);
        smg.AddVirtualMultiParameter("label", new[] { "a", "b", "c" });

        Directory.Delete(second.Path, recursive: true);
        third.SaveParam("score", 30.0);
        Create(_temp, "Live", 4, P(("score", 4.0)));
        smg.Refresh();

        Assert.Equal(new[] { "Live1", "Live3", "Live4" }, smg.StorageManagerList.Select(sm => sm.FolderName));
        Assert.Equal(new object?[] { 1.0, 30.0, 4.0 }, smg.GetParamList("score"));
        Assert.Equal(new object?[] { "a", "c", null }, smg.GetParamList("label"));
        Assert.Equal(first.Path, smg.StorageManagerList[0].Path);
    }

    [Fact]
    public void A_damaged_or_missing_config_leaves_the_run_without_parameters_and_is_reported()
    {
        Create(_temp, "Damaged", 1, P(("score", 1.0)));
        var broken = Create(_temp, "Damaged", 2, P(("score", 2.0)));
        File.WriteAllText(Path.Combine(broken.Path, "config.ini"), "score = 2.0 without a section\n");
        var empty = Create(_temp, "Damaged", 3, P());
        File.Delete(Path.Combine(empty.Path, "config.ini"));

        var smg = new StorageManagerGroup("Damaged", options: _temp.Options);

        Assert.Equal(3, smg.Count);
        Assert.Equal(new object?[] { 1.0 }, smg["score"]);
        var problem = Assert.Single(smg.UnreadableRuns);
        Assert.Equal(broken.Path, problem.Key);
        Assert.Contains("config.ini", problem.Value);
        Assert.Contains("line 1", problem.Value);
    }

    [Fact]
    public void Values_and_sections_read_as_LoadParam_reads_them()
    {
        var sm = Create(_temp, "Values", 1, P(("i", 7), ("big", 1L << 40), ("huge", System.Numerics.BigInteger.Pow(10, 30)), ("d", 0.25),
            ("b", true), ("s", "text with 50%"), ("list", new[] { 1, 2, 3 }), ("none", null), ("nan", double.NaN), ("dict", new Dictionary<string, int> { ["x"] = 1 })));
        sm.SaveParam("other", 5, section: "Results");
        File.AppendAllText(Path.Combine(sm.Path, "config.ini"), "[DEFAULT]\nshared = from default\n[Interpolated]\nbase = /data\npath = %(base)s/run\n");

        var smg = new StorageManagerGroup("Values", options: _temp.Options);
        foreach (string section in new[] { "Parameters", "Results", "Interpolated", "DEFAULT" })
        {
            Assert.Equal(sm.GetAllParams(section), smg.GetAllParams(section));
            foreach (string key in sm.GetAllParams(section))
                Assert.Equal(sm.LoadParam(key, section), Assert.Single(smg.GetParamList(key, section)));
        }
        // Lists are parsed afresh for each caller: changing one does not change the group.
        var list = (int[])smg.GetParamList("list")[0]!;
        list[0] = 99;
        Assert.Equal(new[] { 1, 2, 3 }, (int[])smg.GetParamList("list")[0]!);
        Assert.Equal(new object?[] { 5 }, smg.GetParamList("OTHER", "Results"));
    }

    [Fact]
    public void Progress_reports_the_runs_read()
    {
        for (int i = 1; i <= 600; i++) Directory.CreateDirectory(Path.Combine(_temp.MainFolder("Progress"), "Progress" + i));
        var reports = new List<GroupScanProgress>();
        var progress = new SynchronousProgress(reports.Add);

        _ = new StorageManagerGroup("Progress", options: _temp.Options, progress: progress);

        Assert.Equal(new GroupScanProgress(0, 600), reports[0]);
        Assert.Equal(new GroupScanProgress(600, 600), reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First.RunsRead <= pair.Second.RunsRead), "progress never goes back");
    }

    [Fact]
    public void Names_that_are_not_folder_names_are_refused()
    {
        Assert.Throws<ArgumentException>("tag", () => new StorageManagerGroup("../x", options: _temp.Options));
        Assert.Throws<ArgumentException>("mainFolderName", () => new StorageManagerGroup("x", "a/b", _temp.Options));
    }
}
