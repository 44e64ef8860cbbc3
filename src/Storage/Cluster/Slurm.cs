using System.Diagnostics;
using System.Text;
using StorageTyped.Cluster;

namespace StorageTyped;

/// <summary>
/// Puts a sweep on a Slurm cluster through Slurm's own sbatch command: a job array whose tasks each run the sweep's
/// program, and in it <c>Sweep.RunAsync</c> runs the task's share of the points (claims keep a point from running
/// twice even when shares overlap or a task is submitted again).
/// </summary>
public static class Slurm
{
    /// <summary>How long sbatch may take to answer before it is stopped.</summary>
    private static readonly TimeSpan SbatchTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The sbatch script for <paramref name="submission"/>, as <see cref="Submit"/> submits it (and
    /// <c>runs sweep submit --dry-run</c> prints it): the options as <c>#SBATCH</c> lines, then the environment, the
    /// set-up lines and <c>exec</c> of the command, every argument quoted for bash.
    /// </summary>
    /// <exception cref="ArgumentException">A value Slurm or bash would not take as meant; the message names the property.</exception>
    public static string Script(SlurmSubmission submission) => SbatchScript.Write(submission);

    /// <summary>
    /// Submits <paramref name="submission"/> with <c>sbatch --parsable</c> (the script on its standard input, from
    /// the current directory) and returns the job id of the array; its tasks are &lt;id&gt;_0 … &lt;id&gt;_(N-1).
    /// The script's options win over SBATCH_ variables of this process's environment; the rest of the environment
    /// reaches the tasks, as sbatch passes it on.
    /// </summary>
    /// <exception cref="ArgumentException">A value Slurm or bash would not take as meant; nothing was submitted.</exception>
    /// <exception cref="FileNotFoundException">sbatch is not on PATH; the message says what to install.</exception>
    /// <exception cref="InvalidOperationException">sbatch could not be started, refused the job (its message is included), or answered with no job id.</exception>
    /// <exception cref="TimeoutException">sbatch did not answer in 2 minutes (the controller is unreachable); it was stopped.</exception>
    public static string Submit(SlurmSubmission submission) => SubmitLookingIn(submission, pathVariable: null);

    /// <summary><see cref="Submit"/> with sbatch looked up in <paramref name="pathVariable"/> instead of PATH.</summary>
    internal static string SubmitLookingIn(SlurmSubmission submission, string? pathVariable)
    {
        string script = SbatchScript.Write(submission);
        string sbatch = FindSbatch(pathVariable);
        var info = new ProcessStartInfo(sbatch)
        {
            ArgumentList = { "--parsable" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // sbatch refuses a script that starts with a byte order mark: plain UTF-8.
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string variable in SbatchScript.OverriddenVariables(submission)) info.Environment.Remove(variable);

        Process? started;
        try
        {
            started = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{sbatch} could not be started: {e.Message}. Nothing was submitted.", e);
        }
        using var process = started ?? throw new InvalidOperationException($"{sbatch} could not be started. Nothing was submitted.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(script);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // sbatch exited before reading the whole script: its exit code and message below say why.
        }
        if (!process.WaitForExit(SbatchTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"sbatch did not answer in {SbatchTimeout.TotalMinutes:0} minutes and was stopped; the Slurm controller may be unreachable " +
                $"(see `scontrol ping`). Check `squeue --name {submission.JobName}` before submitting again: the job may have been queued.");
        }
        process.WaitForExit();
        string answer = output.Result.Trim(), message = error.Result.Trim();
        if (process.ExitCode != 0)
        {
            string hint = message.Contains("array", StringComparison.OrdinalIgnoreCase)
                ? " The cluster's largest array is MaxArraySize - 1 tasks (scontrol show config | grep MaxArraySize)."
                : "";
            throw new InvalidOperationException($"sbatch refused the job (exit code {process.ExitCode}): {(message.Length > 0 ? message : "no message")}.{hint} Nothing was submitted.");
        }
        // --parsable prints "<job id>" or "<job id>;<cluster>".
        string jobId = answer.Split('\n')[^1].Split(';')[0].Trim();
        if (jobId.Length == 0 || !jobId.All(char.IsAsciiDigit))
            throw new InvalidOperationException($"sbatch answered '{answer}' instead of a job id (--parsable); check `squeue --name {submission.JobName}`.");
        return jobId;
    }

    /// <summary>The sbatch program on PATH (or <paramref name="pathVariable"/>).</summary>
    private static string FindSbatch(string? pathVariable) =>
        ExecutableSearch.FindOnPath("sbatch", pathVariable) ?? throw new FileNotFoundException(
            "sbatch was not found on PATH, and jobs are submitted with Slurm's sbatch. On a cluster, submit from a login node " +
            "where `squeue` works (some clusters need `module load slurm` first); on Debian/Ubuntu the client " +
            "commands come with `sudo apt-get install slurm-client` (a cluster of your own: slurm-wlm). Nothing was submitted.", "sbatch");
}
