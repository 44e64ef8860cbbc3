namespace StorageTyped;

/// <summary>One point of a sweep and where it stands (<see cref="Sweep.GetStatus{T}"/>).</summary>
/// <typeparam name="T">The point's type: a [RunParameters] record, or a dictionary for untyped points.</typeparam>
public sealed class PointStatus<T>
{
    internal PointStatus(T point, string pointId, PointState state, string? path, int runs)
    {
        Point = point;
        PointId = pointId;
        State = state;
        Path = path;
        Runs = runs;
    }

    /// <summary>The point, as the caller gave it.</summary>
    public T Point { get; }

    /// <summary>The point's identity, as its runs store it in <c>[Sweep] point</c>.</summary>
    public string PointId { get; }

    /// <summary>Where the point stands.</summary>
    public PointState State { get; }

    /// <summary>The run that decides the state (the completed run, else the latest); null while pending.</summary>
    public string? Path { get; }

    /// <summary>How many runs the point has (failed and interrupted attempts included).</summary>
    public int Runs { get; }

    /// <summary>The state and the run, for logs.</summary>
    public override string ToString() => Path is null ? $"{State}" : $"{State} {Path}";
}
