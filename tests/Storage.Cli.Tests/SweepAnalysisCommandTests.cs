using System.Text.Json;

namespace StorageTyped.Cli.Tests;

/// <summary>runs schema, runs agg --replicate and the sem/ci95 statistics, runs report, and the schema in Parquet metadata.</summary>
[Collection(SweepCollection.Name)]
public sealed class SweepAnalysisCommandTests(SweepData data)
{
    [Fact]
    public void Schema_prints_the_groups_DetectSchema_as_a_table_and_as_json()
    {
        var result = data.Tool("schema", "Net", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var schema = new StorageManagerGroup("Net", options: data.Options).DetectSchema();
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(12, root.GetProperty("runs").GetInt32());
        Assert.Equal(schema.Varying.Keys, root.GetProperty("varying").EnumerateObject().Select(p => p.Name));
        Assert.Equal([100, 200, 400], root.GetProperty("varying").GetProperty("number_of_neurons").GetProperty("values").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(["int", "float"], root.GetProperty("varying").GetProperty("ratio").GetProperty("types").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(1, root.GetProperty("varying").GetProperty("score").GetProperty("runs_without").GetInt32());
        Assert.Empty(root.GetProperty("constant").EnumerateObject());

        var filtered = data.Tool("schema", "Net", "--where", "lr == 0.1", "--format", "csv");
        Assert.Equal(0, filtered.ExitCode);
        var lines = filtered.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("parameter,kind,types,values,runs without,distinct values", lines[0]);
        Assert.Contains("lr,constant,float,1,0,0.1", lines);
        Assert.Contains("plastic,constant,bool,1,0,False", lines);

        var table = data.Tool("schema", "Net", "--section", "Provenance");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("[Provenance] of 12 runs of Net:", table.Output);
        Assert.Contains("status", table.Output);
    }

    [Fact]
    public void Agg_with_replicate_gives_the_cells_of_SummarizeReplicates()
    {
        var result = data.Tool("agg", "Net", "--value", "score", "--replicate", "plastic", "--by", "number_of_neurons",
            "--stat", "count,mean,std,sem,ci95,min,max,none,missing", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var cells = new StorageManagerGroup("Net", options: data.Options).SummarizeReplicates("score", replicate: "plastic", by: ["number_of_neurons"]);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(cells.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Assert.Equal(cells[i].Axes["number_of_neurons"], row.GetProperty("number_of_neurons").GetInt32());
            Assert.Equal(cells[i].N, row.GetProperty("count").GetInt32());
            Assert.Equal(cells[i].Mean, row.GetProperty("mean").GetDouble());
            Assert.Equal(cells[i].Std, row.GetProperty("std").GetDouble());
            Assert.Equal(cells[i].Sem, row.GetProperty("sem").GetDouble());
            Assert.Equal(cells[i].CiLow, row.GetProperty("ci95_low").GetDouble());
            Assert.Equal(cells[i].CiHigh, row.GetProperty("ci95_high").GetDouble());
            Assert.Equal(cells[i].NoneCount, row.GetProperty("none").GetInt32());
            Assert.Equal(cells[i].Missing.Cast<bool>(), row.GetProperty("missing").EnumerateArray().Select(v => v.GetBoolean()));
        }
        Assert.Contains(rows, row => row.GetProperty("none").GetInt32() == 1);   // Net12 has no score

        var table = data.Tool("agg", "Net", "--value", "score", "--replicate", "plastic", "--by", "number_of_neurons,lr");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("score over plastic: 6 cells of 12 runs of Net", table.Output);

        Assert.Equal(2, data.Tool("agg", "Net", "--value", "score", "--replicate", "plastic", "--stat", "median").ExitCode);
        var unknown = data.Tool("agg", "Net", "--value", "score", "--replicate", "sed");
        Assert.Equal(6, unknown.ExitCode);
        Assert.Contains("'sed'", unknown.Error);
        var text = data.Tool("agg", "Net", "--value", "label", "--replicate", "plastic", "--by", "lr");
        Assert.Equal(6, text.ExitCode);
        Assert.Contains("not a number", text.Error);
        Assert.Equal(2, data.Tool("agg", "Net", "--value", "score").ExitCode);   // neither --by nor --replicate
    }

    [Fact]
    public void Agg_gives_sem_and_the_t_interval_per_value_of_by()
    {
        var result = data.Tool("agg", "Net", "--by", "number_of_neurons", "--value", "score", "--stat", "mean,sem,ci95,count", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var smg = new StorageManagerGroup("Net", options: data.Options);
        var cells = smg.SummarizeReplicates("score", replicate: null, by: ["number_of_neurons"]).Where(c => c.N > 0).ToList();
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(cells.Select(c => c.Axes["number_of_neurons"]), rows.Select(r => (object?)r.GetProperty("number_of_neurons").GetInt32()));
        Assert.Equal(cells.Select(c => c.Sem), rows.Select(r => r.GetProperty("sem").GetDouble()));
        Assert.Equal(cells.Select(c => c.CiLow), rows.Select(r => r.GetProperty("ci95_low").GetDouble()));
        Assert.Equal(cells.Select(c => c.CiHigh), rows.Select(r => r.GetProperty("ci95_high").GetDouble()));
        Assert.Equal(2, data.Tool("plot", "Net", "--x", "number_of_neurons", "--y", "score", "--agg", "mean", "--errorbars", "ci95", "-o", Path.Combine(data.Root, "x.png")).ExitCode);
    }

    [Fact]
    public void Report_writes_one_html_file_and_refuses_unknown_keys_and_unwritable_paths()
    {
        string file = Path.Combine(data.Root, "net-report.html");
        var result = data.Tool("report", "Net", "-o", file, "--metric", "score", "--replicate", "plastic", "--array", "weights", "--status", "completed,failed");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Wrote a report of 10 runs to {file}", result.Error);
        string html = File.ReadAllText(file);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<script id=\"report-data\" type=\"application/json\">", html);
        Assert.Contains("Copyright (c) 2022 Leon Sorokin", html);   // uPlot's license travels with it
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "").Replace("http://www.w3.org/1999/xlink", ""), StringComparison.Ordinal);

        var unknown = data.Tool("report", "Net", "-o", file, "--metric", "scor");
        Assert.Equal(6, unknown.ExitCode);
        Assert.Contains("--metric: The report's metric 'scor'", unknown.Error);
        Assert.Equal(6, data.Tool("report", "Net", "-o", file, "--array", "nothing").ExitCode);
        Assert.Equal(8, data.Tool("report", "Net", "-o", Path.Combine(data.Root, "no-such-folder", "r.html")).ExitCode);
        Assert.Equal(5, data.Tool("report", "Net", "-o", file, "--where", "score >").ExitCode);
    }

    [Fact]
    public void A_parquet_export_carries_the_schema_as_key_value_metadata()
    {
        string file = Path.Combine(data.Root, "with-schema.parquet");
        Assert.Equal(0, data.Tool("export", "Net", "--status", "completed", "-o", file).ExitCode);

        using var read = ParquetReader.Read(file, $"SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('{file}')");
        var metadata = read.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("k").GetString()!, r => r.GetProperty("v").GetString()!);
        Assert.Equal("runs (StorageTyped.Cli)", metadata["created_by_tool"]);
        using var fromFile = JsonDocument.Parse(metadata["storagetyped.schema"]);
        using var fromTool = JsonDocument.Parse(data.Tool("schema", "Net", "--status", "completed", "--format", "json").Output);
        Assert.Equal(JsonSerializer.Serialize(fromTool.RootElement), JsonSerializer.Serialize(fromFile.RootElement));
        Assert.Equal(8, fromFile.RootElement.GetProperty("runs").GetInt32());
    }
}
