using System.CommandLine;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs list: a table of a group's runs with their parameters.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var group = new GroupOptions();
        var sort = new Option<string?>("--sort", "-s")
        {
            Description = "Sort by a column (a parameter, run or status): stable; runs lacking the parameter come last, in both directions.",
        };
        var descending = new Option<bool>("--desc") { Description = "Sort largest first (without --sort: the last run first)." };
        var columns = new Option<string[]>("--columns", "-c")
        {
            Description = "The columns, comma-separated: parameters of [Parameters], Section:key for other sections (Provenance:host), status, run. Default: run, status, every parameter.",
            AllowMultipleArgumentsPerToken = true,
        };
        var limit = OptionParsing.OptionalInteger("--limit", "-n", "Show at most N runs (after sorting).", 1, int.MaxValue, "runs");
        var format = RunsCommand.Format();

        var command = new Command("list", "List the runs of a group with their parameters: filter, sort, limit, pick columns.");
        RunsCommand.SetHelp(command, """
            Values are shown as config.ini holds them (Python's str()); None and missing values are blank
            (null in JSON). A run recorded as running whose process is gone shows as interrupted.
            """, """
              runs list MyName
              runs list MyName --where "number_of_neurons>1000 and score>0.5" --sort score --desc --limit 10
              runs list MyName --columns score,number_of_neurons,lr --status completed --format csv > runs.csv
              runs list MyName --columns run,Provenance:host,Provenance:duration_seconds --format json | jq .
            """);
        group.AddTo(command);
        command.Add(sort);
        command.Add(descending);
        command.Add(columns);
        command.Add(limit);
        command.Add(format);
        command.SetAction(result =>
        {
            var view = group.Open(result);
            var table = view.SortedTable(view.Columns(result.GetValue(columns)), result.GetValue(sort), result.GetValue(descending), result.GetValue(limit));
            int selected = view.Group.Count;
            int total = view.Loaded.Count;
            string matching = selected == total ? $"{total} runs of {view.Name}" : $"{selected} of {total} runs of {view.Name} match";
            table.Caption = table.Rows.Count == selected ? matching : $"the first {table.Rows.Count}; {matching}";
            table.Write(result.GetValue(format));
            return (int)view.ReportUnreadableRuns();
        });
        return command;
    }
}
