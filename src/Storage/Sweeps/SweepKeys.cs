namespace StorageTyped.Sweeps;

/// <summary>The [Sweep] section a sweep writes into each of its runs, beside [Parameters] and [Provenance].</summary>
internal static class SweepKeys
{
    /// <summary>The section's name.</summary>
    public const string Section = "Sweep";

    /// <summary>The point's identity (<see cref="PointIdentity"/>).</summary>
    public const string Point = "point";

    /// <summary>1 for a point's first run, 2 for the next run of the same point, and so on.</summary>
    public const string Attempt = "attempt";

    /// <summary>True once a later run of the same point has taken this run's place (it never completes then).</summary>
    public const string Superseded = "superseded";

    /// <summary>The folder name of the run that took this run's place.</summary>
    public const string SupersededBy = "superseded_by";
}
