namespace StorageTyped;

/// <summary>Where a point of a sweep stands, from the runs it has (see <see cref="Sweep.GetStatus{T}"/>).</summary>
public enum PointState
{
    /// <summary>The point has no run yet.</summary>
    Pending = 0,

    /// <summary>A run of the point is being made now (its process lives, or its heartbeat is fresh).</summary>
    Running,

    /// <summary>The point has a completed run; a sweep skips it.</summary>
    Completed,

    /// <summary>The point's latest run failed (its error is kept in the run); a sweep runs it again.</summary>
    Failed,

    /// <summary>The point's latest run was stopped (Ctrl+C, a cancelled token, a killed process); a sweep runs it again.</summary>
    Interrupted,
}
