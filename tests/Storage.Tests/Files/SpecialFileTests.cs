namespace StorageTyped.Tests.Files;

/// <summary>
/// Named pipes and devices where the library expects a file: every read opens without blocking, refuses what is not
/// a regular file with an InvalidDataException naming it, and changes nothing on disk.
/// </summary>
public sealed class SpecialFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The special files tried in place of each file: a pipe with no writer, and links to endless devices.</summary>
    public static TheoryData<string> Specials() => ["fifo", "/dev/zero", "/dev/urandom", "folder"];

    private static void MakeSpecial(string path, string special)
    {
        if (File.Exists(path)) File.Delete(path);
        switch (special)
        {
            case "fifo": ExternalTool.Run("mkfifo", [path], null, null); break;
            case "folder": Directory.CreateDirectory(path); break;
            default: File.CreateSymbolicLink(path, special); break;
        }
    }

    private static void AssertNamesFile(InvalidDataException e, string path) => Assert.Contains(path, e.Message);

    [Theory]
    [MemberData(nameof(Specials))]
    public void A_special_config_ini_is_refused_by_name_and_left_as_it_is(string special)
    {
        var sm = new StorageManager("Special", options: _temp.Options);
        string config = Path.Combine(sm.Path, "config.ini");
        MakeSpecial(config, special);

        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.LoadParam("a"), "LoadParam"), config);
        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.SaveParam("a", 1), "SaveParam"), config);
        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.GetAllParams(), "GetAllParams"), config);
        Assert.Equal(special == "fifo" ? FileKindName.Fifo : special == "folder" ? FileKindName.Folder : FileKindName.Link, FileKindName.Of(config));
    }

    [Theory]
    [MemberData(nameof(Specials))]
    public void Special_arrays_objects_and_texts_are_refused_by_name(string special)
    {
        var sm = new StorageManager("Special", options: _temp.Options);
        string npy = Path.Combine(sm.Path, "a.npy"), msgpack = Path.Combine(sm.Path, "o.msgpack"), txt = Path.Combine(sm.Path, "t.txt");
        MakeSpecial(npy, special);
        MakeSpecial(msgpack, special);
        MakeSpecial(txt, special);

        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.LoadNp<double>("a"), "LoadNp<T>"), npy);
        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.LoadNp("a").Dispose(), "LoadNp"), npy);
        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.LoadNpMapped<double>("a").Dispose(), "LoadNpMapped"), npy);
        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.GetNpInfo("a"), "GetNpInfo"), npy);
        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => NpyFileInfo.Read(npy), "NpyFileInfo.Read"), npy);
        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.LoadObj<int[]>("o"), "LoadObj"), msgpack);
        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.LoadStr("t"), "LoadStr"), txt);
    }

    [Fact]
    public void A_special_frame_stops_the_video_before_ffmpeg_reads_it()
    {
        var sm = new StorageManager("Special", options: _temp.Options);
        sm.SaveFrame(new byte[8, 8], "v");
        sm.SaveFrame(new byte[8, 8], "v");
        string frame = Path.Combine(sm.Path, "v1.png");
        MakeSpecial(frame, "fifo");

        AssertNamesFile(HangGuard.Throws<InvalidDataException>(() => sm.RenderVideo("v"), "RenderVideo"), frame);
        Assert.True(File.Exists(Path.Combine(sm.Path, "v0.png")));
        Assert.False(File.Exists(Path.Combine(sm.Path, "v.mp4")));
    }

    [Theory]
    [MemberData(nameof(Specials))]
    public void A_special_hint_file_does_not_stop_run_creation(string special)
    {
        var first = new StorageManager("Hint", options: _temp.Options);
        string hint = Path.Combine(first.MainFolderPath, ".Hint.next");
        MakeSpecial(hint, special);

        var second = HangGuard.Run(() => new StorageManager("Hint", options: _temp.Options), "creating a run");
        var third = HangGuard.Run(() => new StorageManager("Hint", options: _temp.Options), "creating a run");

        Assert.Equal(["Hint1", "Hint2", "Hint3"], new[] { first, second, third }.Select(run => run.FolderName));
    }

    /// <summary>What is at a path, links not followed, in words a test can compare.</summary>
    private static class FileKindName
    {
        public const string Fifo = "fifo", Folder = "folder", Link = "link", File = "file";

        public static string Of(string path)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null) return Link;
            if (Directory.Exists(path)) return Folder;
            return ExternalTool.Run("stat", ["-c", "%F", path], null, null).Output.Trim() == "fifo" ? Fifo : File;
        }
    }
}
