using System.Text;
using StorageTyped.Groups.Index;
using StorageTyped.Tests.Parameters;

namespace StorageTyped.Tests.Groups;

/// <summary>
/// Runs whose config.ini is an interpolation bomb, a named pipe, a link to an endless device or not UTF-8: the group
/// loads the rest and lists these in UnreadableRuns with the reason, the index holds no expanded bomb, and a pipe or
/// a folder where the index should be neither blocks nor is moved away.
/// </summary>
public sealed class GroupHostileInputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string ConfigOf(int run) => Path.Combine(_temp.MainFolder("Odd"), "Odd" + run, "config.ini");

    private void GoodRuns(params int[] numbers)
    {
        foreach (int number in numbers) GroupTestRuns.Create(_temp, "Odd", number, GroupTestRuns.P(("a", number)));
    }

    private StorageManagerGroup Load() => HangGuard.Run(() => new StorageManagerGroup("Odd", options: _temp.Options), "loading the group");

    [Fact]
    public void A_bomb_makes_its_run_unreadable_and_is_never_expanded_into_the_index()
    {
        GoodRuns(1, 3);
        GroupTestRuns.Create(_temp, "Odd", 2, GroupTestRuns.P());
        File.WriteAllText(ConfigOf(2), InterpolationTests.Bomb());

        for (int load = 0; load < 2; load++) // built, then from the index
        {
            var group = Load();
            Assert.Equal(3, group.Count);
            Assert.Equal([1, 3], group.GetParamList("a", removeNone: true).Select(Convert.ToInt32));
            var problem = Assert.Single(group.UnreadableRuns);
            Assert.EndsWith("Odd2", problem.Key);
            Assert.Contains("[Parameters] x", problem.Value);
            Assert.Contains("1,048,576", problem.Value);
        }
        string index = StorageManagerGroup.IndexPathFor(_temp.MainFolder("Odd"), "Odd");
        Assert.InRange(new FileInfo(index).Length, 1, 64 * 1024);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void A_special_config_ini_makes_its_run_unreadable_and_the_group_loads(string special)
    {
        GoodRuns(1, 3);
        GroupTestRuns.Create(_temp, "Odd", 2, GroupTestRuns.P());
        File.Delete(ConfigOf(2));
        if (special == "fifo") ExternalTool.Run("mkfifo", [ConfigOf(2)], null, null);
        else File.CreateSymbolicLink(ConfigOf(2), special);

        for (int load = 0; load < 2; load++)
        {
            var group = Load();
            Assert.Equal([1, 3], group.GetParamList("a", removeNone: true).Select(Convert.ToInt32));
            var problem = Assert.Single(group.UnreadableRuns);
            Assert.Contains(ConfigOf(2), problem.Value);
            Assert.Contains(special == "fifo" ? "a named pipe" : "a character device", problem.Value);
            HangGuard.Run(group.Refresh, "refreshing the group");
        }
    }

    [Fact]
    public void A_config_ini_that_is_not_utf8_is_unreadable_here_and_there_and_never_rewritten()
    {
        GoodRuns(1);
        var run = GroupTestRuns.Create(_temp, "Odd", 2, GroupTestRuns.P());
        byte[] bytes = Encoding.UTF8.GetBytes("[Parameters]\na = 1\nlabel = caf").Concat(new byte[] { 0xE9 }).Concat("\nb = 2\n"u8.ToArray()).ToArray();
        File.WriteAllBytes(ConfigOf(2), bytes);

        var group = Load();
        Assert.Contains("line 3", Assert.Single(group.UnreadableRuns).Value);
        var e = Assert.Throws<InvalidDataException>(() => run.LoadParam("a"));
        Assert.Contains(ConfigOf(2), e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("0xE9", e.Message);
        Assert.Throws<InvalidDataException>(() => run.SaveParam("c", 3));
        Assert.Equal(bytes, File.ReadAllBytes(ConfigOf(2)));
        string python = ExternalTool.RunPython(
            "import sys, configparser\ntry:\n    configparser.ConfigParser().read(sys.argv[1], encoding='utf-8')\nexcept UnicodeDecodeError as e:\n    print('UnicodeDecodeError')",
            ConfigOf(2)).Trim();
        Assert.Equal("UnicodeDecodeError", python);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    [InlineData("folder")]
    public void Something_other_than_a_file_where_the_index_goes_neither_blocks_nor_is_moved_away(string special)
    {
        GoodRuns(1, 2);
        _ = Load();
        string index = StorageManagerGroup.IndexPathFor(_temp.MainFolder("Odd"), "Odd");
        File.Delete(index);
        switch (special)
        {
            case "fifo": ExternalTool.Run("mkfifo", [index], null, null); break;
            case "folder": Directory.CreateDirectory(index); File.WriteAllText(Path.Combine(index, "keep.txt"), "mine"); break;
            default: File.CreateSymbolicLink(index, special); break;
        }
        GroupTestRuns.Create(_temp, "Odd", 3, GroupTestRuns.P(("a", 3)));

        var group = Load();
        Assert.Equal([1, 2, 3], group.GetParamList("a").Select(Convert.ToInt32));
        if (special == "folder")
        {
            Assert.Equal("mine", File.ReadAllText(Path.Combine(index, "keep.txt")));
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(index)!, ".*.tmp"));
        }
    }

    [Fact]
    public void Saving_onto_a_folder_is_refused_and_the_folder_stays()
    {
        var sm = new StorageManager("Odd", options: _temp.Options);
        foreach ((string name, Action save) in new (string, Action)[]
        {
            ("notes.txt", () => sm.SaveStr("notes", "text")),
            ("state.msgpack", () => sm.SaveObj("state", new[] { 1 })),
            ("weights.npy", () => sm.SaveNp("weights", new[] { 1.0 })),
            ("frame0.png", () => sm.SaveFrame(new byte[2, 2], "frame")),
        })
        {
            string folder = Path.Combine(sm.Path, name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "inside"), "kept");

            var e = Assert.Throws<IOException>(save);
            Assert.Contains("is a folder", e.Message);
            Assert.Equal("kept", File.ReadAllText(Path.Combine(folder, "inside")));
            Assert.Empty(Directory.GetFileSystemEntries(sm.Path, "." + name + "*"));
        }
    }
}
