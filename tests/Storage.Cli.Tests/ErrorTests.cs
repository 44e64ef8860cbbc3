namespace StorageTyped.Cli.Tests;

/// <summary>Clear messages and one exit code per kind of failure (see runs --help).</summary>
[Collection(SweepCollection.Name)]
public sealed class ErrorTests(SweepData data)
{
    [Fact]
    public void A_missing_data_folder_is_exit_code_3()
    {
        string nowhere = Path.Combine(data.Root, "does-not-exist");
        var given = data.Tool("list", "Net", "--data", nowhere);
        Assert.Equal(3, given.ExitCode);
        Assert.Contains($"The data folder '{nowhere}' (--data) does not exist.", given.Error);
        Assert.Equal("", given.Output);

        using var empty = new TempFolder();
        Directory.Delete(empty.DataFolder);
        var searched = RunsTool.RunIn(empty.Root, "groups");
        Assert.Equal(3, searched.ExitCode);
        Assert.Contains("No folder named Data at or above the current directory", searched.Error);
        Assert.Contains("--data", searched.Error);
    }

    [Fact]
    public void An_unknown_group_or_run_is_exit_code_4_and_names_what_there_is()
    {
        var group = data.Tool("list", "Nett");
        Assert.Equal(4, group.ExitCode);
        Assert.Contains("There is no group 'Nett'", group.Error);
        Assert.Contains("Groups there: Net, Py.", group.Error);
        Assert.Contains("Did you mean 'Net'?", group.Error);

        var run = data.Tool("show", "Net/Net99");
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("Group 'Net' has no run 'Net99'", run.Error);
        Assert.Equal(4, data.Tool("compare", "Net/Net1", "nowhere").ExitCode);

        var fromElsewhere = data.Tool("--data", data.DataFolder, "list", "Py", "--format", "csv", "--columns", "run");
        Assert.Equal(0, fromElsewhere.ExitCode);
        var projectFolder = data.Tool("list", "Py", "--data", data.Root, "--format", "csv", "--columns", "run"); // the folder holding Data is taken too
        Assert.Equal(fromElsewhere.Output, projectFolder.Output);
    }

    [Fact]
    public void A_malformed_where_is_exit_code_5_with_a_caret_under_the_position()
    {
        var result = data.Tool("list", "Net", "--where", "score > 0.5 and and lr < 1");

        Assert.Equal(5, result.ExitCode);
        string[] lines = result.Error.Split('\n');
        int query = Array.FindIndex(lines, line => line.EndsWith("score > 0.5 and and lr < 1", StringComparison.Ordinal));
        Assert.True(query > 0, result.Error);
        int column = lines[query].IndexOf("score", StringComparison.Ordinal) + "score > 0.5 and ".Length;
        Assert.Equal(column, lines[query + 1].IndexOf('^'));
        Assert.Contains("--where: The query is malformed at position 16", result.Error);
    }

    [Fact]
    public void An_unknown_column_is_exit_code_6_with_a_suggestion()
    {
        var columns = data.Tool("list", "Net", "--columns", "score,neurons");
        Assert.Equal(6, columns.ExitCode);
        Assert.Contains("--columns: no run of Net has 'neurons'", columns.Error);
        Assert.Contains("number_of_neurons", columns.Error);

        var sort = data.Tool("list", "Net", "--sort", "scor");
        Assert.Equal(6, sort.ExitCode);
        Assert.Contains("Did you mean 'score'?", sort.Error);

        var where = data.Tool("list", "Net", "--where", "scroe > 1");
        Assert.Equal(6, where.ExitCode);
        Assert.Contains("--where: no run of Net has a parameter 'scroe'", where.Error);

        var notNumeric = data.Tool("agg", "Net", "--by", "label", "--value", "score");
        Assert.Equal(6, notNumeric.ExitCode);
        Assert.Contains("--by: 'label' is not numeric: some runs hold net 1 (str)", notNumeric.Error);
        Assert.Equal(6, data.Tool("plot", "Net", "--x", "mixed", "--y", "score", "-o", Path.Combine(data.Root, "x.png")).ExitCode);
        Assert.Equal(6, data.Tool("list", "Net", "--columns", "Provenance:nothing").ExitCode);
    }

