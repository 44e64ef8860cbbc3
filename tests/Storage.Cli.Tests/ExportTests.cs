using System.Text.Json;

namespace StorageTyped.Cli.Tests;

/// <summary>runs export: Parquet files read back by DuckDB (an external reader) and CSV files.</summary>
[Collection(SweepCollection.Name)]
public sealed class ExportTests(SweepData data)
{
    [Fact]
    public void Parquet_has_one_row_per_run_and_a_typed_column_per_parameter()
    {
        string file = Path.Combine(data.Root, "net.parquet");
        var result = data.Tool("export", "Net", "-o", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Wrote 12 runs × 10 columns to {file}", result.Error);
        using var read = ParquetReader.Read(file);
        var types = read.RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            ["run"] = "VARCHAR", ["status"] = "VARCHAR", ["time"] = "DOUBLE", ["number_of_neurons"] = "BIGINT", ["lr"] = "DOUBLE",
            ["plastic"] = "BOOLEAN", ["label"] = "VARCHAR", ["mixed"] = "VARCHAR", ["ratio"] = "DOUBLE", ["score"] = "DOUBLE",
        }, types);

        var rows = read.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var smg = new StorageManagerGroup("Net", options: data.Options);
        Assert.Equal(smg.Select(run => run.FolderName), rows.Select(r => r.GetProperty("run").GetString()));
        Assert.Equal(smg.GetStatusList().Select(s => s.ToString().ToLowerInvariant()), rows.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(smg.GetParamList("number_of_neurons").Select(v => Convert.ToInt64(v)), rows.Select(r => long.Parse(r.GetProperty("number_of_neurons").GetString()!))); // DuckDB's JSON gives BIGINT as text
        Assert.Equal(smg.GetParamList("score").Select(v => (double?)v), rows.Select(r => r.GetProperty("score").ValueKind == JsonValueKind.Null ? null : (double?)r.GetProperty("score").GetDouble()));
        Assert.Equal(smg.GetParamList("plastic").Cast<bool>(), rows.Select(r => r.GetProperty("plastic").GetBoolean()));
        Assert.Equal(smg.GetParamList("ratio").Select(Convert.ToDouble), rows.Select(r => r.GetProperty("ratio").GetDouble()));
        Assert.Equal(new[] { "1", "2", "3", "4", "5", "6", "x7", "x8", "x9", "x10", "x11", "x12" }, rows.Select(r => r.GetProperty("mixed").GetString()));
    }

    [Fact]
    public void Filters_provenance_columns_and_sql_over_the_file_agree_with_the_group()
    {
        string file = Path.Combine(data.Root, "done.parquet");
        var result = data.Tool("export", "Net", "--status", "completed", "--where", "lr < 0.05", "--provenance", "--sort", "score", "--desc", "-o", file);

        Assert.Equal(0, result.ExitCode);
        using var read = ParquetReader.Read(file, "SELECT run, \"Provenance:status\" AS s, \"Provenance:pid\" AS pid, score FROM t");
        var rows = read.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var expected = new StorageManagerGroup("Net", options: data.Options).WhereStatus(RunStatus.Completed).Where("lr < 0.05");
        expected.SortBy("score", descending: true);
        Assert.Equal(expected.Select(run => run.FolderName), rows.Select(r => r.GetProperty("run").GetString()));
        Assert.All(rows, r => Assert.Equal("completed", r.GetProperty("s").GetString()));
        Assert.Equal(Environment.ProcessId.ToString(), rows[0].GetProperty("pid").GetString());
        var types = read.RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString());
        Assert.Equal("BIGINT", types["Provenance:pid"]);
        Assert.Equal("DOUBLE", types["Provenance:duration_seconds"]);
        Assert.Equal("VARCHAR", types["Provenance:start_time"]);

        string all = Path.Combine(data.Root, "net-all.parquet");
        Assert.Equal(0, data.Tool("export", "Net", "-o", all).ExitCode);
        using var grouped = ParquetReader.Read(all, "SELECT number_of_neurons AS n, avg(score) AS m, count(score) AS c FROM t GROUP BY 1 ORDER BY 1");
        var agg = data.Tool("agg", "Net", "--by", "number_of_neurons", "--value", "score", "--stat", "mean,count", "--format", "json");
        using var aggJson = JsonDocument.Parse(agg.Output);
        foreach (var (sql, tool) in grouped.RootElement.GetProperty("rows").EnumerateArray().Zip(aggJson.RootElement.EnumerateArray()))
        {
            Assert.Equal(long.Parse(sql.GetProperty("n").GetString()!), tool.GetProperty("number_of_neurons").GetInt64());
            Assert.Equal(sql.GetProperty("m").GetDouble(), tool.GetProperty("mean").GetDouble(), 12);
            Assert.Equal(long.Parse(sql.GetProperty("c").GetString()!), tool.GetProperty("count").GetInt64());
        }
    }

    [Fact]
    public void Runs_written_by_Python_export_with_lists_and_big_values_as_text()
    {
        string file = Path.Combine(data.Root, "py.parquet");
        Assert.Equal(0, data.Tool("export", "Py", "-o", file).ExitCode);

        using var read = ParquetReader.Read(file, "SELECT run, delays, label, score, plastic FROM t");
        var rows = read.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(new[] { "Py", "Py_0", "Py7", "Py1234" }, rows.Select(r => r.GetProperty("run").GetString()));
        Assert.Equal("[1, 2, 3]", rows[0].GetProperty("delays").GetString());
        Assert.Equal("50percent done", rows[1].GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.False, rows[1].GetProperty("plastic").ValueKind);
        var types = read.RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString());
        Assert.DoesNotContain("status", types.Keys); // PymoNNto's runs record none
    }

    [Fact]
    public void Csv_export_writes_what_list_prints_as_csv()
    {
        string file = Path.Combine(data.Root, "net.csv");
        var result = data.Tool("export", "Net", "--columns", "number_of_neurons,score,label", "-o", file);

        Assert.Equal(0, result.ExitCode);
        var listed = data.Tool("list", "Net", "--columns", "number_of_neurons,score,label", "--format", "csv");
        Assert.Equal(listed.Output, File.ReadAllText(file));
        Assert.Empty(Directory.GetFiles(data.Root, ".net.csv*")); // no temporary file left
    }
}
