using System.CommandLine;
using System.Numerics;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs params: every key of a group with counts, types and ranges, like a schema.</summary>
internal static class ParamsCommand
{
    public static Command Create()
    {
        var group = new GroupOptions();
        var section = RunsCommand.Section("The section of config.ini (Provenance describes where and how the runs were made).");
        var format = RunsCommand.Format();
        var command = new Command("params", "Describe a group's parameters like a schema: counts, types, ranges, examples.");
        RunsCommand.SetHelp(command, """
            Describe the parameters of a group like a schema: for each key, how many runs have a value
            (not None), its Python types (int, float, bool, str, list, dict) with counts, the range of
            the numbers, the number of distinct values and a few examples.
            """, """
              runs params MyName
              runs params MyName --status completed --format json
              runs params MyName --section Provenance
            """);
        group.AddTo(command);
        command.Add(section);
        command.Add(format);
        command.SetAction(result =>
        {
            var view = group.Open(result);
            string sectionName = result.GetRequiredValue(section);
            var table = new ResultTable(["parameter", "runs", "types", "min", "max", "distinct", "examples"]);
            foreach (string key in view.Group.GetAllParams(sectionName, includeVirtualParameters: false))
            {
                var values = view.Group.GetParamList(key, sectionName, removeNone: true);
                var types = values.GroupBy(ValueText.PythonType).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
                string typeText = types.Count == 1 ? types[0].Key : string.Join(", ", types.Select(g => $"{g.Key} {g.Count()}"));
                var numbers = values.Where(ValueText.IsNumber).Select(v => (Value: v, Number: ToDouble(v!))).Where(n => !double.IsNaN(n.Number)).ToList();
                object? min = numbers.Count == 0 ? null : numbers.MinBy(n => n.Number).Value;
                object? max = numbers.Count == 0 ? null : numbers.MaxBy(n => n.Number).Value;
                var distinct = values.Select(ValueText.Display).Distinct(StringComparer.Ordinal).ToList();
                string examples = string.Join(", ", distinct.Take(3)) + (distinct.Count > 3 ? ", …" : "");
                table.Add(key, values.Count, typeText, min, max, distinct.Count, examples);
            }
            table.Caption = $"[{sectionName}] of {view.Group.Count} runs of {view.Name}";
            table.Write(result.GetValue(format));
            return (int)view.ReportUnreadableRuns();
        });
        return command;
    }

    private static double ToDouble(object value) => value switch
    {
        BigInteger big => (double)big,
        _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
