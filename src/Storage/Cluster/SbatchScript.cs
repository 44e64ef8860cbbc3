using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StorageTyped.Cluster;

/// <summary>
/// Checks a <see cref="SlurmSubmission"/> and writes its sbatch script: the options as <c>#SBATCH</c> lines (so the
/// script alone says how it was submitted, and can be submitted again with <c>sbatch</c>), then the environment,
/// the set-up lines and the command.
/// </summary>
internal static partial class SbatchScript
{
    /// <summary>The options the submission's properties set (long names), by the property that sets them.</summary>
    private static readonly Dictionary<string, string> OptionsOfProperties = new(StringComparer.Ordinal)
    {
        ["job-name"] = nameof(SlurmSubmission.JobName),
        ["array"] = nameof(SlurmSubmission.ArrayTasks),
        ["cpus-per-task"] = nameof(SlurmSubmission.CpusPerTask),
        ["time"] = nameof(SlurmSubmission.TimeLimit),
        ["partition"] = nameof(SlurmSubmission.Partition),
        ["account"] = nameof(SlurmSubmission.Account),
        ["qos"] = nameof(SlurmSubmission.Qos),
        ["mem"] = nameof(SlurmSubmission.Memory),
        ["output"] = nameof(SlurmSubmission.Output),
        ["error"] = nameof(SlurmSubmission.Error),
        ["chdir"] = nameof(SlurmSubmission.WorkingDirectory),
        ["export"] = nameof(SlurmSubmission.Environment),
        ["wrap"] = nameof(SlurmSubmission.Command),
    };

    /// <summary>Slurm's limit on MaxArraySize; a cluster's own limit is usually far lower (1001 by default).</summary>
    private const int MostArrayTasks = 4_000_000;