    [Fact]
    public void Unreadable_files_are_exit_code_7_and_the_readable_runs_are_still_listed()
    {
        using var temp = new TempFolder();
        for (int i = 1; i <= 3; i++)
            new StorageManager("Bad", options: temp.Options with { RunNumber = i }).SaveParam("n", i);
        var broken = StorageManager.Open(Path.Combine(temp.MainFolder("Bad"), "Bad2"));
        File.WriteAllText(Path.Combine(broken.Path, "config.ini"), "[Parameters\nn = 2\n");
        File.WriteAllBytes(Path.Combine(broken.Path, "weights.npy"), [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 200, 0]);

        var list = RunsTool.RunIn(temp.Root, "list", "Bad", "--columns", "n", "--format", "csv");
        Assert.Equal(7, list.ExitCode);
        Assert.Equal("run,n\nBad1,1\nBad2,\nBad3,3\n", list.Output);
        Assert.Contains("1 run(s) of Bad have a config.ini that cannot be read", list.Error);
        Assert.Contains(Path.Combine(temp.MainFolder("Bad"), "Bad2"), list.Error);

        var show = RunsTool.RunIn(temp.Root, "show", "Bad/Bad2");
        Assert.Equal(7, show.ExitCode);
        Assert.Contains("weights.npy", show.Output); // the files are still shown
        Assert.Contains(Path.Combine(broken.Path, "weights.npy"), show.Error);
        Assert.Contains(Path.Combine(broken.Path, "config.ini"), show.Error);
    }

    [Fact]
    public void An_output_that_cannot_be_written_is_exit_code_8_and_leaves_nothing_behind()
    {
        string missingFolder = Path.Combine(data.Root, "no-such-folder", "runs.parquet");
        var export = data.Tool("export", "Net", "-o", missingFolder);
        Assert.Equal(8, export.ExitCode);
        Assert.Contains($"the folder {Path.GetDirectoryName(missingFolder)} does not exist", export.Error);

        string folder = Path.Combine(data.Root, "taken.png");
        Directory.CreateDirectory(folder);
        var plot = data.Tool("plot", "Net", "--x", "number_of_neurons", "--y", "score", "-o", folder);
        Assert.Equal(8, plot.ExitCode);
        Assert.Contains("it is a folder", plot.Error);
        Assert.Empty(Directory.GetFiles(data.Root, ".taken.png*"));
    }

    [Fact]
    public void Runs_with_a_bomb_a_pipe_a_device_or_bytes_not_utf8_as_config_ini_are_reported_and_the_rest_is_listed()
    {
        using var temp = new TempFolder();
        for (int i = 1; i <= 5; i++) new StorageManager("Odd", options: temp.Options).SaveParam("a", i);
        string main = temp.MainFolder("Odd");
        var bomb = new System.Text.StringBuilder("[Parameters]\nx0 = aaaaaaaaaa\n");
        for (int level = 1; level < 12; level++) bomb.Append($"x{level} = ").Append(string.Concat(Enumerable.Repeat($"%(x{level - 1})s", 10))).Append('\n');
        File.WriteAllText(Path.Combine(main, "Odd2", "config.ini"), bomb.ToString());
        File.Delete(Path.Combine(main, "Odd3", "config.ini"));
        ExternalTool.Run("mkfifo", [Path.Combine(main, "Odd3", "config.ini")], null, null);
        File.Delete(Path.Combine(main, "Odd4", "config.ini"));
        File.CreateSymbolicLink(Path.Combine(main, "Odd4", "config.ini"), "/dev/zero");
        File.WriteAllBytes(Path.Combine(main, "Odd5", "config.ini"), [.. "[Parameters]\na = caf"u8, 0xE9, (byte)'\n']);

        var list = RunsTool.RunIn(temp.Root, "list", "Odd", "--columns", "run,a", "--format", "csv");
        Assert.Equal(7, list.ExitCode);
        Assert.Contains("Odd1,1", list.Output);
        Assert.Contains("[Parameters] x", list.Error);
        Assert.Contains("a named pipe", list.Error);
        Assert.Contains("a character device", list.Error);
        Assert.Contains("(0xE9) is not UTF-8", list.Error);
        // An unreadable run stays in the untyped group without parameters: a row, but no value read from bad bytes.
        Assert.Contains("Odd5,\n", list.Output);
        Assert.DoesNotContain("caf", list.Output);

        var show = RunsTool.RunIn(temp.Root, "show", "Odd/Odd3");
        Assert.Equal(7, show.ExitCode);
        Assert.Contains("a named pipe", show.Error);
    }

