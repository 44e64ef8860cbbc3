using System.Reflection;

namespace StorageTyped.Cli.Tests.Infrastructure;

/// <summary>Runs the runs tool as a user does: dotnet runs.dll with arguments, in a working folder, output captured (so redirected).</summary>
public static class RunsTool
{
    /// <summary>src/Storage.Cli's runs.dll, built with the tests.</summary>
    public static string Dll => Path.GetFullPath(Metadata("RunsTool"));

    /// <summary>Runs the tool in <paramref name="workingDirectory"/>; never throws on a non-zero exit.</summary>
    public static ProcessResult RunIn(string workingDirectory, params string[] arguments) =>
        RunWith(workingDirectory, null, arguments);

    /// <summary>Runs the tool with extra environment variables.</summary>
    public static ProcessResult RunWith(string workingDirectory, IDictionary<string, string?>? environment, params string[] arguments)
    {
        if (!File.Exists(Dll)) throw new InvalidOperationException($"{Dll} is missing; build the solution (dotnet build StorageTyped.sln -c Release).");
        return ExternalTool.Run("dotnet", [Dll, .. arguments], workingDirectory, environment, check: false);
    }

    internal static string Metadata(string key) =>
        typeof(RunsTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
