namespace StorageTyped.Cli.Tests;

/// <summary>--help for the tool and every command; the progress bar on a terminal and plain output when redirected.</summary>
public sealed class HelpAndTerminalTests
{
    [Fact]
    public void The_tool_help_lists_every_command_the_exit_codes_and_examples()
    {
        using var temp = new TempFolder();
        var result = RunsTool.RunIn(temp.Root, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (string command in new[] { "list", "show", "compare", "groups", "params", "agg", "plot", "export" })
            Assert.Matches($@"\n  {command}\b.*\w", result.Output);
        foreach (string code in new[] { "3  data folder not found", "4  group or run not found", "5  malformed --where", "6  unknown column", "7  a file cannot be read", "8  the output file" })
            Assert.Contains(code, result.Output);
        Assert.Contains("runs list MyName --where", result.Output);
        Assert.Contains("--data", result.Output);
    }

    [Theory]
    [InlineData("list", new[] { "<group>", "--where", "--status", "--sort", "--desc", "--columns", "--limit", "--format", "--tag", "--data" })]
    [InlineData("show", new[] { "<run>", "--format", "Group/RunFolder" })]
    [InlineData("compare", new[] { "<runs>", "--section", "--all", "--format" })]
    [InlineData("groups", new[] { "--format", "--data" })]
    [InlineData("params", new[] { "<group>", "--section", "--where", "--status", "types" })]
    [InlineData("agg", new[] { "<group>", "--by", "--value", "--stat", "mean, std, median", "np.std(a)" })]
    [InlineData("plot", new[] { "<group>", "--x", "--y", "--agg", "--errorbars", "--series", "--output", "--width", ".png or .svg" })]
    [InlineData("export", new[] { "<group>", "--output", "--columns", "--provenance", "int64", "pandas" })]
    public void Each_command_help_describes_its_arguments_options_and_examples(string command, string[] expected)
    {
        using var temp = new TempFolder();
        var result = RunsTool.RunIn(temp.Root, command, "--help"); // no group given: help still answers

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains($"runs {command}", result.Output);
        Assert.Contains("Examples:", result.Output);
        Assert.Contains("Exit codes: see runs --help.", result.Output);
        foreach (string text in expected) Assert.Contains(text, result.Output);
    }

    [Fact]
    public void A_terminal_sees_a_progress_bar_on_the_first_scan_and_a_redirected_run_sees_none()
    {
        using var temp = new TempFolder();
        ExternalTool.RunPython("""
import os, sys
main = os.path.join(sys.argv[1], 'StorageManager', 'Big')
os.makedirs(main)
for i in range(1, 3001):
    os.mkdir(os.path.join(main, f'Big{i}'))
    with open(os.path.join(main, f'Big{i}', 'config.ini'), 'w') as f:
        f.write(f'[Parameters]\nn = {i}\n')
""", temp.DataFolder);

        // script(1) gives the tool a pseudo-terminal, as an interactive shell would; the bar shows at once with the delay at 0.
        var environment = new Dictionary<string, string?> { ["RUNS_PROGRESS_DELAY_MS"] = "0", ["TERM"] = "xterm" };
        var terminal = ExternalTool.Run("script", ["-qefc", $"dotnet '{RunsTool.Dll}' list Big --limit 1 --columns n", "/dev/null"], temp.Root, environment, check: false);
        Assert.Equal(0, terminal.ExitCode);
        Assert.Contains("Reading the runs of Big", terminal.Output);
        Assert.Matches(@"\d+%", terminal.Output);
        Assert.Contains("Big1", terminal.Output);

        var redirected = RunsTool.RunWith(temp.Root, environment, "list", "Big", "--limit", "1", "--columns", "n");
        Assert.Equal(0, redirected.ExitCode);
        Assert.Equal("", redirected.Error);
        Assert.DoesNotContain('\u001b', redirected.Output);
        Assert.Contains("the first 1; 3000 runs of Big", redirected.Output);
    }
}
