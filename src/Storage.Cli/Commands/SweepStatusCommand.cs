using System.CommandLine;
using System.Globalization;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs sweep status: a sweep's points by state, its hosts and durations, from what the runs say.</summary>
internal static class SweepStatusCommand
{
    private static readonly PointState[] States = [PointState.Completed, PointState.Running, PointState.Failed, PointState.Interrupted];

    public static Command Create()
    {
        var group = new Argument<string>("group") { Description = "The sweep's group: the main folder given to Sweep.RunAsync, such as Net." };
        var points = new Option<bool>("--points") { Description = "List every point (state, run, runs, host, duration, error) instead of the summary; csv and json always do." };
        var failures = OptionParsing.Integer("--failures", "How many failed points the summary lists (default 10).", 0, int.MaxValue, 10, "points");
        var format = RunsCommand.Format();
        var command = new Command("status", "Show a sweep's points by state (completed, running, failed, interrupted), its hosts and durations.");
        RunsCommand.SetHelp(command, """
            Reads the runs of the group (through its index) and groups them by point ([Sweep] point): a point is
            completed when one of its runs is, else it is what its latest run says. A run recorded as running is
            interrupted once its process is gone (on this host) or its heartbeat is older than 2 minutes (another
            host). Points that have no run yet are not known to the runs: the program's Sweep.GetStatus(main, points)
            lists them as pending. Durations are the completed runs' duration_seconds from [Provenance].
            """, """
              runs sweep status Net
              runs sweep status Net --points
              runs sweep status Net --format json | jq '.[] | select(.state == "failed")'
            """);
        command.Add(group);
        command.Add(points);
        command.Add(failures);
        command.Add(format);
        command.SetAction(result =>
        {
            var location = DataLocation.Resolve(result.GetValue(RunsCommand.Data));
            string name = result.GetRequiredValue(group);
            location.RequireMainFolder(name);
            var statuses = ProgressDisplay.Run($"Reading the runs of {name}", _ => Sweep.GetStatus(name, location.Options));
            var runs = RunFacts.Load(name, location.Options);
            var outputFormat = result.GetValue(format);
            if (statuses.Count == 0)
            {
                Terminal.Line(Terminal.Error, $"Group {name} has {runs.Count} runs but no sweep points: its runs have no [Sweep] section (they were not made by Sweep.RunAsync).");
                if (outputFormat != OutputFormat.Table) PointTable(statuses, runs).Write(outputFormat);
                return 0;
            }
            if (outputFormat != OutputFormat.Table || result.GetValue(points))
            {
                var table = PointTable(statuses, runs);
                table.Caption = $"{statuses.Count} points of sweep {name}";
                table.Write(outputFormat);
                return 0;
            }
            WriteSummary(name, statuses, runs, result.GetValue(failures));
            return 0;
        });
        return command;
    }

    private static ResultTable PointTable(IReadOnlyList<PointStatus<IReadOnlyDictionary<string, object?>>> statuses, IReadOnlyDictionary<string, RunFacts> runs)
    {
        var table = new ResultTable(["point", "state", "run", "runs", "host", "duration_s", "error"]);
        foreach (var status in statuses)
        {
            var facts = runs.GetValueOrDefault(Path.GetFileName(status.Path!));
            table.Add(status.PointId, StateName(status.State), Path.GetFileName(status.Path), status.Runs, facts?.Host,
                status.State == PointState.Completed ? facts?.Duration : null, status.State == PointState.Failed ? facts?.Error : null);
        }
        return table;
    }

