namespace StorageTyped;

/// <summary>Where a run stands, as recorded in its [Provenance] section.</summary>
public enum RunStatus
{
    /// <summary>No status is recorded (a run written by PymoNNto, or with provenance turned off).</summary>
    Unknown = 0,

    /// <summary>The run was created and has not ended yet (or its process was killed without a chance to say so).</summary>
    Running,

    /// <summary>The run ended normally: <see cref="StorageManager.Complete"/>, a completed scope, or a clean process exit.</summary>
    Completed,

    /// <summary>The run ended with an exception (its type and message are recorded) or a non-zero exit code.</summary>
    Failed,

    /// <summary>The run's process was stopped by a signal (SIGTERM, SIGINT, SIGHUP), or is gone without a word.</summary>
    Interrupted,
}
