namespace StorageTyped.Tests.Objects;

public sealed class ObjectAndTextTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public sealed record Neuron(int Id, double Threshold, string[] Tags);

    public sealed record Settings
    {
        public string Name { get; init; } = "";
        public List<double> Rates { get; init; } = new();
        public Dictionary<string, int> Counts { get; init; } = new();
        public Neuron? Best { get; init; }
    }

    public sealed class Poco
    {
        public int Count { get; set; }
        public double[,]? Matrix { get; set; }
        public DateTime When { get; set; }
    }

    [Fact]
    public void Records_pocos_dictionaries_and_collections_round_trip()
    {
        var sm = new StorageManager("Objects", options: _temp.Options);
        var settings = new Settings
        {
            Name = "net",
            Rates = { 0.5, double.NaN, -0.0 },
            Counts = { ["a"] = 1, ["b"] = 2 },
            Best = new Neuron(7, 0.25, new[] { "fast", "ü" }),
        };
        sm.SaveObj("settings", settings);
        sm.SaveObj("neurons", new List<Neuron> { new(1, 0.1, Array.Empty<string>()), new(2, 0.2, new[] { "x" }) });
        sm.SaveObj("map", new Dictionary<string, double[]> { ["w"] = new[] { 1.0, 2.0 } });
        sm.SaveObj("poco", new Poco { Count = 3, Matrix = new double[,] { { 1, 2 }, { 3, 4 } }, When = new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc) });

        var loaded = sm.LoadObj<Settings>("settings");
        Assert.Equal("net", loaded.Name);
        Assert.Equal(settings.Rates, loaded.Rates);
        Assert.Equal(settings.Counts, loaded.Counts);
        Assert.Equal(7, loaded.Best!.Id);
        Assert.Equal(new[] { "fast", "ü" }, loaded.Best.Tags);
        var neurons = sm.LoadObj<List<Neuron>>("neurons");
        Assert.Equal(2, neurons.Count);
        Assert.Equal(0.2, neurons[1].Threshold);
        Assert.Equal(new[] { 1.0, 2.0 }, sm.LoadObj<Dictionary<string, double[]>>("map")["w"]);
        var poco = sm.LoadObj<Poco>("poco");
        Assert.Equal(4, poco.Matrix![1, 1]);
        Assert.Equal(new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc), poco.When);
        Assert.True(sm.HasObj("settings"));
        Assert.False(sm.HasObj("absent"));
        Assert.True(File.Exists(Path.Combine(sm.Path, "settings.msgpack")));
    }

    [Fact]
    public void Loading_a_missing_object_names_key_and_run()
    {
        var sm = new StorageManager("Objects", options: _temp.Options);
        var error = Assert.Throws<FileNotFoundException>(() => sm.LoadObj<Settings>("absent"));
        Assert.Contains("'absent'", error.Message);
        Assert.Contains(sm.Path, error.Message);
    }

    [Fact]
    public void Loading_a_corrupt_object_names_the_file()
    {
        var sm = new StorageManager("Objects", options: _temp.Options);
        sm.SaveObj("settings", new Settings { Name = "x" });
        string path = Path.Combine(sm.Path, "settings.msgpack");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<InvalidDataException>(() => sm.LoadObj<Settings>("settings"));
        Assert.Contains(path, truncated.Message);
        File.WriteAllBytes(path, new byte[] { 0xc1, 0xc1, 0xc1 });
        var garbage = Assert.Throws<InvalidDataException>(() => sm.LoadObj<Settings>("settings"));
        Assert.Contains(path, garbage.Message);
        File.WriteAllBytes(path, new byte[] { 0x01, 0x02 });
        Assert.Throws<InvalidDataException>(() => sm.LoadObj<int>("settings"));
    }

    [Fact]
    public void Text_round_trips_as_utf8_without_bom()
    {
        var sm = new StorageManager("Text", options: _temp.Options);
        const string text = "line 1\r\nline 2\n  indented  \n Grüße 😀 %";
        sm.SaveStr("notes", text);
        Assert.Equal(text, sm.LoadStr("notes"));
        byte[] bytes = File.ReadAllBytes(Path.Combine(sm.Path, "notes.txt"));
        Assert.NotEqual(0xEF, bytes[0]);
        string fromPython = System.Text.Json.JsonSerializer.Deserialize<string>(ExternalTool.RunPython(
            "import sys, json; print(json.dumps(open(sys.argv[1], encoding='utf-8', newline='').read()))", Path.Combine(sm.Path, "notes.txt")))!;
        Assert.Equal(text, fromPython);
        var missing = Assert.Throws<FileNotFoundException>(() => sm.LoadStr("absent"));
        Assert.Contains("'absent'", missing.Message);
    }
}
