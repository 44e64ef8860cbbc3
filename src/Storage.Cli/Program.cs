namespace StorageTyped.Cli;

/// <summary>The entry point of the runs tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => RunsCommand.Run(args);
}
