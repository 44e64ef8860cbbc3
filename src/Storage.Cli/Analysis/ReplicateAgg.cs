using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Analysis;

/// <summary><c>runs agg --replicate</c>: the group's SummarizeReplicates as a table, one row per cell.</summary>
internal static class ReplicateAgg
{
    private static readonly Dictionary<string, Func<ReplicateCell, object?>[]> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["count"] = [c => c.N],
        ["n"] = [c => c.N],
        ["mean"] = [c => c.Mean],
        ["std"] = [c => c.Std],
        ["sem"] = [c => c.Sem],
        ["ci95"] = [c => c.CiLow, c => c.CiHigh],
        ["min"] = [c => c.Min],
        ["max"] = [c => c.Max],
        ["none"] = [c => c.NoneCount],
        ["nan"] = [c => c.NaNCount],
        ["missing"] = [c => c.Missing],
    };

    public static int Run(GroupView view, string? by, string value, string replicate, string[]? statistics, OutputFormat format)
    {
        var metric = Parameter(ColumnSpec.Resolve(value, view.Loaded, "--value"), "--value");
        var replicateColumn = Parameter(ColumnSpec.Resolve(replicate, view.Loaded, "--replicate"), "--replicate");
        List<ParameterColumn>? axes = by is null ? null : [.. ColumnSpec.ResolveList([by], view.Loaded, "--by").Select(c => Parameter(c, "--by"))];
        var names = Statistic.Split(statistics is { Length: > 0 } given ? given : ["count", "mean", "std", "sem", "ci95"]).ToList();
        foreach (string name in names)
            if (!Columns.ContainsKey(name))
                throw new CliException(ExitCode.Usage, $"--stat: '{name}' is not a statistic of --replicate; use {Statistic.ReplicateNames}.");
        foreach (var column in (axes ?? []).Append(replicateColumn))
            if (column.Section != metric.Section)
                throw new CliException(ExitCode.Usage, $"--by and --replicate must be in the section of --value ([{metric.Section}]); '{column.Name}' is not.");

        IReadOnlyList<ReplicateCell> cells;
        try
        {
            cells = view.Group.SummarizeReplicates(metric.Key, replicateColumn.Key, axes?.Select(a => a.Key).ToList(), metric.Section);
        }
        catch (InvalidDataException e)
        {
            throw new CliException(ExitCode.UnknownColumn, $"--value: {e.Message}", e);
        }
        var axisNames = axes?.Select(a => a.Key).ToList() ?? cells.SelectMany(c => c.Axes.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var headers = new List<string>(axisNames);
        foreach (string name in names)
            headers.AddRange(name.Equals("ci95", StringComparison.OrdinalIgnoreCase) ? ["ci95_low", "ci95_high"] : [name.ToLowerInvariant()]);
        var table = new ResultTable(headers);
        foreach (ReplicateCell cell in cells)
        {
            var row = new List<object?>();
            foreach (string axis in axisNames) row.Add(cell.Axes.TryGetValue(axis, out object? v) ? v : null);
            foreach (string name in names) row.AddRange(Columns[name].Select(read => Clean(read(cell))));
            table.Rows.Add([.. row]);
        }
        table.Caption = $"{metric.Name} over {replicateColumn.Name}: {cells.Count} cells of {view.Group.Count} runs of {view.Name}";
        table.Write(format);
        return (int)view.ReportUnreadableRuns();
    }

    /// <summary>NaN (a statistic a cell cannot have, such as the std of one value) is no value.</summary>
    private static object? Clean(object? value) => value is double d && double.IsNaN(d) ? null : value;

    private static ParameterColumn Parameter(ColumnSpec column, string option) => column as ParameterColumn
        ?? throw new CliException(ExitCode.UnknownColumn, $"{option}: '{column.Name}' is not a parameter.");
}
