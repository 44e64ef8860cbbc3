using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace StorageTyped.Provenance;

/// <summary>
/// Ends the status of the runs this process created and did not end itself: an unhandled exception marks them
/// failed (with its type and message), SIGTERM/SIGINT/SIGHUP interrupted, a normal exit completed (failed when the
/// exit code is not 0). A SIGKILL leaves "running", which <see cref="StorageManager.Status"/> reads as interrupted
/// once the process is gone. A sweep's runs (<see cref="HandToSweep"/>) are ended by the sweep itself on a signal,
/// and as interrupted, never completed, when the process exits while their body runs.
/// </summary>
internal static class RunLifetime
{
    /// <summary>The runs to end, by run folder, with what writing their end needs.</summary>
    private static readonly ConcurrentDictionary<string, (bool FlushToDisk, ILogger Logger)> OpenRuns = new(StringComparer.Ordinal);

    /// <summary>The runs of <see cref="OpenRuns"/> a sweep ends itself (<see cref="HandToSweep"/>).</summary>
    private static readonly ConcurrentDictionary<string, byte> SweepRuns = new(StringComparer.Ordinal);
    private static readonly object RegistrationGate = new();
    private static bool s_registered;
    private static List<PosixSignalRegistration>? s_signals;

    /// <summary>Starts watching a run this process created.</summary>
    /// <param name="runFolder">The run folder.</param>
    /// <param name="flushToDisk">fsync when the end is written.</param>
    /// <param name="logger">Told when the end cannot be written.</param>
    public static void Track(string runFolder, bool flushToDisk, ILogger logger)
    {
        EnsureRegistered();
        OpenRuns[runFolder] = (flushToDisk, logger);
    }

    /// <summary>Stops watching a run whose end has been recorded.</summary>
    public static void Forget(string path)
    {
        OpenRuns.TryRemove(path, out _);
        SweepRuns.TryRemove(path, out _);
    }

    /// <summary>
    /// Leaves the end of a tracked run to a sweep: a signal is the sweep's to handle (it stops the body and records the
    /// end), and a process exit while the body runs records the run as interrupted, whatever the exit code, since a
    /// point is completed only by its body returning.
    /// </summary>
    public static void HandToSweep(string path) => SweepRuns[path] = 0;

    /// <summary>Records how a run ended in its [Provenance] section, and stops watching it.</summary>
    public static void RecordEnd(string runFolder, RunStatus status, string? errorType, string? errorMessage, bool flushToDisk)
    {
        Forget(runFolder);
        var end = DateTimeOffset.Now;
        ConfigFile.Update(runFolder, document => ProvenanceRecord.WriteEnd(document, status, end, errorType, errorMessage), flushToDisk);
    }

    private static void EnsureRegistered()
    {
        if (Volatile.Read(ref s_registered)) return;
        lock (RegistrationGate)
        {
            if (s_registered) return;
            AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            {
                var exception = e.ExceptionObject as Exception;
                EndAll(RunStatus.Failed, exception?.GetType().FullName ?? "UnhandledException", exception?.Message ?? e.ExceptionObject?.ToString());
            };
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                int code = Environment.ExitCode;
                EndAll(RunStatus.Interrupted, "ProcessExit", $"the process exited (code {code}) before the sweep's body returned", sweepRunsOnly: true);
                if (code == 0) EndAll(RunStatus.Completed, null, null);
                else EndAll(RunStatus.Failed, "ExitCode", $"the process exited with code {code}");
            };
            if (!OperatingSystem.IsWindows() && !OperatingSystem.IsBrowser())
            {
                s_signals = new List<PosixSignalRegistration>();
                foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
                    s_signals.Add(PosixSignalRegistration.Create(signal, context =>
                        EndAll(RunStatus.Interrupted, "Signal", $"the process received {context.Signal}", skipSweepRuns: true)));
            }
            Volatile.Write(ref s_registered, true);
        }
    }

    private static void EndAll(RunStatus status, string? errorType, string? message, bool sweepRunsOnly = false, bool skipSweepRuns = false)
    {
        foreach (var (path, run) in OpenRuns)
        {
            bool sweepRun = SweepRuns.ContainsKey(path);
            if ((sweepRunsOnly && !sweepRun) || (skipSweepRuns && sweepRun)) continue;
            if (!OpenRuns.TryRemove(path, out _)) continue;
            SweepRuns.TryRemove(path, out _);
            try
            {
                RecordEnd(path, status, errorType, message, run.FlushToDisk);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                run.Logger.LogWarning(e, "Could not record the end of run {RunFolder}", path);
            }
        }
    }
}
