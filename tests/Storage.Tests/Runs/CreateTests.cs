using System.Text.Json;

namespace StorageTyped.Tests.Runs;

/// <summary>StorageManager.Create: a new run whose folder, time, parameters and [Provenance] appear in one write.</summary>
public sealed class CreateTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, object?> Parameters(int i) => new()
    {
        ["index"] = i,
        ["rate"] = 0.5,
        ["flag"] = true,
        ["layers"] = new[] { 10, 20 },
        ["label"] = "50% inhibitory",
    };

    [Fact]
    public async Task A_reader_never_sees_a_created_run_without_its_parameters_or_provenance()
    {
        // At least 300 runs, and more until the reader has seen one while creation goes on: under load the reader's
        // thread may not run at all while the first 300 are made.
        const int Runs = 300, MaxRuns = 20_000;
        var options = _temp.Options;
        int seenComplete = 0, created = 0;
        string? torn = null;
        using var done = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            string main = _temp.MainFolder("OneWrite");
            var checkedRuns = new HashSet<string>();
            while (!done.IsSet || checkedRuns.Count < Volatile.Read(ref created))
            {
                if (!Directory.Exists(main)) continue;
                foreach (string run in Directory.GetDirectories(main))
                {
                    if (checkedRuns.Contains(run)) continue;
                    string config = Path.Combine(run, "config.ini");
                    if (!File.Exists(config)) continue; // the folder is made first, then config.ini in one step
                    string text = File.ReadAllText(config);
                    if (!text.Contains("index = ", StringComparison.Ordinal) || !text.Contains("[Provenance]", StringComparison.Ordinal)
                        || !text.Contains("time = ", StringComparison.Ordinal) || !text.Contains("label = 50%% inhibitory", StringComparison.Ordinal))
                        torn ??= text;
                    checkedRuns.Add(run);
                    if (!done.IsSet) Interlocked.Increment(ref seenComplete);
                }
            }
        });
        while (created < Runs || (Volatile.Read(ref seenComplete) == 0 && created < MaxRuns))
        {
            StorageManager.Create("OneWrite", Parameters(created), options: options);
            Interlocked.Increment(ref created);
        }
        done.Set();
        await reader.WaitAsync(TimeSpan.FromMinutes(2)); // a TimeoutException if the reader never finishes
        Assert.Null(torn);
        Assert.True(seenComplete > 0, "the reader saw no run while they were being created");
    }

    [Fact]
    public void The_dictionary_overload_writes_what_SaveParamDict_writes_and_a_new_run_each_time()
    {
        var created = StorageManager.Create("Dict", Parameters(7), options: _temp.Options);
        var byHand = new StorageManager("Dict", options: _temp.Options);
        byHand.SaveParamDict(Parameters(7));

        Assert.True(created.IsNew);
        Assert.Equal("Dict1", created.FolderName);
        Assert.Equal("Dict2", byHand.FolderName);
        Assert.Equal(RunStatus.Running, created.Status);
        Assert.Equal(byHand.LoadParamDict(), created.LoadParamDict(), new ParameterDictionaryComparer());
        Assert.Equal(new[] { "time", "index", "rate", "flag", "layers", "label" }, created.GetAllParams());
        Assert.Equal("50% inhibitory", created.LoadParamText("label"));
        var other = StorageManager.Create("Dict", Parameters(8), folderName: "Probe", randomNr: true, options: _temp.Options);
        Assert.Matches("^Probe[0-9]+$", other.FolderName);
        var training = StorageManager.Create("Dict", new Dictionary<string, object?> { ["epochs"] = 3 }, options: _temp.Options, section: "Training");
        Assert.Equal(3, training.LoadParam("epochs", section: "Training"));
        Assert.False(training.HasParam("epochs"));
    }

    [Fact]
    public void A_refused_key_value_or_option_creates_nothing()
    {
        var options = _temp.Options;
        Assert.Contains("label", Assert.Throws<ArgumentException>(() =>
            StorageManager.Create("Refused", new Dictionary<string, object?> { ["index"] = 1, ["label"] = "ends in a space " }, options: options)).Message);
        Assert.Contains("../x", Assert.Throws<ArgumentException>(() =>
            StorageManager.Create("Refused", new Dictionary<string, object?> { ["../x"] = 1 }, options: options)).Message);
        Assert.Throws<ArgumentException>(() =>
            StorageManager.Create("Refused", new Dictionary<string, object?> { ["Rate"] = 1, ["rate"] = 2 }, options: options));
        Assert.Throws<ArgumentException>(() => StorageManager.Create("Refused", Parameters(1), options: options, section: "bad]section"));
        Assert.False(Directory.Exists(_temp.MainFolder("Refused")));

        new StorageManager("Refused", options: options);
        Assert.Throws<ArgumentException>(() => StorageManager.Create("Refused", Parameters(1), options: options with { Last = true }));
        Assert.Throws<ArgumentException>(() => StorageManager.Create("Refused", Parameters(1), options: options with { RunNumber = 1, AddNewWhenExists = false }));
        Assert.Single(Directory.GetDirectories(_temp.MainFolder("Refused")), d => !Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void Python_configparser_reads_a_created_run()
    {
        var run = StorageManager.Create("Py", Parameters(3), options: _temp.Options);
        string json = ExternalTool.RunPython(
            "import sys, json, configparser\nc = configparser.ConfigParser()\nc.read(sys.argv[1])\n" +
            "print(json.dumps({s: {k: c.get(s, k) for k in c[s]} for s in c.sections()}))\n",
            Path.Combine(run.Path, "config.ini"));
        var sections = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(json)!;

        Assert.Equal(new[] { "Parameters", "Provenance" }, sections.Keys);
        Assert.Equal("3", sections["Parameters"]["index"]);
        Assert.Equal("[10, 20]", sections["Parameters"]["layers"]);
        Assert.Equal("50% inhibitory", sections["Parameters"]["label"]);
        Assert.Equal("True", sections["Parameters"]["flag"]);
        Assert.True(double.TryParse(sections["Parameters"]["time"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal("running", sections["Provenance"]["status"]);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), sections["Provenance"]["pid"]);
    }

    /// <summary>Parameter dictionaries are equal when their values are (arrays element by element), time aside.</summary>
    private sealed class ParameterDictionaryComparer : IEqualityComparer<IReadOnlyDictionary<string, object?>>
    {
        public bool Equals(IReadOnlyDictionary<string, object?>? x, IReadOnlyDictionary<string, object?>? y) =>
            x!.Keys.Where(k => k != "time").Order().SequenceEqual(y!.Keys.Where(k => k != "time").Order())
            && x.Keys.Where(k => k != "time").All(k => x[k] is System.Collections.IEnumerable a and not string
                ? y[k] is System.Collections.IEnumerable b && a.Cast<object?>().SequenceEqual(b.Cast<object?>())
                : Equals(x[k], y[k]));

        public int GetHashCode(IReadOnlyDictionary<string, object?> obj) => obj.Count;
    }
}
