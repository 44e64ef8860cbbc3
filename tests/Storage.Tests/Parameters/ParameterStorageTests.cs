using System.Globalization;

namespace StorageTyped.Tests.Parameters;

public sealed class ParameterStorageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StorageManager NewRun() => new("Params", options: _temp.Options);

    [Fact]
    public void Parameters_round_trip_with_their_types()
    {
        var sm = NewRun();
        sm.SaveParamDict(new Dictionary<string, object?> { ["a"] = 1, ["b"] = true, ["c"] = new[] { 1, 2, 3 } });
        sm.SaveParam("score", 0.5);
        sm.SaveParam("big", 5_000_000_000L);
        sm.SaveParam("label", "net A");
        sm.SaveParam("seed", 3, section: "Setup");

        Assert.Equal(1, sm.LoadParam("a"));
        Assert.Equal(true, sm.LoadParam("b"));
        Assert.Equal(new[] { 1, 2, 3 }, sm.LoadParam("c"));
        Assert.Equal(0.5, sm.LoadParam("score"));
        Assert.Equal(5_000_000_000L, sm.LoadParam("big"));
        Assert.Equal("net A", sm.LoadParam("label"));
        Assert.Equal(3, sm.LoadParam("seed", section: "Setup"));
        Assert.Null(sm.LoadParam("seed"));
        Assert.Equal("fallback", sm.LoadParam("missing", defaultValue: "fallback"));
        Assert.Equal(0.5, sm.LoadParam<double>("score"));
        Assert.Equal(1.0, sm.LoadParam<double>("a"));
        Assert.Equal(42, sm.LoadParam<int>("missing", defaultValue: 42));
        Assert.Equal(new[] { 1L, 2L, 3L }, sm.LoadParam<long[]>("c"));
        Assert.Equal(new[] { "time", "a", "b", "c", "score", "big", "label" }, sm.GetAllParams());
        Assert.Equal(new[] { "Parameters", "Provenance", "Setup" }, sm.GetSections());
        Assert.True(sm.HasParam("SCORE"));
        Assert.Equal(0.5, sm.LoadParamDict()["score"]);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_stored_in_lower_case()
    {
        var sm = NewRun();
        sm.SaveParam("NumberOfNeurons", 100);
        sm.SaveParam("numberofneurons", 200);
        Assert.Equal(200, sm.LoadParam("NUMBEROFNEURONS"));
        Assert.Contains("numberofneurons = 200\n", File.ReadAllText(Path.Combine(sm.Path, "config.ini")));
    }

    [Fact]
    public void Creation_writes_the_time_as_unix_seconds()
    {
        double before = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        var sm = NewRun();
        double time = Assert.IsType<double>(sm.LoadParam("time"));
        Assert.InRange(time, before - 1, before + 60);
    }

    [Fact]
    public void A_typed_load_of_a_bad_value_names_run_section_key_and_text()
    {
        var sm = NewRun();
        sm.SaveParam("neurons", "many");
        var error = Assert.Throws<FormatException>(() => sm.LoadParam<int>("neurons"));
        Assert.Contains(sm.Path, error.Message);
        Assert.Contains("[Parameters]", error.Message);
        Assert.Contains("'neurons'", error.Message);
        Assert.Contains("'many'", error.Message);
        Assert.Contains("Int32", error.Message);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("tr-TR")]
    [InlineData("fr-FR")]
    public void Values_are_written_in_the_invariant_culture_whatever_the_locale(string culture)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var sm = NewRun();
            sm.SaveParamDict(new Dictionary<string, object?>
            {
                ["rate"] = 0.5, ["big"] = 1234567.25, ["tiny"] = 1e-05, ["list"] = new[] { 0.5, 1.5 }, ["INDEX"] = 1, ["money"] = 2.5m,
            });
            string text = File.ReadAllText(Path.Combine(sm.Path, "config.ini"));
            Assert.Contains("rate = 0.5\n", text);
            Assert.Contains("big = 1234567.25\n", text);
            Assert.Contains("tiny = 1e-05\n", text);
            Assert.Contains("list = [0.5, 1.5]\n", text);
            Assert.Contains("index = 1\n", text);
            Assert.Contains("money = 2.5\n", text);
            Assert.Equal(0.5, sm.LoadParam("rate"));
            Assert.Equal(1, sm.LoadParam("index"));
            Assert.Equal(1234567.25, sm.LoadParam<double>("big"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    public static TheoryData<string> BadKeys() => new()
    {
        "..", ".", "../escape", "a/b", "a\\b", "/rooted", "C:\\x", "line\nbreak", "tab\tkey", "nul\0", "a=b", "a:b",
        "[section", "#comment", ";comment", " padded", "padded ", "", "CON", "nul", "com1.txt", "trailingdot.", new string('k', 201),
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Bad_keys_are_refused_by_name_and_nothing_changes_on_disk(string key)
    {
        var sm = NewRun();
        sm.SaveParam("kept", 1);
        string config = Path.Combine(sm.Path, "config.ini");
        byte[] before = File.ReadAllBytes(config);
        string[] filesBefore = Directory.GetFiles(sm.Path);

        var errors = new List<ArgumentException>
        {
            Assert.ThrowsAny<ArgumentException>(() => sm.SaveParam(key, 1)),
            Assert.ThrowsAny<ArgumentException>(() => sm.SaveParamDict(new Dictionary<string, object?> { ["ok"] = 1, [key] = 2 })),
            Assert.ThrowsAny<ArgumentException>(() => sm.SaveStr(key, "x")),
            Assert.ThrowsAny<ArgumentException>(() => sm.SaveObj(key, 1)),
            Assert.ThrowsAny<ArgumentException>(() => sm.LoadObj<int>(key)),
        };
        foreach (var error in errors)
            Assert.Contains(key.Length > 40 ? key[..40] : key, error.Message);
        Assert.Equal(before, File.ReadAllBytes(config));
        Assert.Equal(filesBefore, Directory.GetFiles(sm.Path));
    }

    public static TheoryData<object?> UnstorableValues() => new()
    {
        " leading space", "trailing space ", "trailing newline\n", "carriage\rreturn", "a\n  indented continuation",
        "a\n#comment line", "a\n;comment line", "a\n\n", "\t", new Random(), new object(),
    };

    [Theory]
    [MemberData(nameof(UnstorableValues))]
    public void Values_configparser_cannot_give_back_are_refused_and_nothing_changes(object? value)
    {
        var sm = NewRun();
        sm.SaveParam("kept", 1);
        string config = Path.Combine(sm.Path, "config.ini");
        byte[] before = File.ReadAllBytes(config);

        var error = Assert.ThrowsAny<ArgumentException>(() => sm.SaveParam("value_key", value));
        Assert.Contains("value_key", error.Message);
        Assert.Throws<ArgumentException>(() => sm.SaveParamDict(new Dictionary<string, object?> { ["ok"] = 1, ["value_key"] = value }));
        Assert.Equal(before, File.ReadAllBytes(config));
    }

    [Fact]
    public void Keys_that_differ_only_in_case_are_refused_in_one_dict()
    {
        var sm = NewRun();
        var error = Assert.Throws<ArgumentException>(() => sm.SaveParamDict(new Dictionary<string, object?> { ["Score"] = 1, ["score"] = 2 }));
        Assert.Contains("'Score'", error.Message);
        Assert.Null(sm.LoadParam("score"));
    }

    [Fact]
    public void A_corrupt_config_is_reported_with_file_and_line_and_left_alone()
    {
        var sm = NewRun();
        string config = Path.Combine(sm.Path, "config.ini");
        File.WriteAllText(config, "[Parameters]\na = 1\nthis line is not an option\n");
        byte[] before = File.ReadAllBytes(config);
        var error = Assert.Throws<InvalidDataException>(() => sm.LoadParam("a"));
        Assert.Contains(config, error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.Throws<InvalidDataException>(() => sm.SaveParam("b", 2));
        Assert.Equal(before, File.ReadAllBytes(config));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_reported_with_file_and_line_as_python_does_and_never_rewritten()
    {
        var sm = NewRun();
        string config = Path.Combine(sm.Path, "config.ini"), text = Path.Combine(sm.Path, "notes.txt");
        byte[] latin1 = [.. "[Parameters]\na = 1\nb = caf"u8, 0xE9, .. "\nc = 3\n"u8];  // "café" in Latin-1
        File.WriteAllBytes(config, latin1);
        File.WriteAllBytes(text, [.. "ok\n"u8, 0xFF]);

        // Python refuses the same bytes (configparser and open() decode strictly).
        string python = ExternalTool.RunPython("""
            import sys, configparser
            for path in sys.argv[1:]:
                try:
                    configparser.ConfigParser().read(path, encoding='utf-8') if path.endswith('.ini') else open(path, encoding='utf-8').read()
                    print('read')
                except UnicodeDecodeError as e:
                    print('UnicodeDecodeError', e.start)
            """, config, text);
        Assert.Equal(["UnicodeDecodeError 26", "UnicodeDecodeError 3"], python.Trim().Split('\n'));

        foreach (Action load in new Action[] { () => sm.LoadParam("a"), () => sm.LoadParamDict(), () => sm.GetAllParams(), () => sm.LoadParamText("c") })
        {
            var error = Assert.Throws<InvalidDataException>(load);
            Assert.Contains(config, error.Message);
            Assert.Contains("line 3", error.Message);
            Assert.Contains("0xE9", error.Message);
        }
        var textError = Assert.Throws<InvalidDataException>(() => sm.LoadStr("notes"));
        Assert.Contains(text, textError.Message);
        Assert.Contains("0xFF", textError.Message);

        // Saving another key must not store U+FFFD in place of the byte: it is refused and the file stays as it was.
        Assert.Throws<InvalidDataException>(() => sm.SaveParam("d", 4));
        Assert.Throws<InvalidDataException>(() => sm.SaveParamDict(new Dictionary<string, object?> { ["e"] = 5 }));
        Assert.Equal(latin1, File.ReadAllBytes(config));
    }

    [Fact]
    public void Threads_saving_parameters_on_one_run_lose_nothing()
    {
        var sm = NewRun();
        Parallel.For(0, 8, thread =>
        {
            var own = StorageManager.Open(sm.Path);
            for (int i = 0; i < 50; i++) own.SaveParam($"t{thread}_{i}", i);
        });
        var keys = sm.GetAllParams();
        Assert.Equal(1 + 8 * 50, keys.Count);
        for (int thread = 0; thread < 8; thread++)
            for (int i = 0; i < 50; i++)
                Assert.Equal(i, sm.LoadParam($"t{thread}_{i}"));
    }

    [Fact]
    public void No_temporary_or_partial_files_are_left_behind()
    {
        var sm = NewRun();
        for (int i = 0; i < 20; i++) sm.SaveParam("k" + i, i);
        sm.SaveStr("text", "hello");
        var visible = Directory.GetFiles(sm.Path).Select(Path.GetFileName).Where(name => !name!.StartsWith('.')).OrderBy(n => n);
        Assert.Equal(new[] { "config.ini", "text.txt" }, visible);
        Assert.DoesNotContain(Directory.GetFiles(sm.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.False(File.ReadAllBytes(Path.Combine(sm.Path, "config.ini")).AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }));
    }
}
