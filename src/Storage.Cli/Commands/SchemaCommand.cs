using System.CommandLine;
using StorageTyped.Cli.Analysis;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs schema: which parameters vary over a group's runs (with their values) and which are constant.</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var group = new GroupOptions();
        var section = RunsCommand.Section("The section of config.ini.");
        var format = RunsCommand.Format();
        var command = new Command("schema", "Which parameters vary over a group's runs, with their sorted values, and which are constant.");
        RunsCommand.SetHelp(command, """
            The group's DetectSchema (signac's detect_schema): for each varying parameter its distinct
            values in the group's sort order (1 and 1.0 are one value) and their Python types, and how
            many runs lack it; for each constant parameter its value. time (the creation time) is left
            out of [Parameters]. One pass over the runs. --format json gives one object: {"runs": N,
            "varying": {key: {"values", "types", "runs_without"}}, "constant": {key: value}}.
            """, """
              runs schema MyName
              runs schema MyName --status completed --format json
              runs schema MyName --section Provenance
            """);
        group.AddTo(command);
        command.Add(section);
        command.Add(format);
        command.SetAction(result =>
        {
            var view = group.Open(result);
            string sectionName = result.GetRequiredValue(section);
            SweepSchema schema = view.Group.DetectSchema(sectionName);
            var chosen = result.GetValue(format);
            if (chosen == OutputFormat.Json)
            {
                Console.Out.WriteLine(SchemaJson.Of(schema, indented: true));
                return (int)view.ReportUnreadableRuns();
            }
            var table = new ResultTable(["parameter", "kind", "types", "values", "runs without", "distinct values"]);
            foreach (SweepAxis axis in schema.Varying.Values)
                table.Add(axis.Key, "varying", string.Join(", ", axis.Types), axis.Values.Count, axis.RunsWithout, ValuesText(axis.Values));
            foreach (var (key, value) in schema.Constant)
                table.Add(key, "constant", Python(value), 1, 0, ValueText.Display(value));
            table.Caption = $"[{sectionName}] of {schema.RunCount} runs of {view.Name}: {schema.Varying.Count} varying, {schema.Constant.Count} constant";
            table.Write(chosen);
            return (int)view.ReportUnreadableRuns();
        });
        return command;
    }

    private static string Python(object? value) => value is null ? "NoneType" : ValueText.PythonType(value);

    /// <summary>The values as config.ini writes them, None included (a table cuts long cells; CSV keeps them whole).</summary>
    private static string ValuesText(IReadOnlyList<object?> values) =>
        string.Join(", ", values.Select(value => value is null ? "None" : ValueText.Display(value)));
}
