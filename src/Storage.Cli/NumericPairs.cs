namespace StorageTyped.Cli;

/// <summary>The (x, y) values of the runs that have both, from the group's GetMultiParamList (row-wise removeNone).</summary>
internal static class NumericPairs
{
    /// <summary>x and y of every run that has both (None counts as lacking), aligned.</summary>
    /// <exception cref="CliException">A column is run or status, not a parameter (exit code 6).</exception>
    public static (List<object?> X, List<object?> Y) Of(StorageManagerGroup group, ColumnSpec x, ColumnSpec y, string xOption, string yOption)
    {
        var px = Parameter(x, xOption);
        var py = Parameter(y, yOption);
        List<object?> xs, ys;
        if (px.Section == py.Section)
        {
            var lists = group.GetMultiParamList([px.Key, py.Key], px.Section, removeNone: true);
            (xs, ys) = (lists[0], lists[1]);
        }
        else
        {
            var allX = group.GetParamList(px.Key, px.Section);
            var allY = group.GetParamList(py.Key, py.Section);
            var keep = Enumerable.Range(0, allX.Count).Where(i => allX[i] is not null && allY[i] is not null).ToList();
            (xs, ys) = (keep.Select(i => allX[i]).ToList(), keep.Select(i => allY[i]).ToList());
        }
        RequireNumbers(xs, px, xOption);
        RequireNumbers(ys, py, yOption);
        return (xs, ys);
    }

    /// <summary>Numbers (and bools, as 0 and 1) only, as the group's aggregation takes them.</summary>
    /// <exception cref="CliException">Another value (exit code 6).</exception>
    public static void RequireNumbers(IEnumerable<object?> values, ColumnSpec column, string option)
    {
        object? other = values.FirstOrDefault(value => !(Output.ValueText.IsNumber(value) || value is bool));
        if (other is not null)
            throw new CliException(ExitCode.UnknownColumn, $"{option}: '{column.Name}' is not numeric: some runs hold {Output.ValueText.Display(other)} ({Output.ValueText.PythonType(other)}). Give a numeric parameter, or leave those runs out with --where.");
    }

    private static ParameterColumn Parameter(ColumnSpec column, string option) => column as ParameterColumn
        ?? throw new CliException(ExitCode.UnknownColumn, $"{option}: '{column.Name}' is not a numeric parameter; give a parameter such as number_of_neurons.");
}
