namespace StorageTyped;

/// <summary>How one point of a sweep ended: the point, its run folder and, when it failed, the error.</summary>
/// <typeparam name="T">The point's type: a [RunParameters] record, or a dictionary for untyped points.</typeparam>
public sealed class SweepOutcome<T> : SweepOutcome
{
    internal SweepOutcome(T point, string pointId, string? path, string? error = null, Exception? exception = null, int attempts = 0)
        : base(pointId, path, error, exception, attempts)
    {
        Point = point;
    }

    /// <summary>The point, as the caller gave it.</summary>
    public new T Point { get; }

    private protected override object? PointObject => Point;
}
