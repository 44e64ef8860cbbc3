using System.Text.Json;

namespace StorageTyped.Tests.Parameters;

/// <summary>config.ini against Debian's python3 and its configparser, in both directions.</summary>
public sealed class ConfigParserInteropTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string DumpWithConfigParser =
        "import sys, json, configparser\n" +
        "c = configparser.ConfigParser()\n" +
        "assert c.read(sys.argv[1], encoding='utf-8') == [sys.argv[1]]\n" +
        "print(json.dumps({s: {k: c.get(s, k) for k in c[s]} for s in c.sections()}))\n";

    private static Dictionary<string, Dictionary<string, string>> ReadWithPython(string configPath) =>
        JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(ExternalTool.RunPython(DumpWithConfigParser, configPath))!;

    public static TheoryData<string, object?> HardValues() => new()
    {
        { "newline", "first line\nsecond line" },
        { "empty_line_inside", "a\n\nb" },
        { "leading_newline", "\nstarts on the next line" },
        { "percent", "50% done, 100%% sure, %(x)s" },
        { "equals", "a=b=c" },
        { "colon", "key: value" },
        { "semicolon", "x; y" },
        { "hash", "#not a comment" },
        { "brackets", "[Parameters]" },
        { "empty", "" },
        { "unicode", "Grüße, 東京, emoji 😀, κ" },
        { "nan", double.NaN },
        { "inf", double.PositiveInfinity },
        { "minus_inf", double.NegativeInfinity },
        { "negative_zero", -0.0 },
        { "tiny", 1e-05 },
        { "subnormal", 5e-324 },
        { "max_long", long.MaxValue },
        { "min_long", long.MinValue },
        { "huge", System.Numerics.BigInteger.Pow(10, 40) },
        { "true", true },
        { "none", null },
        { "list", new[] { 1, 2, 3 } },
        { "strings", new[] { "a", "it's" } },
        { "float_list", new[] { 0.1, double.NaN, 1e300 } },
        { "inner_spaces", "a   b\tc" },
        { "continuation_like", "a\n[b]\nc = d" },
    };

    [Theory]
    [MemberData(nameof(HardValues))]
    public void Every_value_reads_back_the_same_here_and_in_python(string key, object? value)
    {
        var sm = new StorageManager("Interop", options: _temp.Options);
        sm.SaveParam(key, value);
        string written = ParameterText.Format(value);

        Assert.Equal(written, sm.LoadParamText(key));
        Assert.Equal(written, ReadWithPython(Path.Combine(sm.Path, "config.ini"))["Parameters"][key]);
        if (value is string text) Assert.Equal(text, sm.LoadParam<string>(key));
    }

    [Fact]
    public void A_run_written_here_is_byte_identical_to_what_configparser_writes_back()
    {
        var sm = new StorageManager("Interop", options: _temp.Options);
        sm.SaveParamDict(new Dictionary<string, object?>
        {
            ["a"] = 1, ["b"] = true, ["c"] = new[] { 1, 2, 3 }, ["note"] = "two\nlines", ["ratio"] = "50%",
        });
        sm.SaveParam("seed", 7, section: "Setup");
        string path = Path.Combine(sm.Path, "config.ini");
        string rewritten = Path.Combine(_temp.Root, "rewritten.ini");
        ExternalTool.RunPython(
            "import sys, configparser\nc = configparser.ConfigParser()\nc.read(sys.argv[1])\nwith open(sys.argv[2], 'w') as f: c.write(f)\n",
            path, rewritten);
        Assert.Equal(File.ReadAllBytes(rewritten), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_file_written_by_python_configparser_is_read_as_python_reads_it()
    {
        string runFolder = Path.Combine(_temp.MainFolder("Py"), "Py1");
        Directory.CreateDirectory(runFolder);
        string path = Path.Combine(runFolder, "config.ini");
        // Written by hand in every form configparser accepts, then checked against Python's own reading.
        File.WriteAllText(path,
            "# a comment line\n" +
            "[DEFAULT]\n" +
            "base = /data\n" +
            "\n" +
            "[Parameters]\n" +
            "time = 1732456789.123456\n" +
            "Number_Of_Neurons: 1000\n" +
            "lr=0.001\n" +
            "; another comment\n" +
            "path = %(base)s/run\n" +
            "ratio = 50%%\n" +
            "description = first line\n" +
            "    second line\n" +
            "\n" +
            "    third after an empty line\n" +
            "    # a comment inside is dropped\n" +
            "flag = True\n" +
            "c = [1, 2, 3]\n" +
            "\n" +
            "[Other]\n" +
            "x = y\n");

        var python = ReadWithPython(path);
        var sm = StorageManager.Open(runFolder);
        foreach (var (section, values) in python)
            foreach (var (key, text) in values)
                Assert.Equal(text, sm.LoadParamText(key, section));

        Assert.Equal(1000, sm.LoadParam("number_of_neurons"));
        Assert.Equal(1000, sm.LoadParam("NUMBER_OF_NEURONS"));
        Assert.Equal(0.001, sm.LoadParam("lr"));
        Assert.Equal("/data/run", sm.LoadParam("path"));
        Assert.Equal("50%", sm.LoadParam("ratio"));
        Assert.Equal("first line\nsecond line\n\nthird after an empty line", sm.LoadParam("description"));
        Assert.Equal(new[] { 1, 2, 3 }, sm.LoadParam("c"));
        Assert.Equal(new[] { "time", "number_of_neurons", "lr", "path", "ratio", "description", "flag", "c", "base" }, sm.GetAllParams());
        Assert.Equal(new[] { "Parameters", "Other" }, sm.GetSections());
    }

    [Fact]
    public void Adding_a_parameter_to_a_python_file_keeps_every_python_value()
    {
        string runFolder = Path.Combine(_temp.MainFolder("Py"), "Py2");
        Directory.CreateDirectory(runFolder);
        string path = Path.Combine(runFolder, "config.ini");
        ExternalTool.RunPython(
            "import sys, configparser\n" +
            "c = configparser.ConfigParser()\n" +
            "c['Parameters'] = {'time': str(1732456789.5), 'text': 'multi\\nline', 'pct': '10%%', 'lst': str([1.5, 'a'])}\n" +
            "with open(sys.argv[1], 'w') as f: c.write(f)\n", path);
        var before = ReadWithPython(path);

        StorageManager.Open(runFolder).SaveParam("score", 0.75);

        var after = ReadWithPython(path);
        foreach (var (key, value) in before["Parameters"]) Assert.Equal(value, after["Parameters"][key]);
        Assert.Equal("0.75", after["Parameters"]["score"]);
        Assert.Equal(new object?[] { 1.5, "a" }, StorageManager.Open(runFolder).LoadParam("lst"));
    }

    [Fact]
    public void Pymonnto_style_runs_load_with_pymonnto_types()
    {
        string runFolder = Path.Combine(_temp.MainFolder("MyName"), "MyName1234");
        Directory.CreateDirectory(runFolder);
        // PymoNNto's save_param: config.set(section, key, str(value)) on a ConfigParser, then write.
        ExternalTool.RunPython(
            "import sys, time, configparser\n" +
            "c = configparser.ConfigParser()\n" +
            "for k, v in {'time': time.time(), 'a': 1, 'b': True, 'c': [1, 2, 3], 'Score': 0.5, 'name': 'x y', 'tiny': 1e-05}.items():\n" +
            "    if not c.has_section('Parameters'): c.add_section('Parameters')\n" +
            "    c.set('Parameters', k, str(v))\n" +
            "with open(sys.argv[1] + '/config.ini', 'w') as f: c.write(f)\n", runFolder);
        var sm = StorageManager.Open(runFolder);
        Assert.Equal(1, sm.LoadParam("a"));
        Assert.Equal(true, sm.LoadParam("b"));
        Assert.Equal(new[] { 1, 2, 3 }, sm.LoadParam("c"));
        Assert.Equal(0.5, sm.LoadParam("score"));
        Assert.Equal("x y", sm.LoadParam("name"));
        Assert.Equal(1e-05, sm.LoadParam("tiny"));
        Assert.IsType<double>(sm.LoadParam("time"));
    }

    [Fact]
    public void A_one_megabyte_value_round_trips_here_and_in_python()
    {
        var sm = new StorageManager("Interop", options: _temp.Options);
        string big = string.Concat(Enumerable.Range(0, 1 << 20).Select(i => (char)('a' + i % 26)));
        string multiLine = string.Join('\n', Enumerable.Range(0, 20_000).Select(i => "line " + i));
        sm.SaveParamDict(new Dictionary<string, object?> { ["big"] = big, ["lines"] = multiLine });
        Assert.Equal(big, sm.LoadParam<string>("big"));
        Assert.Equal(multiLine, sm.LoadParam<string>("lines"));
        var python = ReadWithPython(Path.Combine(sm.Path, "config.ini"))["Parameters"];
        Assert.Equal(big, python["big"]);
        Assert.Equal(multiLine, python["lines"]);
    }

    [Fact]
    public void An_empty_config_file_is_a_run_without_parameters()
    {
        var sm = new StorageManager("Interop", options: _temp.Options);
        File.WriteAllBytes(Path.Combine(sm.Path, "config.ini"), Array.Empty<byte>());
        Assert.Empty(sm.GetAllParams());
        Assert.Null(sm.LoadParam("time"));
        sm.SaveParam("after", 1);
        Assert.Equal(1, sm.LoadParam("after"));
    }
}
