namespace StorageTyped.Cli.Tests;

/// <summary>
/// runs sweep submit as a process: the script --dry-run prints, the refusals of bad values (exit 2) and of a machine
/// without sbatch (exit 9). The real submissions are in tests/Storage.Cluster.Tests, against a real Slurm cluster.
/// </summary>
public sealed class SweepSubmitTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Dry_run_prints_the_sbatch_script_with_every_option_and_the_command_quoted()
    {
        var result = RunsTool.RunIn(_temp.Root, "sweep", "submit", "--tasks", "8", "--cpus-per-task", "2", "--time", "1-12", "--partition", "cpu",
            "--max-running", "3", "--job-name", "net sweep", "--mem", "4G", "--env", "OMP_NUM_THREADS=1", "--setup", "module load dotnet",
            "--sbatch-option=--gres=gpu:1", "--dry-run", "--", "dotnet", "My Sweep.dll", "--help", "-d", "it's", "$HOME");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        Assert.Equal("""
            #!/bin/bash
            # Written by StorageTyped (Slurm.Submit, runs sweep submit): a job array whose every task runs the
            # command below; in it Sweep.RunAsync runs the share SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT.
            #SBATCH --job-name="net sweep"
            #SBATCH --array=0-7%3
            #SBATCH --cpus-per-task=2
            #SBATCH --time=1-12:00:00
            #SBATCH --partition=cpu
            #SBATCH --mem=4G
            #SBATCH --output=slurm-%A_%a.out
            #SBATCH --gres=gpu:1
            set -e
            export OMP_NUM_THREADS=1
            module load dotnet
            exec dotnet 'My Sweep.dll' --help -d 'it'\''s' '$HOME'

            """.Replace("\r\n", "\n"), result.Output);
    }

    [Theory]
    [InlineData("90", "01:30:00")]
    [InlineData("5:30", "00:05:30")]
    [InlineData("2:00:00", "02:00:00")]
    [InlineData("3-0", "3-00:00:00")]
    [InlineData("1-2:30", "1-02:30:00")]
    [InlineData("1-02:03:04", "1-02:03:04")]
    public void Time_takes_every_format_sbatch_takes(string time, string written)
    {
        var result = RunsTool.RunIn(_temp.Root, "sweep", "submit", "--tasks", "2", "--time", time, "--dry-run", "--", "./sweep");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"\n#SBATCH --time={written}\n", result.Output);
    }

    [Theory]
    [InlineData(new[] { "--tasks", "0", "--", "x" }, "--tasks: '0' is not a whole number of tasks from 1 to")]
    [InlineData(new[] { "--", "x" }, "--tasks")]
    [InlineData(new[] { "--tasks", "2" }, "command")]
    [InlineData(new[] { "--tasks", "2", "--cpus-per-task", "0", "--", "x" }, "--cpus-per-task: '0' is not a whole number of CPUs from 1 to")]
    [InlineData(new[] { "--tasks", "2", "--max-running", "0", "--", "x" }, "--max-running: '0' is not a whole number of tasks from 1 to")]
    [InlineData(new[] { "--tasks", "2", "--time", "1h", "--", "x" }, "--time: '1h' is not a time limit")]
    [InlineData(new[] { "--tasks", "2", "--time", "0", "--", "x" }, "--time: '0' is not a time limit")]
    [InlineData(new[] { "--tasks", "2", "--partition", "a b", "--", "x" }, "--partition (SlurmSubmission.Partition) is 'a b'")]
    [InlineData(new[] { "--tasks", "2", "--mem", "lots", "--", "x" }, "--mem (SlurmSubmission.Memory) is 'lots'")]
    [InlineData(new[] { "--tasks", "2", "--env", "NOVALUE", "--", "x" }, "--env: 'NOVALUE' is not NAME=VALUE")]
    [InlineData(new[] { "--tasks", "2", "--env", "A=1", "--env", "A=2", "--", "x" }, "--env: A is given twice")]
    [InlineData(new[] { "--tasks", "2", "--env", "SLURM_ARRAY_TASK_ID=1", "--", "x" }, "--env (SlurmSubmission.Environment) sets SLURM_ARRAY_TASK_ID")]
    [InlineData(new[] { "--tasks", "2", "--sbatch-option=--array=1-3", "--", "x" }, "--sbatch-option (SlurmSubmission.AdditionalOptions) has --array, which SlurmSubmission.ArrayTasks sets")]
    public void A_bad_value_is_a_usage_error_that_names_the_option(string[] arguments, string message)
    {
        var result = RunsTool.RunIn(_temp.Root, ["sweep", "submit", "--dry-run", .. arguments]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains(message, result.Error);
        Assert.StartsWith("runs: ", result.Error);
    }

    [Fact]
    public void Without_sbatch_on_PATH_it_says_what_to_install_and_exits_9()
    {
        // PATH without Slurm (the tool itself is started by full path through dotnet, found before PATH changes).
        var environment = new Dictionary<string, string?> { ["PATH"] = _temp.Root };
        var result = RunsTool.RunWith(_temp.Root, environment, "sweep", "submit", "--tasks", "4", "--", "dotnet", "MySweep.dll");

        Assert.Equal(9, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("sbatch was not found on PATH", result.Error);
        Assert.Contains("apt-get install slurm-client", result.Error);
        Assert.Contains("Nothing was submitted.", result.Error);
        // --dry-run needs no sbatch.
        Assert.Equal(0, RunsTool.RunWith(_temp.Root, environment, "sweep", "submit", "--tasks", "4", "--dry-run", "--", "x").ExitCode);
    }

    [Fact]
    public void Help_describes_the_options_the_shares_and_the_exit_codes()
    {
        var result = RunsTool.RunIn(_temp.Root, "sweep", "submit", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (string text in new[] { "runs sweep submit", "<command>", "--tasks", "--cpus-per-task", "--time", "--partition", "--dry-run",
                     "--env", "--setup", "--sbatch-option", "SLURM_ARRAY_TASK_ID", "Examples:", "Exit codes: see runs --help." })
            Assert.Contains(text, result.Output);
        Assert.Contains("9  sbatch is missing", RunsTool.RunIn(_temp.Root, "--help").Output);
    }
}
