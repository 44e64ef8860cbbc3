using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace StorageTyped.Provenance;

/// <summary>
/// What Sacred and MLflow record about the process behind a run: host, user, process, command line, runtime,
/// library version and the project's git commit. Gathered once per process (git once per project folder), so
/// creating many runs costs nothing extra.
/// </summary>
internal sealed class ProcessFacts
{
    private static readonly Lazy<ProcessFacts> CurrentProcess = new(Gather);
    private static readonly ConcurrentDictionary<string, Lazy<(string? Commit, bool? Dirty)>> GitByFolder = new(StringComparer.Ordinal);

    public required string Host { get; init; }
    public required string User { get; init; }
    public required int ProcessId { get; init; }
    public required double ProcessStartUnix { get; init; }
    public required string CommandLine { get; init; }
    public required string DotNet { get; init; }
    public required string OperatingSystem { get; init; }
    public required string LibraryVersion { get; init; }

    /// <summary>The facts of this process.</summary>
    public static ProcessFacts Current => CurrentProcess.Value;

    /// <summary>The git commit of <paramref name="projectFolder"/> and whether its tracked files differ from it; nulls without git.</summary>
    public static (string? Commit, bool? Dirty) Git(string projectFolder) =>
        GitByFolder.GetOrAdd(projectFolder, folder => new Lazy<(string?, bool?)>(() => ReadGit(folder))).Value;

    /// <summary>Unix seconds of <paramref name="time"/>.</summary>
    public static double UnixSeconds(DateTimeOffset time) => (time.UtcDateTime - DateTime.UnixEpoch).TotalSeconds;

    private static ProcessFacts Gather()
    {
        using var process = Process.GetCurrentProcess();
        double started;
        try { started = UnixSeconds(process.StartTime.ToUniversalTime()); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception) { started = 0; }
        return new ProcessFacts
        {
            Host = Environment.MachineName,
            User = Environment.UserName,
            ProcessId = Environment.ProcessId,
            ProcessStartUnix = started,
            CommandLine = string.Join(' ', Environment.GetCommandLineArgs()),
            DotNet = RuntimeInformation.FrameworkDescription,
            OperatingSystem = RuntimeInformation.OSDescription,
            LibraryVersion = typeof(ProcessFacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(ProcessFacts).Assembly.GetName().Version?.ToString() ?? "unknown",
        };
    }

    /// <summary>True when a process with this id and start time runs on this host.</summary>
    public static bool IsAlive(int processId, double processStartUnix)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited) return false;
            if (processStartUnix <= 0) return true;
            return Math.Abs(UnixSeconds(process.StartTime.ToUniversalTime()) - processStartUnix) < 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    private static (string? Commit, bool? Dirty) ReadGit(string folder)
    {
        if (!Directory.Exists(folder)) return (null, null);
        string? commit = RunGit(folder, "rev-parse", "HEAD");
        if (commit is null || commit.Length < 7) return (null, null);
        string? status = RunGit(folder, "status", "--porcelain", "--untracked-files=no");
        return (commit, status is null ? null : status.Length > 0);
    }

    private static string? RunGit(string folder, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder,
            };
            foreach (string argument in arguments) info.ArgumentList.Add(argument);
            using var git = Process.Start(info);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                try { git.Kill(); } catch (InvalidOperationException) { }
                return null;
            }
            return git.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null; // no git on this machine
        }
    }

    /// <summary>A time as Python's str() writes it ("2026-11-24 14:20:05.123456+01:00"), for datetime.fromisoformat.</summary>
    internal static string FormatTime(DateTimeOffset time) => PythonTime.Format(time.AddTicks(-(time.Ticks % 10))); // microseconds, as Python keeps
}
