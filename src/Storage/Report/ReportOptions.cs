namespace StorageTyped;

/// <summary>What a sweep report (<see cref="StorageManagerGroup.WriteReport"/>) shows besides every run and parameter.</summary>
public sealed record ReportOptions
{
    /// <summary>
    /// The metrics to chart against each axis, such as <c>["score"]</c>. When null, the varying numeric parameters
    /// holding floats with more distinct values than half the runs are taken as metrics (the others are axes).
    /// </summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>The parameter that tells replicates apart (the seed); when null, a varying parameter named <c>seed</c> if there is one.</summary>
    public string? Replicate { get; init; }

    /// <summary>Arrays (key.npy) whose mean over the runs is drawn with its confidence band, one line per value of the first axis.</summary>
    public IReadOnlyList<string> Arrays { get; init; } = [];

    /// <summary>The page's title; the group's tag when null.</summary>
    public string? Title { get; init; }

    /// <summary>Link every run's videos (its .mp4 files): one folder listing per run.</summary>
    public bool LinkVideos { get; init; } = true;

    /// <summary>At most this many points per array curve (every k-th element beyond it); 2,000 by default.</summary>
    public int MaxCurvePoints { get; init; } = 2000;

    /// <summary>The confidence level of the bands (0.95 for 95 %).</summary>
    public double Confidence { get; init; } = 0.95;
}
