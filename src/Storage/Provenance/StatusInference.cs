using System.Globalization;

namespace StorageTyped.Provenance;

/// <summary>
/// What a recorded status means now: a run recorded as running whose process is gone from this host (killed
/// without a chance to say so) is interrupted. One rule for <see cref="StorageManager.Status"/> and the group's
/// status filter, so that both say the same of a run.
/// </summary>
internal static class StatusInference
{
    /// <summary>The status of a run from its config.ini (asking whether its process lives when it is recorded as running here).</summary>
    public static RunStatus Of(IniDocument document)
    {
        var recorded = ProvenanceKeys.Parse(document.Get(ProvenanceKeys.Section, ProvenanceKeys.Status));
        if (recorded != RunStatus.Running) return recorded;
        bool onThisHost = document.Get(ProvenanceKeys.Section, ProvenanceKeys.Host) == Environment.MachineName;
        int? pid = int.TryParse(document.Get(ProvenanceKeys.Section, ProvenanceKeys.ProcessId), NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;
        double started = ParameterText.TryParse(document.Get(ProvenanceKeys.Section, ProvenanceKeys.ProcessStartUnix) ?? "", out double value) ? value : 0;
        return Effective(recorded, onThisHost, pid, started, ProcessFacts.IsAlive);
    }

    /// <summary>The status of a run from what its [Provenance] section records.</summary>
    /// <param name="recorded">The stored status.</param>
    /// <param name="recordedOnThisHost">True when the recorded host is this machine.</param>
    /// <param name="processId">The recorded process id; null when none is recorded or it is not a process id.</param>
    /// <param name="processStartUnix">The recorded start time of the process (Unix seconds); 0 when unknown.</param>
    /// <param name="isAlive">Tells whether a process with an id and start time runs here.</param>
    public static RunStatus Effective(RunStatus recorded, bool recordedOnThisHost, int? processId, double processStartUnix, Func<int, double, bool> isAlive)
    {
        if (recorded != RunStatus.Running || !recordedOnThisHost || processId is not { } pid) return recorded;
        return isAlive(pid, processStartUnix) ? RunStatus.Running : RunStatus.Interrupted;
    }
}
