namespace StorageTyped;

/// <summary>How <see cref="Sweep.RunAsync{T}"/> runs a sweep.</summary>
public sealed record SweepOptions
{
    /// <summary>The options every sweep gets when it is given none.</summary>
    public static SweepOptions Default { get; } = new();

    /// <summary>
    /// How many points run at once in this process; 0 (the default) means one per core (<see cref="Environment.ProcessorCount"/>),
    /// or, inside a Slurm job, the CPUs given to the task (SLURM_CPUS_PER_TASK).
    /// </summary>
    public int MaxParallelism { get; init; }

    /// <summary>How many times a point whose body threw is run again (each time in a new run folder); 0 by default.</summary>
    public int Retries { get; init; }

    /// <summary>The data folder and other settings of the runs; <see cref="StorageOptions.Default"/> when null. Provenance must stay on.</summary>
    public StorageOptions? Storage { get; init; }

    /// <summary>Told how far the sweep is (see <see cref="SweepProgress"/>); called from the sweep's threads.</summary>
    public IProgress<SweepProgress>? Progress { get; init; }

    /// <summary>
    /// The share of the points this process runs. Null (the default): the shard of a Slurm job array or Kubernetes
    /// indexed job this process runs in (<see cref="SweepShard.FromEnvironment"/>), else every point.
    /// </summary>
    public SweepShard? Shard { get; init; }

    /// <summary>
    /// How old the heartbeat of a process on another host may get before its claims count as abandoned and other
    /// processes take its points over (2 minutes by default; the heartbeat beats four times as often). On the same host
    /// a process's claims are taken over as soon as the process is gone. Keep it above the clock difference of the hosts.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
