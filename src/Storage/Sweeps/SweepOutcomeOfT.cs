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

    private SweepOutcome(T point, string pointId, string mainFolder, string runName, bool inFolder)
        : base(pointId, mainFolder, runName)
    {
        _ = inFolder;
        Point = point;
    }

    /// <summary>A point whose run is <paramref name="runName"/> in <paramref name="mainFolder"/> (a skipped point; the path is joined when asked for).</summary>
    internal static SweepOutcome<T> InFolder(T point, string pointId, string mainFolder, string runName) => new(point, pointId, mainFolder, runName, inFolder: true);

    /// <summary>The point, as the caller gave it.</summary>
    public new T Point { get; }

    private protected override object? PointObject => Point;
}
