using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace StorageTyped.Provenance;

/// <summary>
/// Ends the status of the runs this process created and did not end itself: an unhandled exception marks them
/// failed (with its type and message), SIGTERM/SIGINT/SIGHUP interrupted, a normal exit completed (failed when the
/// exit code is not 0). A SIGKILL leaves "running", which <see cref="StorageManager.Status"/> reads as interrupted
/// once the process is gone.
/// </summary>
internal static class RunLifetime
{
    /// <summary>The runs to end, by run folder, with what writing their end needs.</summary>
    private static readonly ConcurrentDictionary<string, (bool FlushToDisk, ILogger Logger)> OpenRuns = new(StringComparer.Ordinal);
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

    /// <summary>Records how a run ended in its [Provenance] section, and stops watching it.</summary>
    public static void RecordEnd(string runFolder, RunStatus status, string? errorType, string? errorMessage, bool flushToDisk)
    {
        OpenRuns.TryRemove(runFolder, out _);
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
                if (code == 0) EndAll(RunStatus.Completed, null, null);
                else EndAll(RunStatus.Failed, "ExitCode", $"the process exited with code {code}");
            };
            if (!OperatingSystem.IsWindows() && !OperatingSystem.IsBrowser())
            {
                s_signals = new List<PosixSignalRegistration>();
                foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
                    s_signals.Add(PosixSignalRegistration.Create(signal, context =>
                        EndAll(RunStatus.Interrupted, "Signal", $"the process received {context.Signal}")));
            }
            Volatile.Write(ref s_registered, true);
        }
    }

    private static void EndAll(RunStatus status, string? errorType, string? message)
    {
        foreach (var (path, run) in OpenRuns)
        {
            if (!OpenRuns.TryRemove(path, out _)) continue;
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
