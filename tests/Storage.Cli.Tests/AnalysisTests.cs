using System.Text.Json;

namespace StorageTyped.Cli.Tests;

/// <summary>runs groups, runs params and runs agg, checked against the library and numpy.</summary>
[Collection(SweepCollection.Name)]
public sealed class AnalysisTests(SweepData data)
{
    [Fact]
    public void Groups_counts_the_runs_of_each_main_folder()
    {
        Directory.CreateDirectory(Path.Combine(data.DataFolder, "StorageManager", "Net", "NetOther"));
        try
        {
            var result = data.Tool("groups", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Output);
            var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("group").GetString()!);
            Assert.Equal(new[] { "Net", "Py" }, rows.Keys);
            Assert.Equal(12, rows["Net"].GetProperty("runs").GetInt32());
            Assert.Equal(1, rows["Net"].GetProperty("other_folders").GetInt32());
            Assert.Equal(4, rows["Py"].GetProperty("runs").GetInt32());
            var table = data.Tool("groups");
            Assert.Contains("2 groups in " + Path.Combine(data.DataFolder, "StorageManager"), table.Output);
        }
        finally
        {
            Directory.Delete(Path.Combine(data.DataFolder, "StorageManager", "Net", "NetOther"));
        }
    }

    [Fact]
    public void Params_describes_every_key_like_a_schema()
    {
        var result = data.Tool("params", "Net", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("parameter").GetString()!);
        Assert.Equal(new[] { "time", "number_of_neurons", "lr", "plastic", "label", "mixed", "ratio", "score" }, rows.Keys);
        Assert.Equal("int", rows["number_of_neurons"].GetProperty("types").GetString());
        Assert.Equal(100, rows["number_of_neurons"].GetProperty("min").GetInt32());
        Assert.Equal(400, rows["number_of_neurons"].GetProperty("max").GetInt32());
        Assert.Equal(3, rows["number_of_neurons"].GetProperty("distinct").GetInt32());
        Assert.Equal(11, rows["score"].GetProperty("runs").GetInt32());
        Assert.Equal("int 6, str 6", rows["mixed"].GetProperty("types").GetString());
        Assert.Equal("float 6, int 6", rows["ratio"].GetProperty("types").GetString());
        Assert.Equal("bool", rows["plastic"].GetProperty("types").GetString());
        Assert.Equal(JsonValueKind.Null, rows["plastic"].GetProperty("min").ValueKind);

        var completed = data.Tool("params", "Net", "--status", "completed", "--section", "Provenance");
        Assert.Contains("status", completed.Output);
        Assert.Contains("8 runs of Net", completed.Output);
        var py = data.Tool("params", "Py", "--format", "json");
        using var pyJson = JsonDocument.Parse(py.Output);
        var pyRows = pyJson.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("parameter").GetString()!);
        Assert.Equal("list", pyRows["delays"].GetProperty("types").GetString());
        Assert.Equal(3, pyRows["score"].GetProperty("runs").GetInt32());
    }

    [Fact]
    public void Agg_gives_what_numpy_gives_for_the_same_runs()
    {
        var result = data.Tool("agg", "Net", "--by", "number_of_neurons", "--value", "score", "--stat", "mean,std,count,median,np.max(a)", "--status", "completed,failed", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var smg = new StorageManagerGroup("Net", options: data.Options).WhereStatus(RunStatus.Completed, RunStatus.Failed);
        var pairs = smg.GetMultiParamList(["number_of_neurons", "score"]);
        string numpy = ExternalTool.RunPython("""
import sys, json, numpy as np
x = np.array(json.loads(sys.argv[1])); y = np.array(json.loads(sys.argv[2]))
u = np.unique(x)
print(json.dumps([[float(v), float(np.mean(y[x == v])), float(np.std(y[x == v])), int(np.sum(x == v)), float(np.median(y[x == v])), float(np.max(y[x == v]))] for v in u]))
""", JsonSerializer.Serialize(pairs[0]), JsonSerializer.Serialize(pairs[1]));
        using var expected = JsonDocument.Parse(numpy);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(expected.RootElement.GetArrayLength(), rows.Count);
        foreach (var (row, want) in rows.Zip(expected.RootElement.EnumerateArray()))
        {
            var w = want.EnumerateArray().ToList();
            Assert.Equal(w[0].GetDouble(), row.GetProperty("number_of_neurons").GetInt64());
            Assert.Equal(w[1].GetDouble(), row.GetProperty("mean").GetDouble(), 12);
            Assert.Equal(w[2].GetDouble(), row.GetProperty("std").GetDouble(), 12);
            Assert.Equal(w[3].GetInt32(), row.GetProperty("count").GetInt32());
            Assert.Equal(w[4].GetDouble(), row.GetProperty("median").GetDouble(), 12);
            Assert.Equal(w[5].GetDouble(), row.GetProperty("np.max(a)").GetDouble(), 12);
        }
        var table = data.Tool("agg", "Net", "--by", "number_of_neurons", "--value", "score");
        Assert.Contains("mean", table.Output);
        Assert.Contains("score by number_of_neurons: 11 of 12 runs of Net", table.Output);
    }
}
