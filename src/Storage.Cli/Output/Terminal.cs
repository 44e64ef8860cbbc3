using Spectre.Console;

namespace StorageTyped.Cli.Output;

/// <summary>
/// Standard output and error as Spectre consoles. A redirected stream gets no colours, no cursor movement and no
/// made-up width (tables are as wide as their content), so that what lands in a file or a pipe is plain text.
/// </summary>
internal static class Terminal
{
    private static readonly Lazy<IAnsiConsole> OutConsole = new(() => Create(Console.Out, !Console.IsOutputRedirected));
    private static readonly Lazy<IAnsiConsole> ErrorConsole = new(() => Create(Console.Error, !Console.IsErrorRedirected));

    /// <summary>Standard output.</summary>
    public static IAnsiConsole Out => OutConsole.Value;

    /// <summary>Standard error (messages and progress).</summary>
    public static IAnsiConsole Error => ErrorConsole.Value;

    /// <summary>True when standard error is a terminal a person watches, where a progress bar belongs.</summary>
    public static bool ErrorIsInteractive => !Console.IsErrorRedirected;

    /// <summary>Writes a line of plain text (markup characters are not interpreted).</summary>
    public static void Line(IAnsiConsole console, string text, bool bold = false)
    {
        console.Write(new Text(text, bold ? new Style(decoration: Decoration.Bold) : Style.Plain));
        console.Write(Text.NewLine);
    }

    private static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!interactive) console.Profile.Width = 100_000; // never wrap a redirected table at an 80-column guess
        return console;
    }
}
