using System.CommandLine;
using System.CommandLine.Help;
using StorageTyped.Cli;

namespace StorageTyped.Cli.Tests;

/// <summary>Runs the tool in this process, one call at a time (it writes to the process's console).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessToolCollection
{
    public const string Name = "runs in process";
}

/// <summary>
/// Every option of every command, given a value that does not parse (or lies outside what the option takes), is exit
/// code 2 with a message that names the option — never a stack trace. The command tree is walked, so an option added
/// later is tried too (or the test says how to classify it).
/// </summary>
[Collection(InProcessToolCollection.Name)]
public sealed class OptionValueTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public OptionValueTests()
    {
        for (int i = 1; i <= 2; i++)
        {
            var sm = new StorageManager("Q", options: _temp.Options);
            sm.SaveParamDict(new Dictionary<string, object?> { ["a"] = i, ["b"] = i * 0.5 });
        }
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>A command line each command runs with, to which the option under test is added.</summary>
    private Dictionary<string, string[]> BaseLines() => new()
    {
        ["list"] = ["list", "Q"],
        ["show"] = ["show", "Q/Q1"],
        ["compare"] = ["compare", "Q/Q1", "Q/Q2"],
        ["groups"] = ["groups"],
        ["params"] = ["params", "Q"],
        ["agg"] = ["agg", "Q", "--by", "a", "--value", "b"],
        ["plot"] = ["plot", "Q", "--x", "a", "--y", "b", "-o", Path.Combine(_temp.Root, "plot.png")],
        ["export"] = ["export", "Q", "-o", Path.Combine(_temp.Root, "runs.csv")],
        ["schema"] = ["schema", "Q"],
        ["report"] = ["report", "Q", "-o", Path.Combine(_temp.Root, "report.html")],
        ["sweep status"] = ["sweep", "status", "Q"],
        // --dry-run: a line that parses prints the script and submits nothing, so no cluster is needed here.
        ["sweep submit"] = ["sweep", "submit", "--tasks", "2", "--dry-run", "--", "true"],
    };

    /// <summary>Options whose value is any text: a key, a query, a title, a folder. What they name is checked later, with its own exit code.</summary>
    private static readonly HashSet<string> FreeText =
    [
        "--data", "--tag", "--where", "--sort", "--columns", "--section", "--by", "--value", "--x", "--y", "--series", "--title",
        "--metric", "--replicate", "--array",
        // sweep submit: names and text handed to sbatch; SbatchScript checks them (a usage error naming the option, SweepSubmitTests).
        "--partition", "--job-name", "--account", "--qos", "--mem", "--chdir", "--env", "--setup", "--sbatch-option",
    ];

    /// <summary>Values outside what one command's option takes, where the same name takes other values elsewhere (empty: any text).</summary>
    private static readonly Dictionary<(string Command, string Option), string[]> OutsideTheSetOf = new()
    {
        [("sweep submit", "--output")] = [],   // sbatch's output file pattern: any text (checked by SbatchScript)
        [("sweep submit", "--time")] = ["abc", "1:2:3:4", "-5", "2-", "99:99:99x"],
        [("report", "--output")] = ["report.pdf", "noextension"],
        [("sweep status", "--failures")] = ["abc", "3000000000", "1.5", "", "-1"],   // 0 lists no failures
    };

    /// <summary>Text options that take one of a set of values: values outside it.</summary>
    private static readonly Dictionary<string, string[]> OutsideTheSet = new()
    {
        ["--status"] = ["done", "0", "completed,nope"],
        ["--stat"] = ["mode", "np.exec(a)"],
        ["--agg"] = ["mode", "__import__('os')"],
        ["--errorbars"] = ["mode"],
        ["--output"] = ["runs.xlsx", "noextension"],
    };

    /// <summary>Values that do not parse as <paramref name="type"/>, or lie outside every option's range.</summary>
    private static string[] NotA(Type type)
    {
        Type underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(int)) return ["abc", "3000000000", "-3000000000", "99999999999999999999999", "1.5", "0x10", "", "0", "-1"];
        if (underlying == typeof(bool)) return ["abc", "2"];
        if (underlying.IsEnum) return ["xml", "2", ""];
        throw new InvalidOperationException($"The test has no unparsable values for options of type {type}; add them to NotA.");
    }

    [Fact]
    public void Every_option_of_every_command_given_a_value_that_does_not_parse_is_exit_code_2_naming_the_option()
    {
        RootCommand root = RunsCommand.Build();
        var baseLines = BaseLines();
        // Every command that runs (a leaf: runs sweep has only subcommands), by its path below runs.
        var commands = Leaves(root, "").ToList();
        Assert.Equal(baseLines.Keys.Order(), commands.Select(c => c.Path).Order());
        var recursive = root.Options.Where(o => o.Recursive && o is not HelpOption and not VersionOption).ToList();
        int tried = 0;
        foreach (var (path, command) in commands)
        {
            foreach (Option option in command.Options.Concat(recursive))
            {
                if (option is HelpOption or VersionOption) continue;
                bool flag = option.ValueType == typeof(bool);
                string[] values;
                if (OutsideTheSetOf.TryGetValue((path, option.Name), out var outsideHere)) values = outsideHere;
                else if (FreeText.Contains(option.Name))
                {
                    Assert.True(option.ValueType == typeof(string) || option.ValueType == typeof(string[]), $"{option.Name} is listed as free text but takes {option.ValueType}.");
                    continue;
                }
                else if (OutsideTheSet.TryGetValue(option.Name, out var outside)) values = outside;
                else if (option.ValueType == typeof(string) || option.ValueType == typeof(string[]))
                    throw new InvalidOperationException($"{path} {option.Name} takes text: list it in FreeText or give values outside its set in OutsideTheSet.");
                else values = NotA(option.ValueType);
                if (path == "show" && option.Name == "--format") values = [.. values, "csv"];

                foreach (string value in values)
                {
                    string[] extra = option.Name == "--errorbars" ? ["--agg", "mean"] : [];
                    // A flag takes its value only as --flag=value; a separate token would be a stray argument.
                    string[] given = flag ? [option.Name + "=" + value] : [option.Name, value];
                    string[] line = baseLines[path];
                    int taken = Array.FindIndex(line, token => option.Name == token || option.Aliases.Contains(token));
                    if (taken >= 0) line = [.. line[..taken], .. line[(taken + 2)..]]; // the option under test replaces the base line's
                    // Options go before a "--" that ends them (sweep submit's command follows it).
                    int end = Array.IndexOf(line, "--");
                    string[] arguments = end < 0
                        ? [.. line, .. extra, .. given, "--data", _temp.DataFolder]
                        : [.. line[..end], .. extra, .. given, "--data", _temp.DataFolder, .. line[end..]];
                    var (code, error) = RunInProcess(arguments);
                    Assert.True(code == 2, $"runs {string.Join(' ', arguments)}: exit code {code}, expected 2.\n{error}");
                    Assert.True(error.Contains(option.Name, StringComparison.Ordinal), $"runs {string.Join(' ', arguments)}: the message does not name {option.Name}:\n{error}");
                    Assert.DoesNotContain("   at ", error);
                    tried++;
                }
            }
        }
        Assert.True(tried > 80, $"only {tried} command lines were tried");
    }

    /// <summary>The commands that have an action, with their path below runs ("list", "sweep status").</summary>
    private static IEnumerable<(string Path, Command Command)> Leaves(Command parent, string prefix)
    {
        foreach (Command command in parent.Subcommands)
        {
            string path = prefix + command.Name;
            if (command.Subcommands.Count == 0) yield return (path, command);
            else foreach (var leaf in Leaves(command, path + " ")) yield return leaf;
        }
    }

    [Fact]
    public void The_same_options_given_good_values_still_work()
    {
        var (code, error) = RunInProcess(["list", "Q", "--limit", "1", "--format", "JSON", "--data", _temp.DataFolder]);
        Assert.True(code == 0, error);
        (code, error) = RunInProcess(["plot", "Q", "--x", "a", "--y", "b", "--width", "50", "--height", "20000", "-o", Path.Combine(_temp.Root, "p.SVG"), "--data", _temp.DataFolder]);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(_temp.Root, "p.SVG")));
    }

    private static (int Code, string Error) RunInProcess(string[] arguments)
    {
        TextWriter output = Console.Out, error = Console.Error;
        var capturedError = new StringWriter();
        try
        {
            Console.SetOut(new StringWriter());
            Console.SetError(capturedError);
            int code = RunsCommand.Run(arguments);
            return (code, capturedError.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
    }
}
