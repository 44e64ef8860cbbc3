namespace StorageTyped.Provenance;

/// <summary>The section and keys of a run's provenance in config.ini (apart from the user's [Parameters]).</summary>
internal static class ProvenanceKeys
{
    public const string Section = "Provenance";
    public const string Status = "status";
    public const string StartTime = "start_time";
    public const string StartUnix = "start_unix";
    public const string EndTime = "end_time";
    public const string EndUnix = "end_unix";
    public const string DurationSeconds = "duration_seconds";
    public const string Host = "host";
    public const string User = "user";
    public const string ProcessId = "pid";
    public const string ProcessStartUnix = "process_start_unix";
    public const string CommandLine = "command_line";
    public const string DotNet = "dotnet";
    public const string OperatingSystem = "os";
    public const string LibraryVersion = "storagetyped_version";
    public const string GitCommit = "git_commit";
    public const string GitDirty = "git_dirty";
    public const string ErrorType = "error_type";
    public const string ErrorMessage = "error_message";

    /// <summary>The text stored for a status.</summary>
    public static string ToText(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        RunStatus.Interrupted => "interrupted",
        _ => "unknown",
    };

    /// <summary>The status a stored text stands for.</summary>
    public static RunStatus Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "running" => RunStatus.Running,
        "completed" => RunStatus.Completed,
        "failed" => RunStatus.Failed,
        "interrupted" => RunStatus.Interrupted,
        _ => RunStatus.Unknown,
    };
}
