namespace StorageTyped.Cli;

/// <summary>
/// How y values that share an x value are combined: one of the library's aggregations (mean, std, median, min,
/// max, sum, count) or a PymoNNto eval string such as "np.std(a)" (looked up by the library, never evaluated).
/// </summary>
internal sealed record Statistic(string Name, Aggregate? Aggregation, string? EvalString)
{
    /// <summary>The names the help lists.</summary>
    public const string Names = "mean, std, median, min, max, sum, count (or PymoNNto's \"np.mean(a)\", \"np.std(a)\", \"len(a)\" …)";

    /// <summary>Reads a statistic's name; <paramref name="group"/>'s RemoveDuplicatesGetEval knows the eval strings.</summary>
    /// <exception cref="CliException">Not a statistic (exit code 2).</exception>
    public static Statistic Parse(string text, string option, StorageManagerGroup group)
    {
        string name = text.Trim();
        if (Enum.TryParse(name, ignoreCase: true, out Aggregate aggregation) && Enum.IsDefined(aggregation) && !char.IsAsciiDigit(name[0]))
            return new Statistic(name.ToLowerInvariant(), aggregation, null);
        try
        {
            group.RemoveDuplicatesGetEval(Array.Empty<object?>(), Array.Empty<object?>(), name); // refuses strings it does not know
            return new Statistic(name, null, name);
        }
        catch (ArgumentException)
        {
            throw new CliException(ExitCode.Usage, $"{option}: '{name}' is not a statistic; use {Names}.");
        }
    }

    /// <summary>Reads a comma-separated list of statistics (options may also be repeated).</summary>
    public static List<Statistic> ParseList(IEnumerable<string> texts, string option, StorageManagerGroup group) =>
        texts.SelectMany(text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(text => Parse(text, option, group)).ToList();

    /// <summary>The group's remove_duplicates_get_eval with this statistic.</summary>
    /// <exception cref="CliException">A value is not a number (exit code 6).</exception>
    public (double[] X, double[] Y) Apply(StorageManagerGroup group, IReadOnlyList<object?> x, IReadOnlyList<object?> y, string xName, string yName)
    {
        try
        {
            return Aggregation is { } aggregation ? group.RemoveDuplicatesGetEval(x, y, aggregation) : group.RemoveDuplicatesGetEval(x, y, EvalString!);
        }
        catch (ArgumentException e)
        {
            string parameter = e.ParamName == "x" ? xName : yName;
            throw new CliException(ExitCode.UnknownColumn, $"'{parameter}' is not numeric in every run: {e.Message.Split(" (Parameter")[0]}", e);
        }
    }
}
