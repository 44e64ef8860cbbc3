using StorageTyped.Provenance;

namespace StorageTyped.Sweeps;

/// <summary>
/// The compare-and-set steps that keep one point from ever having two completed runs. Both run inside the run
/// folder's lock (the one every config.ini update takes), so they are ordered against each other on any host:
/// a process taking a point over marks the old run superseded unless it completed, and a process finishing a run
/// completes it unless it was superseded.
/// </summary>
internal static class RunMarks
{
    /// <summary>
    /// Marks the run at <paramref name="runPath"/> superseded (and, if it still says running, interrupted) unless it
    /// completed; true when it did complete (the point is done). A missing run counts as not completed.
    /// </summary>
    /// <param name="runPath">The earlier run of the point.</param>
    /// <param name="supersededBy">The folder of the run that takes its place, when it exists already.</param>
    /// <param name="flushToDisk">fsync the update.</param>
    public static bool SupersedeUnlessCompleted(string runPath, string? supersededBy, bool flushToDisk)
    {
        bool completed = false;
        try
        {
            ConfigFile.Update(runPath, document =>
            {
                var status = ProvenanceKeys.Parse(document.Get(ProvenanceKeys.Section, ProvenanceKeys.Status));
                if (status == RunStatus.Completed)
                {
                    completed = true;
                    return;
                }
                var sweep = document.GetOrAddSection(SweepKeys.Section);
                sweep.SetRaw(SweepKeys.Superseded, "True");
                if (supersededBy is not null) sweep.SetRaw(SweepKeys.SupersededBy, IniValue.ToRaw(SweepKeys.SupersededBy, supersededBy));
                if (status == RunStatus.Running)
                    ProvenanceRecord.WriteEnd(document, RunStatus.Interrupted, DateTimeOffset.Now, "ProcessGone",
                        "the process running this point is gone; another process took the point over");
            }, flushToDisk);
        }
        catch (DirectoryNotFoundException)
        {
            return false; // removed: nothing to mark, and not completed
        }
        return completed;
    }

    /// <summary>Adds the name of the run that took an ended run's place (failed and interrupted runs never complete).</summary>
    public static void NameSuccessor(string runPath, string supersededBy, bool flushToDisk)
    {
        try
        {
            ConfigFile.Update(runPath, document =>
            {
                var sweep = document.GetOrAddSection(SweepKeys.Section);
                sweep.SetRaw(SweepKeys.Superseded, "True");
                sweep.SetRaw(SweepKeys.SupersededBy, IniValue.ToRaw(SweepKeys.SupersededBy, supersededBy));
            }, flushToDisk);
        }
        catch (DirectoryNotFoundException)
        {
            // removed meanwhile: nothing to name
        }
    }

    /// <summary>
    /// Ends <paramref name="run"/>, whose body has not started, as interrupted and superseded: another process took its
    /// point over (this one's heartbeat ran out) and makes the point's run.
    /// </summary>
    public static void GiveUp(StorageManager run)
    {
        RunLifetime.Forget(run.Path);
        var end = DateTimeOffset.Now;
        ConfigFile.Update(run.Path, document =>
        {
            document.GetOrAddSection(SweepKeys.Section).SetRaw(SweepKeys.Superseded, "True");
            ProvenanceRecord.WriteEnd(document, RunStatus.Interrupted, end, "TakenOver",
                "another process took this point over after this process's heartbeat ran out; its run takes this one's place");
        }, run.Options.FlushToDisk);
    }

    /// <summary>
    /// Records <paramref name="run"/> as completed unless another process has superseded it (taken its point over
    /// after its heartbeat ran out); false then, and the run is left as that process marked it.
    /// </summary>
    public static bool CompleteUnlessSuperseded(StorageManager run)
    {
        bool superseded = false;
        var end = DateTimeOffset.Now;
        ConfigFile.Update(run.Path, document =>
        {
            if (document.Get(SweepKeys.Section, SweepKeys.Superseded) is { } text && ParameterText.TryParse(text, out bool flag) && flag)
            {
                superseded = true;
                return;
            }
            ProvenanceRecord.WriteEnd(document, RunStatus.Completed, end, null, null);
        }, run.Options.FlushToDisk);
        RunLifetime.Forget(run.Path);
        return !superseded;
    }
}
