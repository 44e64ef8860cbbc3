using System.Diagnostics;
using System.Text;

namespace StorageTyped.Tests.Infrastructure;

/// <summary>
/// Runs real external programs (Debian's python3 with numpy, ffmpeg, the test worker). A missing program is a
/// failing test with the command that installs it, never a skipped one: scripts/test.sh installs them.
/// </summary>
public static class ExternalTool
{
    /// <summary>Debian's python3 (the one with numpy); STORAGETYPED_PYTHON overrides.</summary>
    public static string Python =>
        Environment.GetEnvironmentVariable("STORAGETYPED_PYTHON") is { Length: > 0 } configured ? configured : "/usr/bin/python3";

    /// <summary>Fails the test, saying what to install, when <see cref="Python"/> is missing; never a skip.</summary>
    public static void RequirePython()
    {
        if (!File.Exists(Python))
            throw new InvalidOperationException($"{Python} is missing. Install Debian's python3 and python3-numpy (apt-get install -y python3 python3-numpy), or run scripts/test.sh, which does.");
    }

    /// <summary>Runs a Python script with arguments and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string RunPython(string script, params string[] arguments)
    {
        RequirePython();
        var all = new List<string> { "-c", script };
        all.AddRange(arguments);
        return Run(Python, all, workingDirectory: null, environment: null).Output;
    }

    /// <summary>Runs the test worker (tests/Storage.TestWorker) with arguments.</summary>
    public static ProcessResult RunWorker(IEnumerable<string> arguments, string? workingDirectory = null, bool check = true)
    {
        string worker = Path.Combine(AppContext.BaseDirectory, "Storage.TestWorker.dll");
        var all = new List<string> { worker };
        all.AddRange(arguments);
        return Run("dotnet", all, workingDirectory, environment: null, check);
    }

    /// <summary>Starts the test worker without waiting for it.</summary>
    public static Process StartWorker(IEnumerable<string> arguments, string? workingDirectory = null)
    {
        string worker = Path.Combine(AppContext.BaseDirectory, "Storage.TestWorker.dll");
        var info = NewStartInfo("dotnet", new[] { worker }.Concat(arguments), workingDirectory, null);
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the test worker.");
    }

    /// <summary>
    /// Runs a program to completion, capturing its output; it is killed after <paramref name="timeout"/> (5 minutes
    /// when null), a bound that only catches hangs: a loaded machine may need far longer than a quiet one.
    /// </summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory, IDictionary<string, string?>? environment, bool check = true, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        var info = NewStartInfo(fileName, arguments, workingDirectory, environment);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {limit.TotalMinutes:0.#} minutes.");
        }
        process.WaitForExit();
        var result = new ProcessResult(process.ExitCode, output.ToString(), error.ToString());
        if (check && result.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} exited with {result.ExitCode}.\nstdout:\n{result.Output}\nstderr:\n{result.Error}");
        return result;
    }

    private static ProcessStartInfo NewStartInfo(string fileName, IEnumerable<string> arguments, string? workingDirectory, IDictionary<string, string?>? environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        if (environment is not null)
            foreach (var (key, value) in environment) info.Environment[key] = value;
        return info;
    }
}

/// <summary>What a finished process left.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error);
