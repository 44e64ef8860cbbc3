using System.Runtime.InteropServices;

namespace StorageTyped.Sweeps;

/// <summary>
/// Ctrl+C (SIGINT), SIGTERM (Slurm's scancel, a container stop) and SIGHUP while a sweep runs: the first one stops the
/// sweep gracefully (no new points; running bodies are cancelled through their token and their runs marked
/// interrupted) and keeps the process alive until the sweep has recorded that; a second one ends the process as usual.
/// </summary>
internal static class SweepSignals
{
    /// <summary>Cancels <paramref name="stop"/> on the first signal; dispose to stop listening.</summary>
    public static IDisposable Listen(CancellationTokenSource stop)
    {
        var registrations = new List<PosixSignalRegistration>();
        int received = 0;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            try
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    if (Interlocked.Increment(ref received) > 1) return; // the second signal: the default (end the process)
                    context.Cancel = true;
                    try { stop.Cancel(); }
                    catch (ObjectDisposedException) { }
                }));
            }
            catch (PlatformNotSupportedException)
            {
                // SIGTERM and SIGHUP on some platforms: the token and Ctrl+C still stop the sweep.
            }
        }
        return new Registrations(registrations);
    }

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations) registration.Dispose();
        }
    }
}
