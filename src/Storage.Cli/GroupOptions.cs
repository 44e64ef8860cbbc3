using System.CommandLine;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli;

/// <summary>
/// The argument and options of the commands that work on a group: the group (main folder), --tag, --where and
/// --status, and loading the group through the library with a progress bar.
/// </summary>
internal sealed class GroupOptions
{
    public Argument<string> Group { get; } = new("group")
    {
        Description = "The group: a main folder in Data/StorageManager (see runs groups), such as MyName.",
    };

    public Option<string?> Tag { get; } = new("--tag")
    {
        Description = "The run name prefix when it differs from the group's name (runs are <tag><number>, as StorageManager(main, folderName) makes them).",
    };

    public Option<string?> Where { get; } = new("--where", "-w")
    {
        Description = "Keep the runs a query selects, in the group's query language: \"number_of_neurons>1000 and score>0.5\", \"label == 'a' or plastic == True\".",
    };

    public Option<string[]> Status { get; } = new("--status")
    {
        Description = "Keep runs in these statuses (comma-separated or repeated): completed, failed, running, interrupted, unknown (no status recorded, as PymoNNto's runs). A run recorded as running whose process is gone is interrupted.",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Adds the argument and options to <paramref name="command"/>.</summary>
    public void AddTo(Command command, bool filters = true)
    {
        command.Add(Group);
        command.Add(Tag);
        if (!filters) return;
        command.Add(Where);
        command.Add(Status);
    }

    /// <summary>Loads the group and applies --status and --where.</summary>
    /// <exception cref="CliException">No data folder, no such group, a malformed query, a key no run has, or a bad status.</exception>
    public GroupView Open(ParseResult result)
    {
        var location = DataLocation.Resolve(result.GetValue(RunsCommand.Data));
        string name = result.GetRequiredValue(Group);
        location.RequireMainFolder(name);
        string tag = result.GetValue(Tag) ?? name;
        StorageManagerGroup loaded;
        try
        {
            loaded = ProgressDisplay.Run($"Reading the runs of {name}", counter => new StorageManagerGroup(tag, name, location.Options, counter));
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCode.Usage, $"--tag: {e.Message}", e);
        }
        if (loaded.Count == 0) HintAtOtherTags(location, name, tag);

        StorageManagerGroup group = loaded;
        var statuses = ParseStatuses(result.GetValue(Status));
        if (statuses.Length > 0) group = group.WhereStatus(statuses);
        if (result.GetValue(Where) is { } query) group = ApplyQuery(loaded, group, query);
        return new GroupView(loaded, group, location, name);
    }

    private static StorageManagerGroup ApplyQuery(StorageManagerGroup loaded, StorageManagerGroup group, string query)
    {
        IReadOnlyList<string> keys;
        try
        {
            keys = StorageManagerGroup.GetQueryKeys(query);
        }
        catch (FormatException e)
        {
            throw new CliException(ExitCode.MalformedQuery, "--where: " + e.Message, e);
        }
        var known = loaded.GetAllParams();
        foreach (string key in keys)
        {
            if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw new CliException(ExitCode.UnknownColumn,
                    $"--where: no run of {loaded.Tag} has a parameter '{key}'. Parameters: {string.Join(", ", known.Take(30))}." + Suggestions.DidYouMean(key, known));
        }
        return group.Where(query);
    }

    /// <summary>Reads --status values: names, comma-separated or repeated, in any case.</summary>
    /// <exception cref="CliException">A name that is not a status.</exception>
    public static RunStatus[] ParseStatuses(IEnumerable<string>? texts)
    {
        if (texts is null) return [];
        var statuses = new List<RunStatus>();
        foreach (string text in texts.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse(text, ignoreCase: true, out RunStatus status) || !Enum.IsDefined(status) || char.IsAsciiDigit(text[0]))
                throw new CliException(ExitCode.Usage, $"--status: '{text}' is not a status; use completed, failed, running, interrupted or unknown.");
            statuses.Add(status);
        }
        return [.. statuses.Distinct()];
    }

    private static void HintAtOtherTags(DataLocation location, string name, string tag)
    {
        var folders = Directory.EnumerateDirectories(Path.Combine(location.MainFoldersPath, name))
            .Select(Path.GetFileName).Where(f => f is { Length: > 0 } && f[0] != '.').Take(3).ToList();
        if (folders.Count > 0)
            Console.Error.WriteLine($"Group {name} has no runs named {tag}<number>; its folders include {string.Join(", ", folders)}. Give their prefix with --tag.");
    }
}