    private static void WriteSummary(string name, IReadOnlyList<PointStatus<IReadOnlyDictionary<string, object?>>> statuses, IReadOnlyDictionary<string, RunFacts> runs, int failures)
    {
        int runCount = statuses.Sum(s => s.Runs);
        var byState = new ResultTable(["state", "points"]);
        foreach (var state in States) byState.Add(StateName(state), statuses.Count(s => s.State == state));
        int earlier = runCount - statuses.Count;
        byState.Caption = $"Sweep {name}: {statuses.Count} points in {runCount} runs ({earlier} earlier attempt{(earlier == 1 ? "" : "s")}). Points without a run yet are pending: the program's Sweep.GetStatus(main, points) lists them.";
        byState.Write(OutputFormat.Table);

        var hosts = new ResultTable(["host", "completed", "running", "failed", "interrupted", "mean_s", "total_s"]);
        foreach (var host in statuses.GroupBy(s => runs.GetValueOrDefault(Path.GetFileName(s.Path!))?.Host ?? "(unknown)").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var durations = host.Where(s => s.State == PointState.Completed)
                .Select(s => runs.GetValueOrDefault(Path.GetFileName(s.Path!))?.Duration).OfType<double>().ToList();
            hosts.Add([host.Key, .. States.Select(state => (object?)host.Count(s => s.State == state)),
                durations.Count == 0 ? null : Math.Round(durations.Average(), 3), durations.Count == 0 ? null : Math.Round(durations.Sum(), 3)]);
        }
        hosts.Write(OutputFormat.Table);

        var completed = statuses.Where(s => s.State == PointState.Completed)
            .Select(s => runs.GetValueOrDefault(Path.GetFileName(s.Path!))).OfType<RunFacts>().ToList();
        var times = completed.Select(f => f.Duration).OfType<double>().Order().ToList();
        if (times.Count > 0)
        {
            double? start = completed.Select(f => f.StartUnix).OfType<double>().DefaultIfEmpty().Min();
            double? end = completed.Select(f => f.EndUnix).OfType<double>().DefaultIfEmpty().Max();
            string wall = start is > 0 && end is > 0 ? $"; {Seconds(end.Value - start.Value)} from the first start to the last end" : "";
            Terminal.Line(Terminal.Out, $"Completed runs took {Seconds(times[0])} to {Seconds(times[^1])} (median {Seconds(times[times.Count / 2])}, mean {Seconds(times.Average())}, {Seconds(times.Sum())} in all){wall}.");
        }

        var failed = statuses.Where(s => s.State == PointState.Failed).ToList();
        if (failed.Count > 0 && failures > 0)
        {
            var table = new ResultTable(["run", "runs", "host", "error"]);
            foreach (var status in failed.Take(failures))
            {
                var facts = runs.GetValueOrDefault(Path.GetFileName(status.Path!));
                table.Add(Path.GetFileName(status.Path), status.Runs, facts?.Host, facts?.Error);
            }
            table.Caption = failed.Count > failures ? $"the first {failures} of {failed.Count} failed points (--points lists all)" : $"{failed.Count} failed points; a sweep run again runs them again";
            table.Write(OutputFormat.Table);
        }
    }

    private static string StateName(PointState state) => state.ToString().ToLowerInvariant();

    private static string Seconds(double seconds) =>
        seconds < 120 ? seconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : TimeSpan.FromSeconds(Math.Round(seconds)).ToString("c", CultureInfo.InvariantCulture);

    /// <summary>What a run's [Provenance] says: host, times and error.</summary>
    private sealed record RunFacts(string? Host, double? Duration, double? StartUnix, double? EndUnix, string? Error)
    {
        /// <summary>The facts of every run of the group, by folder name (read from the group's index).</summary>
        public static Dictionary<string, RunFacts> Load(string name, StorageOptions options)
        {
            var group = new StorageManagerGroup(name, options: options);
            var lists = group.GetMultiParamList(["host", "duration_seconds", "start_unix", "end_unix", "error_type", "error_message"], StorageManager.ProvenanceSection, removeNone: false);
            var runs = group.StorageManagerList;
            var facts = new Dictionary<string, RunFacts>(runs.Count, StringComparer.Ordinal);
            for (int i = 0; i < runs.Count; i++)
            {
                string? error = lists[4][i] is null && lists[5][i] is null ? null : $"{lists[4][i]}: {lists[5][i]}";
                facts[runs[i].FolderName] = new RunFacts(lists[0][i]?.ToString(), Number(lists[1][i]), Number(lists[2][i]), Number(lists[3][i]), error);
            }
            return facts;
        }

        private static double? Number(object? value) => value switch
        {
            double d => d,
            int i => i,
            long l => l,
            _ => null,
        };
    }
}
