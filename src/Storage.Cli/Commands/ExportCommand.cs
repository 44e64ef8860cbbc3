using System.CommandLine;
using StorageTyped.Cli.Analysis;
using StorageTyped.Cli.Export;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs export: one row per run, one typed column per parameter, to Parquet or CSV.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var group = new GroupOptions();
        var output = OptionParsing.OutputFile("The file to write: .parquet or .csv.", required: true, defaultValue: null, ".parquet", ".csv");
        var columns = new Option<string[]>("--columns", "-c")
        {
            Description = "The columns, comma-separated (as in runs list). Default: run, status, every parameter.",
            AllowMultipleArgumentsPerToken = true,
        };
        var provenance = new Option<bool>("--provenance") { Description = "Add every key of the runs' [Provenance] section as a column Provenance:<key> (host, start_time, duration_seconds …)." };
        var sort = new Option<string?>("--sort", "-s") { Description = "Sort the rows by a column (as in runs list)." };
        var descending = new Option<bool>("--desc") { Description = "Sort largest first." };
        var command = new Command("export", "Export a group to Parquet or CSV: one row per run, one typed column per parameter.");
        RunsCommand.SetHelp(command, """
            Export a group: one row per run, one column per parameter, for pandas, DuckDB or Spark.
            Parquet columns are typed: all integers → int64; integers and floats → double; all bools →
            bool; anything else (strings, lists, mixed kinds) → string with the text config.ini holds.
            None and missing values are null. CSV holds the same values as text. A Parquet file carries
            the runs' schema (runs schema --format json) as key-value metadata storagetyped.schema.
            """, """
              runs export MyName -o runs.parquet
              runs export MyName --status completed --where "score > 0.5" --provenance -o done.parquet
              runs export MyName --columns number_of_neurons,score -o runs.csv
              python3 -c "import pandas; print(pandas.read_parquet('runs.parquet'))"
              duckdb -c "SELECT number_of_neurons, avg(score) FROM 'runs.parquet' GROUP BY 1"
            """);
        group.AddTo(command);
        foreach (var option in new Option[] { output, columns, provenance, sort, descending }) command.Add(option);
        command.SetAction(result =>
        {
            var view = group.Open(result);
            var selected = SelectedColumns(view, result.GetValue(columns), result.GetValue(provenance));
            var table = view.SortedTable(selected, result.GetValue(sort), result.GetValue(descending));
            string written = Write(table, result.GetRequiredValue(output), view.Group.DetectSchema());
            Console.Error.WriteLine($"Wrote {table.Rows.Count} runs × {table.Columns.Count} columns to {written}.");
            return (int)view.ReportUnreadableRuns();
        });
        return command;
    }

    /// <summary>The columns asked for, with every [Provenance] key added for --provenance; a name asked for twice is a usage error.</summary>
    private static List<ColumnSpec> SelectedColumns(GroupView view, string[]? columns, bool provenance)
    {
        var selected = view.Columns(columns);
        if (provenance)
            foreach (string key in view.Loaded.GetAllParams(StorageManager.ProvenanceSection))
                if (!selected.Any(c => c is ParameterColumn p && p.Section == StorageManager.ProvenanceSection && p.Key == key))
                    selected.Add(ColumnSpec.Resolve($"{StorageManager.ProvenanceSection}:{key}", view.Loaded, "--provenance"));
        var duplicate = selected.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new CliException(ExitCode.Usage, $"--columns: '{duplicate.Key}' is asked for twice (a parameter named run or status is Parameters:run, Parameters:status).");
        return selected;
    }

    /// <summary>Writes the table as Parquet or CSV (by the extension), atomically, with progress; returns the path written.</summary>
    private static string Write(ResultTable table, string path, SweepSchema schema)
    {
        bool parquet = Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase);
        return OutputFile.Write(path, temporary => ProgressDisplay.Run($"Writing {Path.GetFileName(path)}", counter =>
        {
            if (parquet)
            {
                var exported = table.Columns.Select((name, c) => ExportColumn.Of(name, table.Rows.Select(row => row[c]).ToList())).ToList();
                var metadata = new Dictionary<string, string> { [SchemaJson.ParquetKey] = SchemaJson.Of(schema, indented: false) };
                ParquetExport.Write(temporary, exported, counter, metadata);
            }
            else
            {
                using var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                table.WriteCsv(writer);
            }
            return true;
        }));
    }
}
