using StorageTyped.Parameters;

namespace StorageTyped.Tests.Runs;

public sealed class RunCreationTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Enumerated_runs_are_numbered_from_one_in_the_main_folder()
    {
        var runs = Enumerable.Range(0, 5).Select(_ => new StorageManager("Sweep", options: _temp.Options)).ToList();
        Assert.Equal(new[] { "Sweep1", "Sweep2", "Sweep3", "Sweep4", "Sweep5" }, runs.Select(r => r.FolderName));
        Assert.All(runs, r => Assert.Equal(_temp.MainFolder("Sweep"), r.MainFolderPath));
        Assert.All(runs, r => Assert.True(r.IsNew));
        Assert.All(runs, r => Assert.True(File.Exists(Path.Combine(r.Path, "config.ini"))));
    }

    [Fact]
    public void Enumeration_continues_after_existing_runs_even_without_the_hint()
    {
        for (int i = 1; i <= 37; i++) Directory.CreateDirectory(Path.Combine(_temp.MainFolder("Old"), "Old" + i));
        Assert.Equal("Old38", new StorageManager("Old", options: _temp.Options).FolderName);
        foreach (string hint in Directory.GetFiles(_temp.MainFolder("Old"), ".*.next")) File.Delete(hint);
        Assert.Equal("Old39", new StorageManager("Old", options: _temp.Options).FolderName);
    }

    [Fact]
    public void Folder_name_is_the_prefix_of_the_run_folders()
    {
        var sm = new StorageManager("Main", folderName: "Trial", options: _temp.Options);
        Assert.Equal("Trial1", sm.FolderName);
        Assert.Equal(_temp.MainFolder("Main"), sm.MainFolderPath);
    }

    [Fact]
    public void Random_runs_get_distinct_wide_numbers()
    {
        var names = Enumerable.Range(0, 200).Select(_ => new StorageManager("Rnd", randomNr: true, options: _temp.Options).FolderName).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^Rnd[0-9]{1,9}$", n));
        Assert.Contains(names, n => n.Length > "Rnd".Length + 4); // wider than PymoNNto's 0..9999
    }

    [Fact]
    public void A_fixed_run_number_adds_a_suffix_or_reopens_when_it_exists()
    {
        var first = new StorageManager("Fixed", options: _temp.Options with { RunNumber = 5 });
        var second = new StorageManager("Fixed", options: _temp.Options with { RunNumber = 5 });
        var third = new StorageManager("Fixed", options: _temp.Options with { RunNumber = 5 });
        first.SaveParam("marker", 1);
        var reopened = new StorageManager("Fixed", options: _temp.Options with { RunNumber = 5, AddNewWhenExists = false });
        Assert.Equal(new[] { "Fixed5", "Fixed5_0", "Fixed5_1" }, new[] { first.FolderName, second.FolderName, third.FolderName });
        Assert.Equal(first.Path, reopened.Path);
        Assert.False(reopened.IsNew);
        Assert.Equal(1, reopened.LoadParam("marker"));
    }

    [Fact]
    public void Last_reopens_the_newest_run()
    {
        Assert.Equal("Lst1", new StorageManager("Lst", options: _temp.Options with { Last = true }).FolderName);
        new StorageManager("Lst", options: _temp.Options).SaveParam("which", "second");
        var last = new StorageManager("Lst", options: _temp.Options with { Last = true });
        Assert.Equal("Lst2", last.FolderName);
        Assert.False(last.IsNew);
        Assert.Equal("second", last.LoadParam("which"));
        Assert.Equal(2, Directory.GetDirectories(_temp.MainFolder("Lst")).Length);
    }

    [Fact]
    public void Open_reads_an_existing_run_and_refuses_a_missing_one()
    {
        var sm = new StorageManager("OpenMe", options: _temp.Options);
        sm.SaveParam("x", 3);
        var opened = StorageManager.Open(sm.Path + "/");
        Assert.Equal(sm.Path, opened.Path);
        Assert.Equal(3, opened.LoadParam("x"));
        var error = Assert.Throws<DirectoryNotFoundException>(() => StorageManager.Open(Path.Combine(_temp.Root, "nope")));
        Assert.Contains("nope", error.Message);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("..")]
    public void Bad_folder_names_are_refused_before_anything_is_created(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => new StorageManager(name, options: _temp.Options));
        Assert.ThrowsAny<ArgumentException>(() => new StorageManager("Main", folderName: name, options: _temp.Options));
        Assert.False(Directory.Exists(Path.Combine(_temp.DataFolder, "StorageManager")));
    }

    [Fact]
    public void The_data_folder_is_found_walking_up_from_the_current_directory()
    {
        string deep = Path.Combine(_temp.Root, "src", "model", "deeper");
        Directory.CreateDirectory(deep);
        string path = ExternalTool.RunWorker(new[] { "default-run", "Walk" }, workingDirectory: deep).Output.Trim();
        Assert.Equal(Path.Combine(_temp.DataFolder, "StorageManager", "Walk", "Walk1"), path);
        Assert.False(Directory.Exists(Path.Combine(deep, "Data")));
    }

    [Fact]
    public void Without_any_data_folder_dot_data_is_created_with_the_first_run()
    {
        string project = Path.Combine(_temp.Root, "no-data-project");
        Directory.CreateDirectory(project);
        Directory.Delete(_temp.DataFolder);
        Assert.True(StorageTyped.Runs.DataFolderLocator.Find(project) is null,
            $"a Data folder above {project} exists on this machine ({StorageTyped.Runs.DataFolderLocator.Find(project)}); this test needs none");
        string path = ExternalTool.RunWorker(new[] { "default-run", "Fresh" }, workingDirectory: project).Output.Trim();
        Assert.Equal(Path.Combine(project, "Data", "StorageManager", "Fresh", "Fresh1"), path);
    }

    [Fact]
    public void Create_writes_time_parameters_and_provenance_in_one_file_and_leaves_nothing_else()
    {
        var parameters = new Dictionary<string, object?> { ["a"] = 1, ["b"] = new[] { 1, 2 }, ["c"] = "50%", ["d"] = null };
        var runs = Enumerable.Range(0, 3).Select(_ => StorageManager.Create("Made", parameters, options: _temp.Options)).ToList();
        Assert.Equal(["Made1", "Made2", "Made3"], runs.Select(r => r.FolderName));
        foreach (var sm in runs)
        {
            // One file, no temporary or lock file beside it.
            Assert.Equal(["config.ini"], Directory.GetFileSystemEntries(sm.Path).Select(Path.GetFileName));
            Assert.Equal(1, sm.LoadParam("a"));
            Assert.Equal("50%", sm.LoadParam("c"));
            Assert.IsType<double>(sm.LoadParam("time"));
            Assert.Equal("running", sm.LoadParam("status", section: "Provenance"));
        }
        var random = StorageManager.Create("Made", parameters, randomNr: true, options: _temp.Options);
        Assert.True(long.Parse(random.FolderName["Made".Length..]) > 0);
        Assert.Equal(1, random.LoadParam("a"));
        Assert.Throws<ArgumentException>(() => StorageManager.Create("Made", new Dictionary<string, object?> { ["../x"] = 1 }, options: _temp.Options));
        Assert.Equal(4, Directory.GetDirectories(_temp.MainFolder("Made")).Length);
    }

    [Fact]
    public void A_first_write_never_replaces_a_config_ini_that_another_writer_made()
    {
        string folder = Path.Combine(_temp.Root, "run");
        Directory.CreateDirectory(folder);
        var first = new IniDocument();
        first.GetOrAddSection("Parameters").SetRaw("x", "1");
        Assert.True(ConfigFile.TryCreate(folder, first, flushToDisk: false));
        var second = new IniDocument();
        second.GetOrAddSection("Parameters").SetRaw("y", "2");
        Assert.False(ConfigFile.TryCreate(folder, second, flushToDisk: false));
        Assert.Equal("1", ConfigFile.Read(folder).Get("Parameters", "x"));
        Assert.Null(ConfigFile.Read(folder).Get("Parameters", "y"));

        // The locked update of a missing file creates it the same way, and merges when it exists.
        string other = Path.Combine(_temp.Root, "other");
        Directory.CreateDirectory(other);
        ConfigFile.Update(other, d => d.GetOrAddSection("Parameters").SetRaw("z", "3"), flushToDisk: false, newRun: true);
        ConfigFile.Update(other, d => d.GetOrAddSection("Parameters").SetRaw("w", "4"), flushToDisk: false);
        var read = ConfigFile.Read(other);
        Assert.Equal("3", read.Get("Parameters", "z"));
        Assert.Equal("4", read.Get("Parameters", "w"));
        Assert.Equal(["config.ini"], Directory.GetFileSystemEntries(other).Select(Path.GetFileName));
        Assert.Throws<DirectoryNotFoundException>(() => ConfigFile.TryCreate(Path.Combine(_temp.Root, "absent"), first, flushToDisk: false));
    }

    [Fact]
    public void Threads_creating_runs_at_once_get_distinct_folders_with_their_own_parameters()
    {
        var made = new System.Collections.Concurrent.ConcurrentBag<StorageManager>();
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            made.Add(StorageManager.Create("Race", new Dictionary<string, object?> { ["i"] = i }, randomNr: i % 2 == 0, options: _temp.Options)));
        Assert.Equal(200, made.Select(r => r.Path).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 200), made.Select(r => (int)r.LoadParam("i")!).Order());
    }
}
