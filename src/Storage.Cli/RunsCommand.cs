using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
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
    public static Option<OutputFormat> Format() => OptionParsing.Format(
        "table (for people), csv (RFC 4180, a header row) or json (an array of objects; numbers stay numbers) — csv and json pipe into other tools.",
        OutputFormat.Table, OutputFormat.Csv, OutputFormat.Json);

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
        var flagErrors = FlagsGivenValues(parsed, args).ToList();
        if (parsed.Action is ParseErrorAction || flagErrors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine("runs: " + error.Message);
            foreach (string flagError in flagErrors) Console.Error.WriteLine("runs: " + flagError);
            Console.Error.WriteLine($"See '{CommandPath(parsed.CommandResult)} --help'.");
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

    /// <summary>The command as typed: "runs", "runs list", "runs sweep submit".</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
            if (current is CommandResult { Command: not RootCommand } command) names.Insert(0, command.Command.Name);
        return string.Join(' ', ["runs", .. names]);
    }

    /// <summary>
    /// A flag given a value that is not true or false: --desc=abc, or --desc abc where abc is left over. System.CommandLine
    /// splits --desc=abc into a flag and a stray argument (or, for a command that takes several arguments, an argument
    /// such as a run), so its message would not name the flag.
    /// </summary>
    private static IEnumerable<string> FlagsGivenValues(ParseResult parsed, string[] args)
    {
        var flags = parsed.CommandResult.Command.Options.Concat(parsed.RootCommandResult.Command.Options.Where(o => o.Recursive))
            .Where(o => o.ValueType == typeof(bool))
            .SelectMany(o => o.Aliases.Append(o.Name).Select(alias => (Alias: alias, o.Name)))
            .ToDictionary(f => f.Alias, f => f.Name, StringComparer.Ordinal);
        var stray = parsed.UnmatchedTokens.ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            int equals = args[i].IndexOf('=');
            string alias = equals > 0 ? args[i][..equals] : args[i];
            if (!flags.TryGetValue(alias, out string? name)) continue;
            string? value = equals > 0 ? args[i][(equals + 1)..] : i + 1 < args.Length && stray.Contains(args[i + 1]) ? args[i + 1] : null;
            if (value is not null && !bool.TryParse(value, out _)) yield return $"{name} is a flag and takes no value ('{value}' given); write {name} alone.";
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

    /// <summary>The command tree: every command with its options (the tests walk it to try every option).</summary>
    internal static RootCommand Build()
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
              runs sweep status MyName
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
        root.Add(SweepCommand.Create());
        return root;
    }
}
