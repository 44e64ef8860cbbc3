namespace StorageTyped;

/// <summary>
/// How far a sweep is, reported to <see cref="SweepOptions.Progress"/> once its points are checked and whenever a
/// point ends: enough for a progress bar with a rate and the time left.
/// </summary>
public readonly record struct SweepProgress
{
    /// <summary>The points this process runs (its shard's share; each distinct point once).</summary>
    public int Total { get; init; }

    /// <summary>Points completed by this call.</summary>
    public int Completed { get; init; }

    /// <summary>Points that had a completed run already (or got one from another process meanwhile).</summary>
    public int Skipped { get; init; }

    /// <summary>Points whose last attempt failed.</summary>
    public int Failed { get; init; }

    /// <summary>Points stopped by a cancellation.</summary>
    public int Interrupted { get; init; }

    /// <summary>Points whose body runs now.</summary>
    public int Running { get; init; }

    /// <summary>Points that are done in any way: completed, skipped, failed or interrupted.</summary>
    public int Done => Completed + Skipped + Failed + Interrupted;

    /// <summary>Time since the sweep started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Points run to an end (completed or failed) per second, since the first one started; 0 before any ended.</summary>
    public double Rate { get; init; }

    /// <summary>The time left at <see cref="Rate"/> for the points not done yet; null before a rate is known.</summary>
    public TimeSpan? EstimatedTimeLeft { get; init; }

    /// <summary>"12/30 done, 1 failed, 2.5/s, 7 s left".</summary>
    public override string ToString() =>
        $"{Done}/{Total} done" + (Failed > 0 ? $", {Failed} failed" : "") + (Rate > 0 ? $", {Rate:0.##}/s" : "")
        + (EstimatedTimeLeft is { } left ? $", {left.TotalSeconds:0} s left" : "");
}
