using System.CommandLine;

namespace StorageTyped.Cli.Commands;

/// <summary>runs sweep submit: a sweep's program as a Slurm job array (Slurm.Submit), or its sbatch script with --dry-run.</summary>
internal static class SweepSubmitCommand
{
    public static Command Create()
    {
        var tasks = OptionParsing.RequiredInteger("--tasks", "The number of array tasks: the sweep's points are shared out among them.", 1, int.MaxValue, "tasks");
        var cpus = OptionParsing.Integer("--cpus-per-task", "CPUs per task (SLURM_CPUS_PER_TASK in the task).", 1, int.MaxValue, 1, "CPUs", "-c");
        var time = OptionParsing.Parsed("--time", "-t", "Each task's time limit, as sbatch takes it: " + SlurmTimeLimit.Formats + ". Default: the partition's.",
            SlurmTimeLimit.Parse, "a time limit; give " + SlurmTimeLimit.Formats);
        time.HelpName = "T";
        var partition = new Option<string?>("--partition", "-p") { Description = "The partition (a comma-separated list lets Slurm pick). Default: the cluster's." };
        var maxRunning = OptionParsing.OptionalInteger("--max-running", null, "Run at most this many tasks at once (--array=…%M).", 1, int.MaxValue, "tasks");
        var jobName = new Option<string>("--job-name", "-J") { Description = "The job's name, as squeue shows it.", DefaultValueFactory = _ => "sweep" };
        var account = new Option<string?>("--account", "-A") { Description = "The account charged. Default: yours." };
        var qos = new Option<string?>("--qos") { Description = "The quality of service." };
        var memory = new Option<string?>("--mem") { Description = "Memory per task, such as 4G or 500M." };
        var output = new Option<string>("--output", "-o") { Description = "Each task's output file; %A is the job id, %a the task id.", DefaultValueFactory = _ => "slurm-%A_%a.out" };
        var chdir = new Option<string?>("--chdir", "-D") { Description = "The folder the tasks run in. Default: the current directory." };
        var environment = new Option<string[]>("--env") { Description = "NAME=VALUE: an environment variable for the tasks (on top of this shell's, which sbatch passes on); repeatable." };
        var setup = new Option<string[]>("--setup") { Description = "A shell line run before the command, such as 'module load dotnet'; repeatable." };
        var sbatchOptions = new Option<string[]>("--sbatch-option") { Description = "Another sbatch option in its long form, such as --sbatch-option=--gres=gpu:1; repeatable." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the sbatch script and submit nothing." };
        var program = new Argument<string[]>("command")
        {
            Description = "The program each task runs, with its arguments, after --: it calls Sweep.RunAsync, which runs the task's share of the points.",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command("submit", "Submit a sweep's program to Slurm as a job array (sbatch), or print the script with --dry-run.");
        RunsCommand.SetHelp(command, """
            Writes an sbatch script for a job array of --tasks tasks, each running the command after --,
            and submits it with sbatch from the current directory; prints the job id. In each task,
            Sweep.RunAsync reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT and runs that share of
            the points; claims in the Data folder keep a point from running twice. Submitting again runs
            only the points not completed yet. Every argument is quoted for bash, every option for sbatch.
            Needs sbatch on PATH (a cluster's login node; Debian: apt-get install slurm-client).
            """, """
              runs sweep submit --tasks 8 --time 2:00:00 --partition cpu --dry-run -- dotnet MySweep.dll
              runs sweep submit --tasks 8 --cpus-per-task 4 --mem 8G -- dotnet run --project src/MySweep -c Release
              runs sweep submit --tasks 100 --max-running 20 --setup 'module load dotnet' -- ./MySweep --grid big
              squeue --name sweep
            """);
        foreach (Option option in new Option[] { tasks, cpus, time, partition, maxRunning, jobName, account, qos, memory, output, chdir, environment, setup, sbatchOptions, dryRun })
            command.Add(option);
        command.Add(program);
        command.SetAction(result =>
        {
            var submission = new SlurmSubmission
            {
                Command = result.GetRequiredValue(program),
                ArrayTasks = result.GetValue(tasks),
                MaxRunningTasks = result.GetValue(maxRunning),
                CpusPerTask = result.GetValue(cpus),
                TimeLimit = result.GetValue(time),
                Partition = result.GetValue(partition),
                Account = result.GetValue(account),
                Qos = result.GetValue(qos),
                Memory = result.GetValue(memory),
                JobName = result.GetRequiredValue(jobName),
                Output = result.GetRequiredValue(output),
                WorkingDirectory = result.GetValue(chdir),
                Environment = Variables(result.GetValue(environment) ?? []),
                Setup = result.GetValue(setup) ?? [],
                AdditionalOptions = result.GetValue(sbatchOptions) ?? [],
            };
            try
            {
                if (result.GetValue(dryRun))
                {
                    Console.Out.Write(Slurm.Script(submission));
                    return 0;
                }
                string jobId = Slurm.Submit(submission);
                Console.Out.WriteLine(jobId);
                Console.Error.WriteLine($"Submitted job array {jobId} ({submission.ArrayTasks} tasks): squeue -j {jobId} shows them.");
                return 0;
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCode.Usage, OptionNamesIn(e.Message), e);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or TimeoutException)
            {
                throw new CliException(ExitCode.SchedulerFailed, e.Message, e);
            }
        });
        return command;
    }

    /// <summary>--env NAME=VALUE pairs as a dictionary; a pair without = or given twice is a usage error.</summary>
    private static Dictionary<string, string> Variables(IEnumerable<string> pairs)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new CliException(ExitCode.Usage, $"--env: '{pair}' is not NAME=VALUE.");
            if (!variables.TryAdd(pair[..equals], pair[(equals + 1)..]))
                throw new CliException(ExitCode.Usage, $"--env: {pair[..equals]} is given twice.");
        }
        return variables;
    }

    /// <summary>The library's message with the command's option names beside its property names.</summary>
    private static string OptionNamesIn(string message)
    {
        // ArgumentException appends " (Parameter 'X')"; the message already names the property.
        int parameter = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        if (parameter >= 0) message = message[..parameter];
        foreach (var (property, option) in new[]
        {
            ("Command", "the command after --"), ("ArrayTasks", "--tasks"), ("MaxRunningTasks", "--max-running"), ("CpusPerTask", "--cpus-per-task"),
            ("TimeLimit", "--time"), ("Partition", "--partition"), ("Account", "--account"), ("Qos", "--qos"), ("Memory", "--mem"),
            ("JobName", "--job-name"), ("Output", "--output"), ("WorkingDirectory", "--chdir"), ("Environment", "--env"),
            ("Setup", "--setup"), ("AdditionalOptions", "--sbatch-option"),
        })
        {
            string name = "SlurmSubmission." + property + " ";
            if (message.StartsWith(name, StringComparison.Ordinal)) return $"{option} ({name.Trim()}){message[(name.Length - 1)..]}";
        }
        return message;
    }
}
