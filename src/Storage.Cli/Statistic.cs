namespace StorageTyped.Cli;

/// <summary>
/// How y values that share an x value are combined: one of the library's aggregations (mean, std, median, min,
/// max, sum, count), a PymoNNto eval string such as "np.std(a)" (looked up by the library, never evaluated), or a
/// replicate statistic (sem, ci95's two ends) from the library's ReplicateStatistics.
/// </summary>
internal sealed record Statistic(string Name, Aggregate? Aggregation, string? EvalString, Func<ReplicateStatistics, double>? Replicate = null)
{
    /// <summary>The names the help lists.</summary>
    public const string Names = "mean, std, median, min, max, sum, count, sem, ci95 (or PymoNNto's \"np.mean(a)\", \"np.std(a)\", \"len(a)\" …)";

    /// <summary>The statistics of <c>agg --replicate</c>: what SummarizeReplicates gives for each cell.</summary>
    public const string ReplicateNames = "count, mean, std (ddof 1), sem, ci95, min, max, none, nan, missing";

    /// <summary>Reads a statistic's name; <paramref name="group"/>'s RemoveDuplicatesGetEval knows the eval strings. ci95 gives two.</summary>
    /// <exception cref="CliException">Not a statistic (exit code 2).</exception>
    public static IEnumerable<Statistic> Parse(string text, string option, StorageManagerGroup group)
    {
        string name = text.Trim();
        switch (name.ToLowerInvariant())
        {
            case "sem": return [new Statistic("sem", null, null, s => s.Sem)];
            case "ci95": return [new Statistic("ci95_low", null, null, s => s.CiLow), new Statistic("ci95_high", null, null, s => s.CiHigh)];
        }
        if (Enum.TryParse(name, ignoreCase: true, out Aggregate aggregation) && Enum.IsDefined(aggregation) && !char.IsAsciiDigit(name[0]))
            return [new Statistic(name.ToLowerInvariant(), aggregation, null)];
        try
        {
            group.RemoveDuplicatesGetEval(Array.Empty<object?>(), Array.Empty<object?>(), name); // refuses strings it does not know
            return [new Statistic(name, null, name)];
        }
        catch (ArgumentException)
        {
            throw new CliException(ExitCode.Usage, $"{option}: '{name}' is not a statistic; use {Names}.");
        }
    }

    /// <summary>Reads a comma-separated list of statistics (options may also be repeated).</summary>
    public static List<Statistic> ParseList(IEnumerable<string> texts, string option, StorageManagerGroup group) =>
        Split(texts).SelectMany(text => Parse(text, option, group)).ToList();

    /// <summary>Comma-separated names, options repeated or not.</summary>
    public static IEnumerable<string> Split(IEnumerable<string> texts) =>
        texts.SelectMany(text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The group's remove_duplicates_get_eval with this statistic.</summary>
    /// <exception cref="CliException">A value is not a number (exit code 6).</exception>
    public (double[] X, double[] Y) Apply(StorageManagerGroup group, IReadOnlyList<object?> x, IReadOnlyList<object?> y, string xName, string yName)
    {
        try
        {
            if (Replicate is { } replicate)
                return group.RemoveDuplicatesGetEval(x, y, a => replicate(ReplicateStatistics.Of(a.Select(v => (double?)v))));
            return Aggregation is { } aggregation ? group.RemoveDuplicatesGetEval(x, y, aggregation) : group.RemoveDuplicatesGetEval(x, y, EvalString!);
        }
        catch (ArgumentException e)
        {
            string parameter = e.ParamName == "x" ? xName : yName;
            throw new CliException(ExitCode.UnknownColumn, $"'{parameter}' is not numeric in every run: {e.Message.Split(" (Parameter")[0]}", e);
        }
    }
}
