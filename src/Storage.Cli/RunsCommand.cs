using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using StorageTyped.Cli.Commands;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli;

/// <summary>The root command: its subcommands, the options they share, and how failures become exit codes.</summary>
internal static class RunsCommand
{
    /// <summary>--data: the Data folder, for every command.</summary>
    public static readonly Option<string?> Data = new("--data", "-d")
    {
        Description = "The Data folder (it holds StorageManager/<group>/<run>). Default: the first folder named Data at or above the current directory, as the library finds it.",
        Recursive = true,
    };

    /// <summary>A --format option for table, csv and json.</summary>
    public static Option<OutputFormat> Format() => new("--format", "-f")
    {
        Description = "table (for people), csv (RFC 4180, a header row) or json (an array of objects; numbers stay numbers) — csv and json pipe into other tools.",
        DefaultValueFactory = _ => OutputFormat.Table,
        HelpName = "table|csv|json",
    };

    /// <summary>A --section option: the section of config.ini a command reads ([Parameters] by default).</summary>
    public static Option<string> Section(string description) => new("--section")
    {
        Description = description,
        DefaultValueFactory = _ => StorageManager.DefaultSection,
    };

    /// <summary>What each command's --help prints after the options: details, then examples.</summary>
    private static readonly Dictionary<Command, string> HelpTexts = new();

    /// <summary>Sets what <paramref name="command"/>'s --help prints after its options.</summary>
    public static void SetHelp(Command command, string details, string examples)
    {
        string text = details.Length > 0 ? details.TrimEnd() + "\n\n" : "";
        text += "Examples:\n" + examples.TrimEnd();
        if (command is not RootCommand) text += "\n\nExit codes: see runs --help.";
        HelpTexts[command] = text;
    }

    /// <summary>Parses <paramref name="args"/>, runs the command and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var root = Build();
        ParseResult parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine("runs: " + error.Message);
            string command = parsed.CommandResult.Command is RootCommand ? "runs" : "runs " + parsed.CommandResult.Command.Name;
            Console.Error.WriteLine($"See '{command} --help'.");
            return (int)ExitCode.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e);
            Console.Out.Flush();
            Console.Error.WriteLine("runs: " + message);
            if (code == ExitCode.UnexpectedError && Environment.GetEnvironmentVariable("RUNS_DEBUG") is { Length: > 0 }) Console.Error.WriteLine(e);
            return (int)code;
        }
    }

    /// <summary>The exit code and message for an exception that ended a command.</summary>
    private static (ExitCode, string) Describe(Exception e) => e switch
    {
        CliException cli => (cli.Code, cli.Message),
        InvalidDataException => (ExitCode.UnreadableFile, e.Message),
        FileNotFoundException or DirectoryNotFoundException => (ExitCode.UnreadableFile, e.Message),
        UnauthorizedAccessException or IOException => (ExitCode.UnreadableFile, e.Message),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => (ExitCode.UnexpectedError, $"unexpected error ({e.GetType().Name}): {e.Message} — please report it; RUNS_DEBUG=1 shows where it happened."),
    };

    /// <summary>The standard help, then the command's details and examples (System.CommandLine has no section for them).</summary>
    private sealed class HelpWithDetails(HelpAction standard, IReadOnlyDictionary<Command, string> texts) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int code = standard.Invoke(parseResult);
            if (texts.TryGetValue(parseResult.CommandResult.Command, out string? text))
            {
                Console.Out.WriteLine(text);
                Console.Out.WriteLine();
            }
            return code;
        }
    }

    private static RootCommand Build()
    {
        var root = new RootCommand("""
            runs: look at the simulation runs StorageTyped and PymoNNto's Storage-Manager write
            (Data/StorageManager/<group>/<run>/config.ini, .npy, …) from a terminal: list, query, compare,
            aggregate, plot, export and report them, through the library's group and its index.
            """);
        SetHelp(root, ExitCodes.Text, """
              runs groups
              runs list MyName --where "number_of_neurons>1000 and score>0.5" --sort score --desc
              runs show MyName/MyName3
              runs agg MyName --by number_of_neurons --value score --stat mean,std,count
              runs plot MyName --x number_of_neurons --y score --agg mean --errorbars std -o score.png
              runs export MyName --status completed -o runs.parquet
              runs schema MyName
              runs agg MyName --value score --replicate seed --stat mean,sem,ci95
              runs report MyName -o report.html --metric score --replicate seed
            """);
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithDetails((HelpAction)help.Action!, HelpTexts);
        root.Add(Data);
        root.Add(ListCommand.Create());
        root.Add(ShowCommand.Create());
        root.Add(CompareCommand.Create());
        root.Add(GroupsCommand.Create());
        root.Add(ParamsCommand.Create());
        root.Add(AggCommand.Create());
        root.Add(PlotCommand.Create());
        root.Add(ExportCommand.Create());
        root.Add(SchemaCommand.Create());
        root.Add(ReportCommand.Create());
        return root;
    }
}
