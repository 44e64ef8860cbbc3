using System.CommandLine;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs compare: the parameters that differ between runs, side by side.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs")
        {
            Description = "Two or more runs: paths of run folders, or Group/RunFolder (MyName/MyName3); they may come from different groups.",
            Arity = new ArgumentArity(2, 1000),
        };
        var section = new Option<string>("--section")
        {
            Description = "The section of config.ini to compare (Provenance compares where and how the runs were made).",
            DefaultValueFactory = _ => StorageManager.DefaultSection,
        };
        var all = new Option<bool>("--all") { Description = "Show every parameter, not only those that differ." };
        var format = RunsCommand.Format();
        var command = new Command("compare", "Show the parameters that differ between runs, side by side.");
        RunsCommand.SetHelp(command, """
            Compare runs: the parameters whose values differ (or that some runs lack), one column per run.
            Values are compared as stored in config.ini.
            """, """
              runs compare MyName/MyName3 MyName/MyName7
              runs compare MyName/MyName3 Other/Other1 --all --format csv
              runs compare MyName/MyName3 MyName/MyName7 --section Provenance
            """);
        command.Add(runs);
        command.Add(section);
        command.Add(all);
        command.Add(format);
        command.SetAction(result =>
        {
            string? data = result.GetValue(RunsCommand.Data);
            var paths = result.GetRequiredValue(runs).Select(reference => DataLocation.ResolveRun(reference, data)).ToList();
            string sectionName = result.GetRequiredValue(section);
            var values = paths.Select(path =>
            {
                var sm = StorageManager.Open(path);
                return sm.GetAllParams(sectionName).ToDictionary(key => key, key => sm.LoadParamText(key, sectionName), StringComparer.OrdinalIgnoreCase);
            }).ToList();

            var headers = Headers(paths);
            var table = new ResultTable(["parameter", .. headers]);
            var keys = values.SelectMany(v => v.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            foreach (string key in keys)
            {
                var row = values.Select(v => v.GetValueOrDefault(key)).ToList();
                bool differs = row.Any(text => text != row[0]);
                if (differs || result.GetValue(all)) table.Add([key, .. row]);
            }
            var outputFormat = result.GetValue(format);
            int differing = keys.Count(key => values.Select(v => v.GetValueOrDefault(key)).Distinct().Count() > 1);
            table.Caption = $"{differing} of {keys.Count} parameters in [{sectionName}] differ";
            if (table.Rows.Count == 0 && outputFormat == OutputFormat.Table)
                Console.Out.WriteLine($"The {paths.Count} runs have the same {keys.Count} parameters in [{sectionName}].");
            else
                table.Write(outputFormat);
            return 0;
        });
        return command;
    }

    /// <summary>Run folder names, or Group/Run where two runs share a name.</summary>
    private static List<string> Headers(List<string> paths)
    {
        var names = paths.Select(Path.GetFileName).ToList();
        bool clash = names.Distinct(StringComparer.Ordinal).Count() < names.Count;
        return paths.Select(path => clash ? $"{Path.GetFileName(Path.GetDirectoryName(path))}/{Path.GetFileName(path)}" : Path.GetFileName(path)).ToList();
    }
}
