using StorageTyped.Provenance;

namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>The config.ini section that holds a run's provenance and status.</summary>
    public const string ProvenanceSection = ProvenanceKeys.Section;

    /// <summary>Records the run as completed, with its end time and duration.</summary>
    public void Complete() => RecordEnd(RunStatus.Completed, null, null);

    /// <summary>Records the run as failed, with the exception's type and message, end time and duration.</summary>
    public void Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        RecordEnd(RunStatus.Failed, exception.GetType().FullName, exception.Message);
    }

    /// <summary>
    /// A scope that records the run as failed unless <see cref="RunScope.Complete"/> is called before it is disposed.
    /// </summary>
    public RunScope BeginScope() => new(this);

    /// <summary>
    /// The run's status from its [Provenance] section. A run recorded as running whose process is gone from this host
    /// (killed without a chance to say so) reads as <see cref="RunStatus.Interrupted"/>.
    /// </summary>
    public RunStatus Status => StatusInference.Of(ConfigFile.Read(Path));

    internal void RecordEnd(RunStatus status, string? errorType, string? errorMessage) =>
        RunLifetime.RecordEnd(Path, status, errorType, errorMessage, Options.FlushToDisk);
}
