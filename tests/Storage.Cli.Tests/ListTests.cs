using System.Text.Json;

namespace StorageTyped.Cli.Tests;

/// <summary>runs list: tables, CSV and JSON of runs written by the library and by Python, filtered, sorted, limited.</summary>
[Collection(SweepCollection.Name)]
public sealed class ListTests(SweepData data)
{
    [Fact]
    public void The_table_shows_every_run_with_its_status_and_parameters_in_natural_order()
    {
        var result = data.Tool("list", "Net");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.DoesNotContain('\u001b', result.Output); // redirected: no colours or cursor movement
        string[] lines = result.Output.Split('\n');
        string header = lines.First(line => line.Contains("run"));
        foreach (string column in new[] { "run", "status", "number_of_neurons", "lr", "plastic", "label", "mixed", "ratio", "score" })
            Assert.Contains(column, header);
        var runLines = lines.Where(line => line.Contains("Net")).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"Net{i}"), runLines.Select(line => line.Split('│', StringSplitOptions.TrimEntries)[1]).Take(12));
        Assert.Contains("completed", runLines[0]);
        Assert.Contains("failed", runLines[8]);
        Assert.Contains("interrupted", runLines[10]);
        Assert.Contains("running", runLines[11]);
        Assert.Contains("net 3", runLines[2]);
        Assert.Contains("12 runs of Net", result.Output);
    }

    [Fact]
    public void Where_sort_desc_limit_and_columns_select_what_the_group_API_selects()
    {
        var result = data.Tool("list", "Net", "--where", "number_of_neurons>=200 and score>0.5", "--sort", "score", "--desc", "--columns", "score,number_of_neurons", "--limit", "3", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        var smg = new StorageManagerGroup("Net", options: data.Options).Where("number_of_neurons>=200 and score>0.5");
        smg.SortBy("score", descending: true);
        Assert.Equal(smg.Take(3).Select(run => run.FolderName), rows.Select(row => row.GetProperty("run").GetString()));
        Assert.Equal(smg["score"].Take(3).Cast<double>(), rows.Select(row => row.GetProperty("score").GetDouble()));
        Assert.Equal(new[] { "run", "score", "number_of_neurons" }, rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, rows[0].GetProperty("number_of_neurons").ValueKind);
    }

    [Fact]
    public void Json_holds_typed_values_and_statuses_as_the_library_reads_them()
    {
        var result = data.Tool("list", "Net", "--format", "json");

        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        var smg = new StorageManagerGroup("Net", options: data.Options);
        Assert.Equal(smg.Select(run => run.Status.ToString().ToLowerInvariant()), rows.Select(row => row.GetProperty("status").GetString()));
        Assert.Equal(smg.GetParamList("number_of_neurons").Cast<int>(), rows.Select(row => row.GetProperty("number_of_neurons").GetInt32()));
        Assert.Equal(JsonValueKind.True, rows[1].GetProperty("plastic").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[11].GetProperty("score").ValueKind); // Net12 has no score
        Assert.Equal(3, rows[2].GetProperty("mixed").GetInt32());
        Assert.Equal("x7", rows[6].GetProperty("mixed").GetString());
        Assert.Equal(2.5, rows[1].GetProperty("ratio").GetDouble());
    }

    [Fact]
    public void Csv_has_a_header_and_the_values_as_config_ini_holds_them()
    {
        var result = data.Tool("list", "Py", "--format", "csv", "--columns", "number_of_neurons,score,plastic,label,delays");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal("run,number_of_neurons,score,plastic,label,delays", lines[0]);
        // PymoNNto's folders (Py, Py_0, Py7, Py1234) in natural order; keys lower-cased by configparser; None/missing empty.
        Assert.Equal("Py,900,0.25,True,net a,\"[1, 2, 3]\"", lines[1]);
        Assert.Equal("Py_0,1200,0.75,False,50percent done,\"[4, 5]\"", lines[2]); // the tuple reads as a list
        Assert.Equal("Py7,10,,,unfinished,", lines[3]);
        Assert.Equal("Py1234,5000,0.5,True,x,\"[1, 2]\"", lines[4]); // numpy's str() of an array, [1 2], reads as a list too
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void Status_filters_use_the_same_rule_as_StorageManager_Status()
    {
        string Runs(params string[] statuses)
        {
            var result = data.Tool(["list", "Net", "--columns", "run", "--format", "csv", .. statuses.SelectMany(s => new[] { "--status", s })]);
            Assert.Equal(0, result.ExitCode);
            return string.Join(' ', result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1));
        }

        Assert.Equal("Net1 Net2 Net3 Net4 Net5 Net6 Net7 Net8", Runs("completed"));
        Assert.Equal("Net9 Net10 Net11", Runs("failed,interrupted"));
        Assert.Equal("Net9 Net10 Net11", Runs("FAILED", "interrupted"));
        Assert.Equal("Net12", Runs("running"));
        Assert.Equal("", Runs("unknown"));
        var py = data.Tool("list", "Py", "--status", "unknown", "--format", "csv", "--columns", "run");
        Assert.Equal(5, py.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Sorting_by_run_or_status_and_section_columns_work()
    {
        var result = data.Tool("list", "Net", "--sort", "status", "--columns", "status,Provenance:error_type", "--format", "json", "--limit", "4");

        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(new[] { "completed", "completed", "completed", "completed" }, rows.Select(r => r.GetProperty("status").GetString()));
        var failed = data.Tool("list", "Net", "--status", "failed", "--columns", "Provenance:error_type", "--format", "csv");
        Assert.Contains("Net9,System.InvalidOperationException", failed.Output);
        var reversed = data.Tool("list", "Py", "--sort", "run", "--desc", "--columns", "run", "--format", "csv");
        Assert.Equal("run\nPy1234\nPy7\nPy_0\nPy\n", reversed.Output);
    }
}
