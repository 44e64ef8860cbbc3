using System.Text.Json;

namespace StorageTyped.Cli.Tests;

/// <summary>runs show and runs compare on runs of both writers.</summary>
[Collection(SweepCollection.Name)]
public sealed class ShowCompareTests(SweepData data)
{
    [Fact]
    public void Show_lists_sections_parameters_files_and_array_headers()
    {
        var result = data.Tool("show", "Net/Net2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(data.Run("Net", "Net2"), result.Output);
        Assert.Contains("status: completed", result.Output);
        Assert.Contains("[Parameters]", result.Output);
        Assert.Contains("[Provenance]", result.Output);
        Assert.Contains("number_of_neurons", result.Output);
        Assert.Contains("spikes.npy", result.Output);
        Assert.Contains("array int32 (4, 6), Fortran order", result.Output);
        Assert.Contains("config.ini", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Show_as_json_gives_shapes_as_numpy_reads_them_and_sizes_as_the_disk_has_them()
    {
        var result = RunsTool.RunIn(data.Run("Py", "Py1234"), "show", ".", "--format", "json");
        var net = data.Tool("show", data.Run("Net", "Net2"), "--format", "json");

        using var py = JsonDocument.Parse(result.Output);
        var root = py.RootElement;
        Assert.Equal("unknown", root.GetProperty("status").GetString());
        Assert.Equal("5000", root.GetProperty("sections").GetProperty("Parameters").GetProperty("number_of_neurons").GetString());
        var rates = root.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "rates.npy");
        Assert.Equal("float32", rates.GetProperty("dtype").GetString());
        Assert.Equal(">f4", rates.GetProperty("descr").GetString());
        Assert.Equal(new long[] { 2, 3 }, rates.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.True(rates.GetProperty("fortran_order").GetBoolean());
        Assert.Equal(new FileInfo(Path.Combine(data.Run("Py", "Py1234"), "rates.npy")).Length, rates.GetProperty("size").GetInt64());

        using var json = JsonDocument.Parse(net.Output);
        var spikes = json.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "spikes.npy");
        Assert.Equal(data.SpikesShape, spikes.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal("Net", json.RootElement.GetProperty("group").GetString());
    }

    [Fact]
    public void Show_lists_links_as_links_and_never_follows_them()
    {
        using var temp = new TempFolder();
        var sm = new StorageManager("Links", options: temp.Options);
        sm.SaveNp("weights", new double[] { 1, 2 });
        Directory.CreateDirectory(Path.Combine(sm.Path, "sub"));
        File.WriteAllText(Path.Combine(sm.Path, "sub", "inside.txt"), "x");
        File.CreateSymbolicLink(Path.Combine(sm.Path, "loop"), ".");
        File.CreateSymbolicLink(Path.Combine(sm.Path, "loop2"), ".");
        File.CreateSymbolicLink(Path.Combine(sm.Path, "sub", "up"), "..");
        File.CreateSymbolicLink(Path.Combine(sm.Path, "passwd.npy"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(sm.Path, "etc"), "/etc");

        var result = RunsTool.RunIn(temp.Root, "show", sm.Path, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var files = json.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("contents").GetString());
        Assert.Equal(["config.ini", "etc", "loop", "loop2", "passwd.npy", "sub/inside.txt", "sub/up", "weights.npy"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("link → .", files["loop"]);
        Assert.Equal("link → ..", files["sub/up"]);
        Assert.Equal("link → /etc/passwd", files["passwd.npy"]);
        Assert.Equal("link → /etc", files["etc"]);
        Assert.Equal("array float64 (2,)", files["weights.npy"]);

        var table = RunsTool.RunIn(temp.Root, "show", sm.Path);
        Assert.Equal(0, table.ExitCode);
        Assert.DoesNotContain("root:", table.Output);
        Assert.Contains("link → /etc/passwd", table.Output);
    }

    [Fact]
    public void Compare_shows_the_parameters_that_differ_side_by_side()
    {
        var result = data.Tool("compare", "Net/Net1", "Net/Net3", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("parameter").GetString()!);
        // Net1 and Net3: both lr 0.1, both plastic False; neurons 200/100, labels, mixed, ratio, score and time differ.
        Assert.DoesNotContain("lr", rows.Keys);
        Assert.DoesNotContain("plastic", rows.Keys);
        Assert.Equal("200", rows["number_of_neurons"].GetProperty("Net1").GetString());
        Assert.Equal("100", rows["number_of_neurons"].GetProperty("Net3").GetString());
        Assert.Equal("net 3", rows["label"].GetProperty("Net3").GetString());

        var all = data.Tool("compare", "Net/Net1", "Net/Net3", "--all", "--format", "csv");
        Assert.Contains("lr,0.1,0.1", all.Output);
    }

    [Fact]
    public void Compare_takes_runs_of_different_groups_and_paths_and_marks_missing_keys()
    {
        var result = data.Tool("compare", "Net/Net1", data.Run("Py", "Py7"), "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("parameter").GetString()!);
        Assert.Equal("0.51", rows["score"].GetProperty("Net1").GetString());
        Assert.Equal(JsonValueKind.Null, rows["score"].GetProperty("Py7").ValueKind);
        Assert.Equal("unfinished", rows["label"].GetProperty("Py7").GetString());

        var same = data.Tool("compare", "Net/Net4", data.Run("Net", "Net4"));
        Assert.Equal(0, same.ExitCode);
        Assert.Contains("The 2 runs have the same 8 parameters in [Parameters].", same.Output);
    }
}
