using StorageTyped.Cli.Output;

namespace StorageTyped.Cli;

/// <summary>A loaded group and the runs the filters kept, with the run tables the commands print.</summary>
/// <param name="Loaded">Every run of the group (column names are checked against these).</param>
/// <param name="Group">The runs --status and --where kept.</param>
/// <param name="Location">The data folder.</param>
/// <param name="Name">The group's name (its main folder).</param>
internal sealed record GroupView(StorageManagerGroup Loaded, StorageManagerGroup Group, DataLocation Location, string Name)
{
    /// <summary>run, status when some run records one, and every [Parameters] key.</summary>
    public List<ColumnSpec> DefaultColumns()
    {
        var columns = new List<ColumnSpec> { new RunColumn() };
        if (HasStatus) columns.Add(new StatusColumn());
        foreach (string key in Group.GetAllParams()) columns.Add(ColumnSpec.Resolve(key, Loaded, "--columns"));
        return columns;
    }

    /// <summary>True when some run of the group has a [Provenance] status.</summary>
    public bool HasStatus => Loaded.GetAllParams(StorageManager.ProvenanceSection).Contains("status");

    /// <summary>The columns named by --columns (always after run), or the default ones.</summary>
    public List<ColumnSpec> Columns(string[]? requested)
    {
        if (requested is not { Length: > 0 }) return DefaultColumns();
        var columns = ColumnSpec.ResolveList(requested, Loaded, "--columns");
        if (!columns.Any(c => c is RunColumn)) columns.Insert(0, new RunColumn());
        return columns;
    }

    /// <summary>
    /// <see cref="Table"/> sorted by a column: a parameter through the group's SortBy (stable, runs lacking it last in
    /// both directions), run in the group's natural order, status by name. Without a column, --desc reverses the
    /// natural order. With <paramref name="limit"/>, the first rows only (the others are not even built when the
    /// group's order is the table's).
    /// </summary>
    public ResultTable SortedTable(IReadOnlyList<ColumnSpec> columns, string? sort, bool descending, int? limit = null)
    {
        ColumnSpec? by = sort is null ? null : ColumnSpec.Resolve(sort, Loaded, "--sort");
        if (by is ParameterColumn parameter) Group.SortBy(parameter.Key, parameter.Section, descending);
        bool groupOrder = by is ParameterColumn || (by is null or RunColumn && !descending);
        var table = Table(columns, groupOrder ? limit : null);
        if (by is StatusColumn)
        {
            var names = Group.GetStatusList().Select(ValueText.StatusName).ToList();
            var order = Enumerable.Range(0, names.Count);
            order = descending ? order.OrderByDescending(i => names[i], StringComparer.Ordinal) : order.OrderBy(i => names[i], StringComparer.Ordinal);
            var rows = order.Select(i => table.Rows[i]).ToList();
            table.Rows.Clear();
            table.Rows.AddRange(rows);
        }
        else if (!groupOrder)
        {
            table.Rows.Reverse();
        }
        if (limit is { } n && n < table.Rows.Count) table.Rows.RemoveRange(n, table.Rows.Count - n);
        return table;
    }

    /// <summary>One row per run of <see cref="Group"/> in its order (the first <paramref name="limit"/> runs), with the values of <paramref name="columns"/>.</summary>
    public ResultTable Table(IReadOnlyList<ColumnSpec> columns, int? limit = null)
    {
        var table = new ResultTable(columns.Select(c => c.Name).ToList());
        var runs = Group.StorageManagerList;
        var values = new List<object?>[columns.Count];
        List<RunStatus>? statuses = columns.Any(c => c is StatusColumn) ? Group.GetStatusList() : null;
        foreach (var section in columns.OfType<ParameterColumn>().GroupBy(c => c.Section))
        {
            var inSection = section.ToList();
            var lists = Group.GetMultiParamList(inSection.Select(c => c.Key).ToList(), section.Key, removeNone: false);
            for (int k = 0; k < inSection.Count; k++) values[IndexOf(columns, inSection[k])] = lists[k];
        }
        int count = Math.Min(runs.Count, limit ?? int.MaxValue);
        for (int r = 0; r < count; r++)
        {
            var row = new object?[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                row[c] = columns[c] switch
                {
                    RunColumn => runs[r].FolderName,
                    StatusColumn => ValueText.StatusName(statuses![r]),
                    _ => values[c][r],
                };
            }
            table.Rows.Add(row);
        }
        return table;
    }

    /// <summary>Says on standard error which runs could not be read; the code to exit with (7 when some could not).</summary>
    public ExitCode ReportUnreadableRuns()
    {
        var unreadable = Group.UnreadableRuns;
        if (unreadable.Count == 0) return ExitCode.Success;
        Console.Error.WriteLine($"{unreadable.Count} run(s) of {Name} have a config.ini that cannot be read; they have no parameters above:");
        foreach (var (path, reason) in unreadable.Take(10)) Console.Error.WriteLine($"  {path}: {reason}");
        if (unreadable.Count > 10) Console.Error.WriteLine($"  … and {unreadable.Count - 10} more");
        return ExitCode.UnreadableFile;
    }

    private static int IndexOf(IReadOnlyList<ColumnSpec> columns, ColumnSpec column)
    {
        for (int i = 0; i < columns.Count; i++)
            if (ReferenceEquals(columns[i], column)) return i;
        return -1;
    }
}
