using System.CommandLine;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs report: the group as one self-contained HTML page (the library's WriteReport).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var group = new GroupOptions();
        var output = OptionParsing.OutputFile("The HTML file to write (.html or .htm).", required: true, defaultValue: null, ".html", ".htm");
        var metric = new Option<string[]>("--metric", "-m")
        {
            Description = "Metrics to chart against each varying parameter (comma-separated or repeated). Default: the floats that differ in most runs.",
            AllowMultipleArgumentsPerToken = true,
        };
        var replicate = new Option<string?>("--replicate", "-r") { Description = "The parameter that tells replicates apart (bands are over it). Default: seed, when it varies." };
        var array = new Option<string[]>("--array", "-a")
        {
            Description = "Arrays (key.npy) to draw as mean curves with their band, a line per value of the first varying parameter.",
            AllowMultipleArgumentsPerToken = true,
        };
        var title = new Option<string?>("--title") { Description = "The page's title. Default: the group and its number of runs." };
        var noVideos = new Option<bool>("--no-videos") { Description = "Do not look for the runs' .mp4 files to link (saves one folder listing per run)." };
        var command = new Command("report", "Write a self-contained HTML report of a group: runs, schema, sortable and filterable table, charts with confidence bands.");
        RunsCommand.SetHelp(command, """
            One HTML file that opens from file:// without any network request (scripts, styles and data
            are inside it): a header (runs by status, the schema, hosts and git commits), a table of
            every run and parameter (click a column to sort; filter with the query language of --where,
            or per column), each metric against each varying parameter with one line per value of
            another and a 95 % band over the replicates (Student's t), and mean curves of --array.
            Rows link to the run folders and their videos, relative to the report's folder. The same
            page comes from code: smg.WriteReport("report.html", new ReportOptions { … }).
            """, """
              runs report MyName -o report.html
              runs report MyName -o report.html --metric score --replicate seed --array loss
              runs report MyName --status completed --where "lr < 0.1" -o fast.html
            """);
        group.AddTo(command);
        foreach (var option in new Option[] { output, metric, replicate, array, title, noVideos }) command.Add(option);
        command.SetAction(result =>
        {
            var view = group.Open(result);
            var options = new ReportOptions
            {
                Metrics = Split(result.GetValue(metric)) is { Count: > 0 } metrics ? metrics : null,
                Replicate = result.GetValue(replicate),
                Arrays = Split(result.GetValue(array)),
                Title = result.GetValue(title),
                LinkVideos = !result.GetValue(noVideos),
            };
            string path = Path.GetFullPath(result.GetRequiredValue(output));
            if (Directory.Exists(path)) throw new CliException(ExitCode.CannotWriteOutput, $"Cannot write {path}: it is a folder.");
            string written;
            try
            {
                written = ProgressDisplay.Run($"Writing {Path.GetFileName(path)}", _ => view.Group.WriteReport(path, options));
            }
            catch (ArgumentException e) when (e.ParamName is "metric" or "replicate" or "array")
            {
                throw new CliException(ExitCode.UnknownColumn, $"--{e.ParamName}: {e.Message.Split(" (Parameter")[0]}", e);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new CliException(ExitCode.CannotWriteOutput, e.Message, e);
            }
            catch (Exception e) when (e is IOException and not FileNotFoundException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCode.CannotWriteOutput, $"Cannot write {path}: {e.Message}", e);
            }
            Console.Error.WriteLine($"Wrote a report of {view.Group.Count} runs to {written} ({new FileInfo(written).Length / 1024.0:F0} KiB).");
            return (int)view.ReportUnreadableRuns();
        });
        return command;
    }

    private static List<string> Split(string[]? texts) =>
        texts is null ? [] : [.. texts.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
