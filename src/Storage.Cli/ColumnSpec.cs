namespace StorageTyped.Cli;

/// <summary>
/// A column of a run table: <c>run</c> (the run folder's name), <c>status</c> (the run's status, as
/// StorageManager.Status reads it), <c>key</c> (a parameter in [Parameters]) or <c>Section:key</c> (a key of another
/// section, such as Provenance:host; a [Parameters] key named run or status is Parameters:run). configparser never
/// has ':' in a key, so the form cannot be mistaken for one.
/// </summary>
internal abstract record ColumnSpec(string Name)
{
    /// <summary>The run folder's name.</summary>
    public const string RunName = "run";

    /// <summary>The run's status.</summary>
    public const string StatusName = "status";

    /// <summary>Reads a column name, checking that some run of <paramref name="group"/> has the parameter.</summary>
    /// <param name="text">The name as the user wrote it.</param>
    /// <param name="group">The group the runs come from (before any filter: a column does not vanish because a filter left out the runs that have it).</param>
    /// <param name="option">The option it came from, for the message (such as --columns).</param>
    /// <exception cref="CliException">No run has it.</exception>
    public static ColumnSpec Resolve(string text, StorageManagerGroup group, string option)
    {
        string name = text.Trim();
        if (name.Equals(RunName, StringComparison.OrdinalIgnoreCase)) return new RunColumn();
        if (name.Equals(StatusName, StringComparison.OrdinalIgnoreCase)) return new StatusColumn();
        int colon = name.IndexOf(':');
        string section = colon < 0 ? StorageManager.DefaultSection : name[..colon].Trim();
        string key = colon < 0 ? name : name[(colon + 1)..].Trim();
        var keys = group.GetAllParams(section);
        string? stored = keys.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
        if (stored is null)
        {
            string where = colon < 0 ? "" : $" in section [{section}]";
            string known = keys.Count == 0
                ? $" No run of {group.Tag} has parameters{where}."
                : $" Parameters{where}: {string.Join(", ", keys.Take(30))}{(keys.Count > 30 ? ", …" : "")}." + Suggestions.DidYouMean(key, keys);
            throw new CliException(ExitCode.UnknownColumn, $"{option}: no run of {group.Tag} has '{key}'{where}.{known}");
        }
        return new ParameterColumn(colon < 0 ? stored : $"{section}:{stored}", section, stored);
    }

    /// <summary>Reads a comma-separated list of column names (options may also be repeated).</summary>
    public static List<ColumnSpec> ResolveList(IEnumerable<string> texts, StorageManagerGroup group, string option) =>
        texts.SelectMany(text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(text => Resolve(text, group, option))
            .ToList();
}

/// <summary>The run folder's name.</summary>
internal sealed record RunColumn() : ColumnSpec(RunName);

/// <summary>The run's status.</summary>
internal sealed record StatusColumn() : ColumnSpec(StatusName);

/// <summary>A stored parameter.</summary>
internal sealed record ParameterColumn(string Header, string Section, string Key) : ColumnSpec(Header);
