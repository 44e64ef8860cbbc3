namespace StorageTyped.Cli;

/// <summary>A failure the user can act on: its message is printed as it is, and the tool exits with its code.</summary>
internal sealed class CliException(ExitCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The exit code.</summary>
    public ExitCode Code { get; } = code;
}
