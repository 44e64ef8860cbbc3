using System.Text.Json;
using StorageTyped.Groups.Index;
using static StorageTyped.Tests.Groups.GroupTestRuns;

namespace StorageTyped.Tests.Groups;

/// <summary>
/// Nothing the library keeps is a run to PymoNNto: its StorageManagerGroup takes every folder of the main folder whose
/// name contains the tag, and reads each one's [Parameters] (get_all_params raises NoSectionError for a folder
/// without). The group index lives outside the main folders; one left inside by an earlier version is ignored and removed.
/// </summary>
public sealed class PymoNNtoListingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// PymoNNto's refresh() and get_all_params() over one main folder for several tags, as its StorageManager.py does
    /// them (os.listdir, isdir, tag in name, ConfigParser, config.items(section)); prints, per tag, the runs it took,
    /// and every other entry whose name contains the tag with its kind.
    /// </summary>
    private const string PymoNNtoRefresh = """
        import configparser, json, os, sys
        main, tags = sys.argv[1] + "/", sys.argv[2:]
        result = {}
        for tag in tags:
            runs, others = [], []
            for folder in os.listdir(main):
                if tag not in folder:
                    continue
                if os.path.isdir(main + folder):
                    config = configparser.ConfigParser()
                    config.read(main + folder + "/config.ini")
                    dict(config.items("Parameters")).keys()   # PymoNNto's get_all_params: NoSectionError without
                    runs.append(folder)
                else:
                    others.append(("hidden " if folder.startswith(".") else "") + ("link" if os.path.islink(main + folder) else "file") + " " + folder)
            result[tag] = {"runs": sorted(runs), "others": sorted(others)}
        print(json.dumps(result))
        """;

    private static readonly string[] Tags = ["typed", "type", "st", "a", "t", "s", "o", "r", "g", "e", "y", "p", "d", ".", "index", "group"];

    [Fact]
    public void After_every_group_operation_PymoNNto_takes_only_runs_for_any_tag()
    {
        string main = _temp.MainFolder("Exp");
        var runs = new List<StorageManager>();
        for (int i = 1; i <= 3; i++) runs.Add(Create(_temp, "Exp", i, P(("score", i * 0.5), ("plastic", i % 2 == 0)), tag: "typed"));
        runs.Add(new StorageManager("Exp", "typed", randomNr: true, options: _temp.Options));
        runs.Add(Create(_temp, "Exp", 1, P(("score", 7.0)), tag: "st"));
        foreach (var run in runs)
        {
            run.SaveNp("rates", new[] { 1.0, 2.0 });
            run.SaveStr("notes", "n");
        }
        // An earlier version's index folder: a run to PymoNNto for "st", "a", "typed" … until the group removes it.
        string old = Path.Combine(main, RunIndexFile.OldFolderName);
        Directory.CreateDirectory(old);
        File.WriteAllBytes(Path.Combine(old, "typed.group-index"), [1, 2, 3]);
        Assert.Contains("NoSectionError", Assert.Throws<InvalidOperationException>(() => ExternalTool.RunPython(PymoNNtoRefresh, main, "st")).Message);

        var typed = new StorageManagerGroup("typed", "Exp", _temp.Options);
        typed.SortBy("score", descending: true);
        _ = typed.Where("score > 0.5").GetMultiParamList(["score", "plastic"]);
        _ = typed.GetNpList<double>("rates");
        _ = typed.GetStatusList();
        Create(_temp, "Exp", 4, P(("score", 2.0)), tag: "typed");
        typed.Refresh();
        var st = new StorageManagerGroup("st", "Exp", _temp.Options, check: IndexCheck.AddedAndRemovedRunsOnly);
        _ = StorageManagerGroup.ListRunFolders("typed", "Exp", _temp.Options);
        Assert.Equal(5, typed.Count);
        Assert.Single(st);
        Assert.True(File.Exists(StorageManagerGroup.IndexPathFor(main, "typed")));
        Assert.True(File.Exists(StorageManagerGroup.IndexPathFor(main, "st")));

        var listing = JsonDocument.Parse(ExternalTool.RunPython(PymoNNtoRefresh, [main, .. Tags])).RootElement;
        string[] runNames = Directory.GetDirectories(main).Select(Path.GetFileName).OfType<string>().ToArray();
        Assert.Equal(6, runNames.Length);
        foreach (string tag in Tags)
        {
            var taken = listing.GetProperty(tag).GetProperty("runs").EnumerateArray().Select(e => e.GetString()!).ToArray();
            Assert.Equal(runNames.Where(name => name.Contains(tag, StringComparison.Ordinal)).Order(StringComparer.Ordinal), taken);
            // Every other entry PymoNNto's rule passes over: a hidden file (the run number hint), never a folder or a link.
            foreach (var other in listing.GetProperty(tag).GetProperty("others").EnumerateArray())
                Assert.StartsWith("hidden file ", other.GetString());
        }
    }

    [Fact]
    public void An_index_left_in_the_main_folder_is_ignored_and_removed()
    {
        string main = _temp.MainFolder("Old");
        var runs = Enumerable.Range(1, 5).Select(i => Create(_temp, "Old", i, P(("score", (double)i)))).ToList();
        _ = new StorageManagerGroup("Old", options: _temp.Options);
        string index = StorageManagerGroup.IndexPathFor(main, "Old");
        string old = Path.Combine(main, RunIndexFile.OldFolderName);
        Directory.CreateDirectory(old);
        // A valid index of the runs as they were, which a group trusting its index would take as it is.
        File.Move(index, Path.Combine(old, "Old.group-index"));
        File.WriteAllBytes(Path.Combine(old, "Other.group-index"), [0]);
        File.WriteAllBytes(Path.Combine(old, ".Old.group-index.0123456789abcdef.tmp"), [0]);
        runs[2].SaveParam("score", 99.0);

        GroupScanProgress last = default;
        var group = new StorageManagerGroup("Old", options: _temp.Options, progress: new SynchronousProgress(p => last = p), check: IndexCheck.AddedAndRemovedRunsOnly);

        Assert.Equal(new GroupScanProgress(5, 5), last);
        Assert.Equal(99.0, group.GetParamList("score")[2]);
        Assert.False(Directory.Exists(old), "the old index folder is removed");
        Assert.True(File.Exists(index), "the index is written in the library's folder");
        Assert.Equal(5, RunIndexFile.Decode(File.ReadAllBytes(index), "Old").Count);
    }

    [Fact]
    public void What_the_library_did_not_write_in_the_old_index_folder_stays_and_a_link_is_never_followed()
    {
        var run = Create(_temp, "Kept", 1, P(("score", 1.0)));
        string main = _temp.MainFolder("Kept");
        string old = Path.Combine(main, RunIndexFile.OldFolderName);
        Directory.CreateDirectory(old);
        File.WriteAllText(Path.Combine(old, "Kept.group-index"), "old");
        File.WriteAllText(Path.Combine(old, "mine.txt"), "a user's file");

        Assert.Equal(1, new StorageManagerGroup("Kept", options: _temp.Options).Count);
        Assert.Equal(["mine.txt"], Directory.GetFileSystemEntries(old).Select(Path.GetFileName));

        // A link by that name, to a folder elsewhere: neither it nor what it points at is touched.
        Directory.Delete(old, recursive: true);
        string outside = Path.Combine(_temp.Root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "Kept.group-index"), "not the library's to remove");
        Directory.CreateSymbolicLink(old, outside);
        run.SaveParam("score", 2.0);

        Assert.Equal(2.0, new StorageManagerGroup("Kept", options: _temp.Options).GetParamList("score")[0]);
        Assert.NotNull(new DirectoryInfo(old).LinkTarget);
        Assert.Equal("not the library's to remove", File.ReadAllText(Path.Combine(outside, "Kept.group-index")));
    }
}
