namespace StorageTyped;

/// <summary>How one point of a sweep ended, without its type (<see cref="SweepOutcome{T}"/> has the typed point).</summary>
public abstract class SweepOutcome
{
    private readonly string? _folder, _runName;

    private protected SweepOutcome(string pointId, string? path, string? error, Exception? exception, int attempts)
    {
        PointId = pointId;
        _runName = path;
        Error = error;
        Exception = exception;
        Attempts = attempts;
    }

    /// <summary>An outcome whose run is <paramref name="runName"/> in <paramref name="mainFolder"/> (the path is joined when asked for).</summary>
    private protected SweepOutcome(string pointId, string mainFolder, string runName)
    {
        PointId = pointId;
        _folder = mainFolder;
        _runName = runName;
    }

    /// <summary>The point, as the caller gave it.</summary>
    public object? Point => PointObject;

    /// <summary>The point's identity, as its runs store it in <c>[Sweep] point</c>.</summary>
    public string PointId { get; }

    /// <summary>The point's run folder: the completed run, or the last attempt's run; null when no run was made.</summary>
    public string? Path => _folder is null ? _runName : System.IO.Path.Combine(_folder, _runName!);

    /// <summary>Null unless the point failed: the exception's type and message, as the run records them.</summary>
    public string? Error { get; }

    /// <summary>The exception the body threw in this process, or null (also when another process failed the point).</summary>
    public Exception? Exception { get; }

    /// <summary>How many runs this call made for the point (0 for a skipped point).</summary>
    public int Attempts { get; }

    private protected abstract object? PointObject { get; }

    /// <summary>The run folder and, when failed, the error.</summary>
    public override string ToString() => Error is null ? Path ?? PointId : $"{Path ?? PointId}: {Error}";
}
