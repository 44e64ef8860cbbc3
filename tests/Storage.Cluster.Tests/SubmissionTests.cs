using System.Text.Json;

namespace StorageTyped.Cluster.Tests;

/// <summary>
/// Slurm.Submit and runs sweep submit against the real cluster: what the tasks receive is exactly what was given
/// (arguments, environment, names and paths full of characters that sbatch's directive parser or bash would
/// otherwise take for syntax), sbatch's refusals come back as errors, and the script --dry-run prints is the one
/// that runs.
/// </summary>
[Collection(SlurmCluster.Collection)]
public sealed class SubmissionTests(SlurmCluster cluster) : IDisposable
{
    /// <summary>Arguments that would be lost or changed by naive quoting, in bash or in sbatch.</summary>
    private static readonly string[] HostileArguments =
    [
        "plain", "two words", "it's", "\"double\"", "$HOME", "${PATH}", "`id`", "$(id)", "a\\b", "back\\", "#hash", "a #b",
        "semi;colon", "pipe|amp&", "*", "?", "~", "", " ", "line\nbreak", "tab\there", "crlf\r\nend", "\u0001control",
        "é ✓ 東京", "--flag=x", "%A_%a", "!bang", "'", "''", "\\'", "{a,b}", "<in >out",
    ];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Worker => Path.Combine(AppContext.BaseDirectory, "Storage.TestWorker.dll");

