namespace StorageTyped;

/// <summary>
/// A Slurm job array that runs one command in every task: what <see cref="Slurm.Submit"/> submits and
/// <see cref="Slurm.Script"/> writes as an sbatch script. Inside a task, Slurm sets <c>SLURM_ARRAY_TASK_ID</c> and
/// <c>SLURM_ARRAY_TASK_COUNT</c>, from which <see cref="Sweep"/>.RunAsync runs that task's share of the points. Every value is
/// checked before anything is written or submitted; a bad one is an <see cref="ArgumentException"/> naming the property.
/// </summary>
public sealed record SlurmSubmission
{
    /// <summary>
    /// The program and its arguments, run by every task (with <c>exec</c>, so that Slurm's signals reach it). Each
    /// argument is quoted for bash: it reaches the program exactly as given, spaces, quotes and <c>$</c> included.
    /// </summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The number of tasks of the array (<c>--array=0-(N-1)</c>): how many shares the sweep is cut into. At least 1.</summary>
    public int ArrayTasks { get; init; } = 1;

    /// <summary>At most this many tasks run at once (<c>--array=…%M</c>); null: as many as the cluster gives.</summary>
    public int? MaxRunningTasks { get; init; }

    /// <summary>CPUs per task (<c>--cpus-per-task</c>; the task sees it as <c>SLURM_CPUS_PER_TASK</c>). At least 1.</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>The time limit of each task (<c>--time</c>, written as days-hours:minutes:seconds); null: the partition's default.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The partition (<c>--partition</c>; a comma-separated list lets Slurm pick); null: the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>The account charged (<c>--account</c>); null: the user's default.</summary>
    public string? Account { get; init; }

    /// <summary>The quality of service (<c>--qos</c>); null: the default.</summary>
    public string? Qos { get; init; }

    /// <summary>Memory per task (<c>--mem</c>): a number with an optional unit K, M, G or T ("4G", "500M"); null: the default.</summary>
    public string? Memory { get; init; }

    /// <summary>The job's name (<c>--job-name</c>), as squeue shows it.</summary>
    public string JobName { get; init; } = "sweep";

    /// <summary>
    /// Where each task's standard output goes (<c>--output</c>), relative to the working directory; Slurm's patterns
    /// apply: <c>%A</c> the array's job id, <c>%a</c> the task id.
    /// </summary>
    public string Output { get; init; } = "slurm-%A_%a.out";

    /// <summary>Where each task's standard error goes (<c>--error</c>, same patterns); null: with the output.</summary>
    public string? Error { get; init; }

    /// <summary>The folder the tasks run in (<c>--chdir</c>); null: the folder sbatch is run from (the current directory).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Environment variables the tasks get on top of the submitting process's own (which sbatch passes on), exported
    /// in the script. Names are shell names; the SLURM_ ones are Slurm's and are refused.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Shell lines run before the command, such as <c>module load dotnet</c>. They are shell code written as they
    /// are (not quoted); the script stops when one fails.
    /// </summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>
    /// Other sbatch options, one each, in their long form (<c>--gres=gpu:1</c>, <c>--mail-type=END</c>,
    /// <c>--exclusive</c>); the value is quoted. Options that a property sets are refused: use the property.
    /// </summary>
    public IReadOnlyList<string> AdditionalOptions { get; init; } = [];
}