    [Fact]
    public void A_where_query_nested_too_deep_is_exit_code_5_and_a_long_chain_is_answered()
    {
        var deep = data.Tool("list", "Net", "--where", new string('(', 6000) + "score > 0" + new string(')', 6000));
        Assert.Equal(5, deep.ExitCode);
        Assert.Contains("malformed at position 100: parentheses nest more than 100 deep", deep.Error);
        Assert.DoesNotContain("   at ", deep.Error);

        // As long as one command-line argument can be (128 KiB on Linux): 4,000 conditions.
        string chain = string.Join(" or ", Enumerable.Range(1, 4_000).Select(i => $"number_of_neurons == {-i}")) + " or number_of_neurons == 400";
        var answered = data.Tool("list", "Net", "--where", chain, "--columns", "run", "--format", "csv");
        Assert.True(answered.ExitCode == 0, answered.Error);
        Assert.Equal(["run", "Net2", "Net5", "Net8", "Net11"], answered.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData(new[] { "list", "Net", "--status", "done" }, "--status: 'done' is not a status")]
    [InlineData(new[] { "list", "Net", "--format", "xml" }, "xml")]
    [InlineData(new[] { "list", "Net", "--limit", "0" }, "--limit: '0' is not a whole number of runs from 1 to 2147483647")]
    [InlineData(new[] { "list", "Net", "--limit", "abc" }, "--limit: 'abc' is not a whole number")]
    [InlineData(new[] { "list", "Net", "--limit", "3000000000" }, "--limit: '3000000000' is not a whole number")]
    [InlineData(new[] { "plot", "Net", "--x", "lr", "--y", "score", "--width", "abc" }, "--width: 'abc' is not a whole number of pixels")]
    [InlineData(new[] { "show", "Net/Net1", "--format", "xml" }, "--format: 'xml' is not a format this command prints; use table, json")]
    [InlineData(new[] { "show", "Net/Net1", "--format", "csv" }, "--format: 'csv' is not a format")]
    [InlineData(new[] { "export", "Net", "-o", "runs.xlsx" }, "--output: 'runs.xlsx' must end in .parquet or .csv")]
    [InlineData(new[] { "plot", "Net", "--x", "lr" }, "--y")]
    [InlineData(new[] { "plot", "Net", "--x", "lr", "--y", "score", "--errorbars", "std" }, "--errorbars needs --agg")]
    [InlineData(new[] { "agg", "Net", "--by", "lr", "--value", "score", "--stat", "mode" }, "--stat: 'mode' is not a statistic")]
    [InlineData(new[] { "compare", "Net/Net1" }, "compare")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    [InlineData(new string[0], "Required command")]
    public void A_wrong_command_line_is_exit_code_2(string[] arguments, string message)
    {
        var result = data.Tool(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal("", result.Output);
    }
}
