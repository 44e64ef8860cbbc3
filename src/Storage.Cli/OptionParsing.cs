using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli;

/// <summary>
/// Options whose values are checked while the command line is parsed: every value that does not parse or is out of
/// range is a parse error (exit code 2) that names the option and says what it takes.
/// </summary>
/// <remarks>
/// Values are read with a custom parser, never with a validator: System.CommandLine runs an option's validators
/// even when its value did not convert, and a validator that asks for the value then throws instead of reporting
/// (dotnet/command-line-api#2645), which ended the tool with a stack trace.
/// </remarks>
internal static class OptionParsing
{
    /// <summary>A whole-number option from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static Option<int> Integer(string name, string description, int minimum, int maximum, int defaultValue, string unit, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseInteger(result, name, minimum, maximum, unit) ?? defaultValue,
        };

    /// <summary>An optional whole-number option from <paramref name="minimum"/> to <paramref name="maximum"/>; null when not given.</summary>
    public static Option<int?> OptionalInteger(string name, string? alias, string description, int minimum, int maximum, string unit) =>
        new(name, alias is null ? [] : [alias])
        {
            Description = description,
            CustomParser = result => ParseInteger(result, name, minimum, maximum, unit),
        };

    /// <summary>A whole-number option that must be given, from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static Option<int> RequiredInteger(string name, string description, int minimum, int maximum, string unit) =>
        new(name)
        {
            Description = description,
            Required = true,
            CustomParser = result => ParseInteger(result, name, minimum, maximum, unit) ?? minimum,
        };

    /// <summary>
    /// An optional option whose text <paramref name="parse"/> turns into a value (null: refused, and the error says it
    /// takes <paramref name="takes"/>); null when not given.
    /// </summary>
    public static Option<T?> Parsed<T>(string name, string? alias, string description, Func<string, T?> parse, string takes) where T : struct =>
        new(name, alias is null ? [] : [alias])
        {
            Description = description,
            CustomParser = result =>
            {
                string text = Single(result);
                T? value = parse(text);
                if (value is null) result.AddError($"{name}: '{text}' is not {takes}.");
                return value;
            },
        };

    /// <summary>--format with the formats a command prints; table by default.</summary>
    public static Option<OutputFormat> Format(string description, params OutputFormat[] allowed)
    {
        string names = string.Join(", ", allowed.Select(Name));
        return new Option<OutputFormat>("--format", "-f")
        {
            Description = description,
            DefaultValueFactory = _ => OutputFormat.Table,
            HelpName = string.Join('|', allowed.Select(Name)),
            CustomParser = result =>
            {
                string text = Single(result);
                foreach (OutputFormat format in allowed)
                    if (string.Equals(text, Name(format), StringComparison.OrdinalIgnoreCase)) return format;
                result.AddError($"--format: '{text}' is not a format this command prints; use {names}.");
                return OutputFormat.Table;
            },
        };
    }

    /// <summary>A file option whose name must end in one of <paramref name="extensions"/> (lower case, with the dot).</summary>
    public static Option<string> OutputFile(string description, bool required, string? defaultValue, params string[] extensions)
    {
        var option = new Option<string>("--output", "-o") { Description = description, Required = required };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.CustomParser = result =>
        {
            string text = Single(result);
            if (!extensions.Contains(Path.GetExtension(text).ToLowerInvariant()))
                result.AddError($"--output: '{text}' must end in {string.Join(" or ", extensions)}.");
            return text;
        };
        return option;
    }

    private static string Name(OutputFormat format) => format.ToString().ToLowerInvariant();

    private static int? ParseInteger(ArgumentResult result, string name, int minimum, int maximum, string unit)
    {
        string text = Single(result);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < minimum || value > maximum)
        {
            result.AddError($"{name}: '{text}' is not a whole number of {unit} from {minimum} to {maximum}.");
            return null;
        }
        return (int)value;
    }

    /// <summary>The option's one token (System.CommandLine has checked the arity before a custom parser runs).</summary>
    private static string Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
}