    [Fact]
    public void Every_task_receives_the_arguments_environment_names_and_paths_exactly_as_given()
    {
        cluster.Require();
        string outputFolder = Path.Combine(_temp.Root, "out dir 'quoted' \"double\" #1 $x");
        string workFolder = Path.Combine(_temp.Root, "work dir #2 \\ $HOME");
        Directory.CreateDirectory(outputFolder);
        Directory.CreateDirectory(workFolder);
        const string jobName = "sweep \"quoted\" it's #1 \\ $HOME";
        const string hostileValue = "multi\nline 'value' \"with\" $HOME #and \\ back`ticks`";
        var submission = new SlurmSubmission
        {
            Command = ["dotnet", Worker, "print-args", .. HostileArguments],
            ArrayTasks = 3,
            CpusPerTask = 1,
            TimeLimit = TimeSpan.FromMinutes(5),
            Partition = "debug",
            JobName = jobName,
            Output = Path.Combine(outputFolder, "task-%A_%a.out"),
            WorkingDirectory = workFolder,
            Environment = new Dictionary<string, string>
            {
                ["STORAGETYPED_TEST_VALUE"] = hostileValue,
                ["PRINT_ARGS_VARIABLES"] = "STORAGETYPED_TEST_VALUE,SLURM_ARRAY_TASK_ID,SLURM_ARRAY_TASK_COUNT,SLURM_CPUS_PER_TASK",
            },
        };

        string jobId = Slurm.Submit(submission);

        Assert.Matches("^[0-9]+$", jobId);
        var states = cluster.WaitForJob(jobId, 3, TimeSpan.FromMinutes(3));
        Assert.True(states.Values.All(s => s == "COMPLETED"), $"tasks: {SlurmCluster.Describe(states)}\n{cluster.Logs()}");
        var taskIds = new List<string>();
        for (int task = 0; task < 3; task++)
        {
            string output = Path.Combine(outputFolder, $"task-{jobId}_{task}.out");
            Assert.True(File.Exists(output), $"no output file {output}; the folder has: {string.Join(", ", Directory.GetFiles(outputFolder).Select(Path.GetFileName))}");
            using var received = JsonDocument.Parse(File.ReadAllText(output));
            var arguments = received.RootElement.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToArray();
            Assert.Equal(HostileArguments, arguments);
            Assert.Equal(workFolder, received.RootElement.GetProperty("directory").GetString());
            var variables = received.RootElement.GetProperty("variables");
            Assert.Equal(hostileValue, variables.GetProperty("STORAGETYPED_TEST_VALUE").GetString());
            Assert.Equal("3", variables.GetProperty("SLURM_ARRAY_TASK_COUNT").GetString());
            Assert.Equal("1", variables.GetProperty("SLURM_CPUS_PER_TASK").GetString());
            taskIds.Add(variables.GetProperty("SLURM_ARRAY_TASK_ID").GetString()!);
        }
        Assert.Equal(["0", "1", "2"], taskIds);

        // What Slurm recorded: the limit, partition, CPUs and the name exactly (the name last: it has spaces).
        string[] recorded = cluster.Command("squeue", "--noheader", "--states=all", "--array", "--jobs", jobId, "--format=%l %P %C %j")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, recorded.Length);
        Assert.All(recorded, line => Assert.Equal($"5:00 debug 1 {jobName}", line));
    }

    [Fact]
    public void A_job_sbatch_refuses_is_an_error_with_sbatchs_reason_and_nothing_is_queued()
    {
        cluster.Require();
        var submission = new SlurmSubmission { Command = ["true"], ArrayTasks = 2, Partition = "nosuchpartition", JobName = "refused-" + Guid.NewGuid().ToString("N")[..8] };

        var error = Assert.Throws<InvalidOperationException>(() => Slurm.Submit(submission));

        Assert.Contains("sbatch refused the job", error.Message);
        Assert.Contains("invalid partition", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Nothing was submitted", error.Message);
        Assert.Equal("", cluster.Command("squeue", "--noheader", "--states=all", "--name", submission.JobName).Trim());
    }

    [Fact]
    public void Runs_sweep_submit_prints_the_job_id_and_its_dry_run_script_is_the_one_sbatch_runs()
    {
        cluster.Require();
        string[] options = ["sweep", "submit", "--tasks", "2", "--time", "3", "--partition", "debug", "--job-name", "cli test",
            "--env", "PRINT_ARGS_VARIABLES=SLURM_ARRAY_TASK_ID,FROM_CLI", "--env", "FROM_CLI=a b 'c'", "--output", "%x-%A_%a.json"];
        string[] program = ["--", "dotnet", Worker, "print-args", "--not-an-option", "it's"];

        var submitted = RunsTool.RunWith(_temp.Root, cluster.ClientEnvironment, [.. options, .. program]);
        Assert.True(submitted.ExitCode == 0, submitted.Error);
        string jobId = submitted.Output.Trim();
        Assert.Matches("^[0-9]+$", jobId);
        Assert.Contains($"Submitted job array {jobId} (2 tasks)", submitted.Error);

        // The same command with --dry-run prints the script; sbatch alone runs it the same way.
        var dryRun = RunsTool.RunWith(_temp.Root, cluster.ClientEnvironment, [.. options, "--dry-run", .. program]);
        Assert.Equal(0, dryRun.ExitCode);
        Assert.StartsWith("#!/bin/bash\n", dryRun.Output);
        Assert.Contains("#SBATCH --array=0-1\n", dryRun.Output);
        string script = Path.Combine(_temp.Root, "job.sh");
        File.WriteAllText(script, dryRun.Output);
        string again = cluster.Command("sbatch", "--parsable", "--chdir", _temp.Root, script).Trim();

        foreach (string job in new[] { jobId, again })
        {
            var states = cluster.WaitForJob(job, 2, TimeSpan.FromMinutes(3));
            Assert.True(states.Values.All(s => s == "COMPLETED"), $"job {job}: {SlurmCluster.Describe(states)}\n{cluster.Logs()}");
            for (int task = 0; task < 2; task++)
            {
                using var received = JsonDocument.Parse(File.ReadAllText(Path.Combine(_temp.Root, $"cli test-{job}_{task}.json")));
                Assert.Equal(["--not-an-option", "it's"], received.RootElement.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
                Assert.Equal(_temp.Root, received.RootElement.GetProperty("directory").GetString());
                var variables = received.RootElement.GetProperty("variables");
                Assert.Equal(task.ToString(), variables.GetProperty("SLURM_ARRAY_TASK_ID").GetString());
                Assert.Equal("a b 'c'", variables.GetProperty("FROM_CLI").GetString());
            }
        }
    }
}
