namespace StorageTyped;

/// <summary>
/// What a sweep did, without the points' type: which points it completed, which it skipped because they had a
/// completed run, which failed and which a cancellation stopped. <see cref="SweepResult{T}"/> has the typed lists.
/// </summary>
public abstract class SweepResult
{
    private protected SweepResult(int total, bool cancelled, TimeSpan elapsed)
    {
        Total = total;
        Cancelled = cancelled;
        Elapsed = elapsed;
    }

    /// <summary>The points this call was to run (its shard's share, each distinct point once).</summary>
    public int Total { get; }

    /// <summary>Points this call ran to completion, in the order they were given.</summary>
    public IReadOnlyList<SweepOutcome> Completed => CompletedOutcomes;

    /// <summary>Points that had a completed run already, or got one from another process meanwhile.</summary>
    public IReadOnlyList<SweepOutcome> Skipped => SkippedOutcomes;

    /// <summary>Points whose last attempt failed (after <see cref="SweepOptions.Retries"/>), here or in another process running the same sweep.</summary>
    public IReadOnlyList<SweepOutcome> Failed => FailedOutcomes;

    /// <summary>Points whose run a cancellation (Ctrl+C, SIGTERM, the token) stopped; their runs are marked interrupted.</summary>
    public IReadOnlyList<SweepOutcome> Interrupted => InterruptedOutcomes;

    /// <summary>Points not done: not started because of a cancellation.</summary>
    public int NotStarted => Total - Completed.Count - Skipped.Count - Failed.Count - Interrupted.Count;

    /// <summary>True when the sweep stopped early because of Ctrl+C, SIGTERM or its cancellation token.</summary>
    public bool Cancelled { get; }

    /// <summary>True when every point has a completed run (completed now or skipped).</summary>
    public bool AllCompleted => Completed.Count + Skipped.Count == Total;

    /// <summary>How long the sweep took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>A process exit code: 0 when every point completed, 1 when a point failed, 130 when cancelled (as after Ctrl+C).</summary>
    public int ExitCode => Cancelled ? 130 : AllCompleted ? 0 : 1;

    private protected abstract IReadOnlyList<SweepOutcome> CompletedOutcomes { get; }

    private protected abstract IReadOnlyList<SweepOutcome> SkippedOutcomes { get; }

    private protected abstract IReadOnlyList<SweepOutcome> FailedOutcomes { get; }

    private protected abstract IReadOnlyList<SweepOutcome> InterruptedOutcomes { get; }

    /// <summary>"30 points: 25 completed, 3 skipped, 2 failed".</summary>
    public override string ToString() =>
        $"{Total} points: {Completed.Count} completed, {Skipped.Count} skipped (done before), {Failed.Count} failed"
        + (Interrupted.Count > 0 ? $", {Interrupted.Count} interrupted" : "") + (NotStarted > 0 ? $", {NotStarted} not started" : "")
        + (Cancelled ? " (cancelled)" : "");
}
