namespace StorageTyped;

/// <summary>What a sweep did, with the typed points: completed, skipped, failed and interrupted points.</summary>
/// <typeparam name="T">The point's type: a [RunParameters] record, or a dictionary for untyped points.</typeparam>
public sealed class SweepResult<T> : SweepResult
{
    internal SweepResult(int total, bool cancelled, TimeSpan elapsed, IReadOnlyList<SweepOutcome<T>> completed, IReadOnlyList<SweepOutcome<T>> skipped,
        IReadOnlyList<SweepOutcome<T>> failed, IReadOnlyList<SweepOutcome<T>> interrupted)
        : base(total, cancelled, elapsed)
    {
        Completed = completed;
        Skipped = skipped;
        Failed = failed;
        Interrupted = interrupted;
    }

    /// <summary>Points this call ran to completion, in the order they were given.</summary>
    public new IReadOnlyList<SweepOutcome<T>> Completed { get; }

    /// <summary>Points that had a completed run already, or got one from another process meanwhile.</summary>
    public new IReadOnlyList<SweepOutcome<T>> Skipped { get; }

    /// <summary>Points whose last attempt failed (after <see cref="SweepOptions.Retries"/>), with the run and the error.</summary>
    public new IReadOnlyList<SweepOutcome<T>> Failed { get; }

    /// <summary>Points whose run a cancellation stopped; their runs are marked interrupted.</summary>
    public new IReadOnlyList<SweepOutcome<T>> Interrupted { get; }

    private protected override IReadOnlyList<SweepOutcome> CompletedOutcomes => Completed;

    private protected override IReadOnlyList<SweepOutcome> SkippedOutcomes => Skipped;

    private protected override IReadOnlyList<SweepOutcome> FailedOutcomes => Failed;

    private protected override IReadOnlyList<SweepOutcome> InterruptedOutcomes => Interrupted;
}
