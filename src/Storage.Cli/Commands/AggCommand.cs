using System.CommandLine;
using StorageTyped.Cli.Analysis;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs agg: PymoNNto's remove_duplicates_get_eval as a table.</summary>
internal static class AggCommand
{
    public static Command Create()
    {
        var group = new GroupOptions();
        var by = new Option<string?>("--by", "-x") { Description = "The parameter whose distinct values make the rows (numeric), such as number_of_neurons. With --replicate: the axes, comma-separated (default: every other varying parameter)." };
        var value = new Option<string>("--value", "-y") { Description = "The parameter that is aggregated (numeric), such as score.", Required = true };
        var stat = new Option<string[]>("--stat")
        {
            Description = "Statistics, comma-separated: " + Statistic.Names + ". Default: mean,std,count. With --replicate: " + Statistic.ReplicateNames + " (default count,mean,std,sem,ci95).",
            AllowMultipleArgumentsPerToken = true,
        };
        var replicate = new Option<string?>("--replicate", "-r")
        {
            Description = "Summarize over replicates: group the runs into cells by the other varying parameters (or --by) and give each cell the statistics of --value over its replicates, such as seed.",
        };
        var format = RunsCommand.Format();
        var command = new Command("agg", "Aggregate a parameter over the runs that share another's value (remove_duplicates_get_eval).");
        RunsCommand.SetHelp(command, """
            Aggregate a parameter over the runs that share another's value: the group's
            RemoveDuplicatesGetEval (PymoNNto's remove_duplicates_get_eval) as a table, one row per
            distinct value of --by (sorted), one column per statistic. Runs lacking either parameter, or
            holding None, are left out. std is numpy's np.std (population, ddof 0); sem is the standard
            error (ddof 1) and ci95 the 95 % interval of the mean from Student's t (two columns).

            With --replicate KEY: the group's SummarizeReplicates. Rows are cells: the runs that share
            their values of --by (default: every varying parameter but --value and KEY), one column per
            axis, then the statistics over the cell's replicates: count, mean, std (sample, ddof 1),
            sem, ci95, min, max, none and nan (runs left out for None or a missing value, and NaN) and
            missing (values of KEY other cells have and this one lacks).
            """, """
              runs agg MyName --by number_of_neurons --value score --stat mean,std,count
              runs agg MyName --by lr --value score --stat median,"np.max(a)" --status completed --format csv
              runs agg MyName --value score --replicate seed --stat mean,sem,ci95
              runs agg MyName --value score --replicate seed --by number_of_neurons,lr --stat count,mean,missing
            """);
        group.AddTo(command);
        command.Add(by);
        command.Add(value);
        command.Add(stat);
        command.Add(replicate);
        command.Add(format);
        command.SetAction(result =>
        {
            var view = group.Open(result);
            if (result.GetValue(replicate) is { } replicateKey)
                return ReplicateAgg.Run(view, result.GetValue(by), result.GetRequiredValue(value), replicateKey, result.GetValue(stat), result.GetValue(format));
            var x = ColumnSpec.Resolve(result.GetValue(by) ?? throw new CliException(ExitCode.Usage, "--by is required (or give --replicate to summarize over replicates)."), view.Loaded, "--by");
            var y = ColumnSpec.Resolve(result.GetRequiredValue(value), view.Loaded, "--value");
            var statistics = Statistic.ParseList(result.GetValue(stat) is { Length: > 0 } given ? given : ["mean", "std", "count"], "--stat", view.Group);
            var (xs, ys) = NumericPairs.Of(view.Group, x, y, "--by", "--value");

            var table = new ResultTable([x.Name, .. statistics.Select(s => s.Name)]);
            var columns = statistics.Select(s => s.Apply(view.Group, xs, ys, x.Name, y.Name)).ToList();
            bool integerX = xs.All(v => v is int or long);
            double[] unique = columns.Count > 0 ? columns[0].X : [];
            for (int row = 0; row < unique.Length; row++)
            {
                var cells = new object?[statistics.Count + 1];
                cells[0] = integerX ? (object)(long)unique[row] : unique[row];
                for (int s = 0; s < statistics.Count; s++)
                    cells[s + 1] = statistics[s].Aggregation == Aggregate.Count ? (object)(long)columns[s].Y[row] : columns[s].Y[row];
                table.Rows.Add(cells);
            }
            table.Caption = $"{y.Name} by {x.Name}: {xs.Count} of {view.Loaded.Count} runs of {view.Name}";
            table.Write(result.GetValue(format));
            return (int)view.ReportUnreadableRuns();
        });
        return command;
    }
}