    /// <summary>The script for <paramref name="submission"/>.</summary>
    /// <exception cref="ArgumentException">A value Slurm or bash would not take as meant; the message names the property.</exception>
    public static string Write(SlurmSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        Check(submission);
        var script = new StringBuilder();
        script.Append("#!/bin/bash\n");
        script.Append("# Written by StorageTyped (Slurm.Submit, runs sweep submit): a job array whose every task runs the\n");
        script.Append("# command below; in it Sweep.RunAsync runs the share SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT.\n");
        Directive(script, "job-name", submission.JobName);
        string array = submission.ArrayTasks == 1 ? "0" : $"0-{submission.ArrayTasks - 1}";
        if (submission.MaxRunningTasks is int most) array += "%" + most.ToString(CultureInfo.InvariantCulture);
        Directive(script, "array", array);
        Directive(script, "cpus-per-task", submission.CpusPerTask.ToString(CultureInfo.InvariantCulture));
        if (submission.TimeLimit is TimeSpan limit) Directive(script, "time", FormatTime(limit));
        if (submission.Partition is not null) Directive(script, "partition", submission.Partition);
        if (submission.Account is not null) Directive(script, "account", submission.Account);
        if (submission.Qos is not null) Directive(script, "qos", submission.Qos);
        if (submission.Memory is not null) Directive(script, "mem", submission.Memory);
        Directive(script, "output", submission.Output);
        if (submission.Error is not null) Directive(script, "error", submission.Error);
        if (submission.WorkingDirectory is not null) Directive(script, "chdir", submission.WorkingDirectory);
        foreach (string option in submission.AdditionalOptions)
        {
            int equals = option.IndexOf('=', StringComparison.Ordinal);
            script.Append(equals < 0 ? SbatchDirective.Line(option[2..]) : SbatchDirective.Line(option[2..equals], option[(equals + 1)..])).Append('\n');
        }
        // After the #SBATCH lines (sbatch reads none after the first command): a failing set-up line stops the task.
        script.Append("set -e\n");
        foreach (var (name, value) in submission.Environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            script.Append("export ").Append(name).Append('=').Append(BashWord.Quote(value)).Append('\n');
        foreach (string line in submission.Setup) script.Append(line).Append('\n');
        script.Append("exec ").AppendJoin(' ', submission.Command.Select(BashWord.Quote)).Append('\n');
        return script.ToString();
    }

    /// <summary>The sbatch options the script sets, by their SBATCH_ variable: the submitting shell's must not override them.</summary>
    public static IEnumerable<string> OverriddenVariables(SlurmSubmission submission)
    {
        yield return "SBATCH_JOB_NAME";
        yield return "SBATCH_ARRAY_INX";
        yield return "SBATCH_OUTPUT";
        if (submission.TimeLimit is not null) yield return "SBATCH_TIMELIMIT";
        if (submission.Partition is not null) yield return "SBATCH_PARTITION";
        if (submission.Account is not null) yield return "SBATCH_ACCOUNT";
        if (submission.Qos is not null) yield return "SBATCH_QOS";
        if (submission.Error is not null) yield return "SBATCH_ERROR";
        if (submission.Memory is not null)
        {
            yield return "SBATCH_MEM_PER_NODE";
            yield return "SBATCH_MEM_PER_CPU";   // excludes --mem; sbatch would refuse both
            yield return "SBATCH_MEM_PER_GPU";
        }
    }

    /// <summary>Slurm's [days-]hours:minutes:seconds, seconds rounded up (Slurm itself rounds up to minutes).</summary>
    public static string FormatTime(TimeSpan limit)
    {
        long seconds = (long)Math.Ceiling(limit.TotalSeconds);
        long days = seconds / 86400, hours = seconds / 3600 % 24, minutes = seconds / 60 % 60;
        string clock = string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{seconds % 60:00}");
        return days > 0 ? days.ToString(CultureInfo.InvariantCulture) + "-" + clock : clock;
    }

    private static void Directive(StringBuilder script, string option, string value) =>
        script.Append(SbatchDirective.Line(option, value)).Append('\n');

    private static void Check(SlurmSubmission s)
    {
        if (s.Command is null || s.Command.Count == 0)
            throw Bad(nameof(s.Command), "is empty: give the program and its arguments, for example [\"dotnet\", \"MySweep.dll\"]");
        for (int i = 0; i < s.Command.Count; i++)
        {
            if (s.Command[i] is null) throw Bad(nameof(s.Command), $"has null at position {i}");
            if (s.Command[i].Contains('\0')) throw Bad(nameof(s.Command), $"has a NUL character in argument {i}, which no program can receive");
        }
        if (s.Command[0].Length == 0) throw Bad(nameof(s.Command), "starts with an empty program name");
        if (s.ArrayTasks is < 1 or > MostArrayTasks)
            throw Bad(nameof(s.ArrayTasks), $"is {s.ArrayTasks}: give the number of tasks, from 1 to the cluster's MaxArraySize (usually 1001)");
        if (s.MaxRunningTasks is < 1)
            throw Bad(nameof(s.MaxRunningTasks), $"is {s.MaxRunningTasks}: give at least 1, or null for no limit");
        if (s.CpusPerTask < 1) throw Bad(nameof(s.CpusPerTask), $"is {s.CpusPerTask}: give at least 1");
        if (s.TimeLimit is TimeSpan limit && (limit <= TimeSpan.Zero || limit.TotalDays > 365 * 100))
            throw Bad(nameof(s.TimeLimit), $"is {limit}: give a positive time such as TimeSpan.FromHours(1), or null for the partition's default");
        CheckName(nameof(s.Partition), s.Partition, allowComma: true);
        CheckName(nameof(s.Account), s.Account, allowComma: false);
        CheckName(nameof(s.Qos), s.Qos, allowComma: false);
        if (s.Memory is not null && !MemoryPattern().IsMatch(s.Memory))
            throw Bad(nameof(s.Memory), $"is '{s.Memory}': give a number of megabytes with an optional unit K, M, G or T, such as 4G or 500M");
        CheckText(nameof(s.JobName), s.JobName, required: true);
        CheckText(nameof(s.Output), s.Output, required: true);
        CheckText(nameof(s.Error), s.Error, required: false);
        CheckText(nameof(s.WorkingDirectory), s.WorkingDirectory, required: false);
        if (s.Environment is null) throw Bad(nameof(s.Environment), "is null: give an empty dictionary");
        foreach (var (name, value) in s.Environment)
        {
            if (!VariableName().IsMatch(name))
                throw Bad(nameof(s.Environment), $"has the name '{Shown(name)}', which is not a shell variable name (letters, digits and _, not starting with a digit)");
            if (name.StartsWith("SLURM_", StringComparison.OrdinalIgnoreCase))
                throw Bad(nameof(s.Environment), $"sets {name}, one of the variables Slurm sets in each task (SLURM_ARRAY_TASK_ID says which share the task runs); leave it to Slurm");
            if (value is null || value.Contains('\0'))
                throw Bad(nameof(s.Environment), $"gives {name} {(value is null ? "null" : "a value with a NUL character")}; give a string without NUL");
        }
        if (s.Setup is null) throw Bad(nameof(s.Setup), "is null: give an empty list");
        foreach (string line in s.Setup)
        {
            if (line is null || line.Any(c => char.IsControl(c) && c != '\t'))
                throw Bad(nameof(s.Setup), $"has the line '{Shown(line ?? "null")}': each entry is one line of shell code, without line breaks or control characters");
        }
        if (s.AdditionalOptions is null) throw Bad(nameof(s.AdditionalOptions), "is null: give an empty list");
        foreach (string option in s.AdditionalOptions)
        {
            Match match = option is null ? Match.Empty : AdditionalOption().Match(option);
            if (!match.Success)
                throw Bad(nameof(s.AdditionalOptions), $"has '{Shown(option ?? "null")}': give one long sbatch option each, --name or --name=value (such as --gres=gpu:1), without control characters");
            string name = match.Groups["name"].Value;
            if (OptionsOfProperties.TryGetValue(name, out string? property))
                throw Bad(nameof(s.AdditionalOptions), $"has --{name}, which SlurmSubmission.{property} sets; use that instead");
        }
    }

    private static void CheckName(string property, string? value, bool allowComma)
    {
        if (value is null) return;
        if (!SlurmName().IsMatch(value) || (!allowComma && value.Contains(',')))
            throw Bad(property, $"is '{Shown(value)}': a Slurm name has letters, digits and . _ - + @{(allowComma ? " (a comma separates several)" : "")}");
    }

    private static void CheckText(string property, string? value, bool required)
    {
        if (value is null)
        {
            if (required) throw Bad(property, "is null");
            return;
        }
        if (value.Length == 0 || value.Any(char.IsControl))
            throw Bad(property, $"is '{Shown(value)}': give a non-empty text on one line, without control characters");
    }

    private static ArgumentException Bad(string property, string problem) =>
        new($"SlurmSubmission.{property} {problem}. Nothing was submitted.", property);

    /// <summary>A value as a message can show it: control characters escaped, cut at 80 characters.</summary>
    private static string Shown(string value)
    {
        string escaped = string.Concat(value.Take(80).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return value.Length > 80 ? escaped + "…" : escaped;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._+@,-]+$")]
    private static partial Regex SlurmName();

    [GeneratedRegex(@"^[0-9]{1,12}[KMGTkmgt]?$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"^--(?<name>[a-z][a-z0-9-]*)(=[^\p{Cc}]*)?$")]
    private static partial Regex AdditionalOption();
}
