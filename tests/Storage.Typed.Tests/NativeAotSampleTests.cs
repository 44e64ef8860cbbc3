namespace StorageTyped.Typed.Tests;

/// <summary>
/// The generated code needs no reflection: samples/TypedAot, published with PublishAot=true, runs as a native
/// program and round-trips typed parameters. (About a minute: NativeAOT compiles and links the whole program.)
/// </summary>
public sealed class NativeAotSampleTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string RepositoryRoot()
    {
        for (string? folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "StorageTyped.sln"))) return folder;
        }
        throw new InvalidOperationException($"No StorageTyped.sln above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public void The_typed_sample_published_with_NativeAOT_runs()
    {
        string output = Path.Combine(_temp.Root, "published");
        // The test host's MSBuild variables would point the nested build at the wrong SDK pieces.
        var environment = new Dictionary<string, string?>
        {
            ["MSBuildExtensionsPath"] = null,
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        var publish = ExternalTool.Run("dotnet",
            ["publish", Path.Combine(RepositoryRoot(), "samples", "TypedAot", "TypedAot.csproj"), "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo"],
            workingDirectory: RepositoryRoot(), environment, check: false,
            timeout: TimeSpan.FromMinutes(20)); // about 1.5 min on a quiet 2-core machine, over 5 at load 40
        Assert.True(publish.ExitCode == 0,
            $"NativeAOT publish failed (it needs gcc or clang and zlib1g-dev; scripts/test.sh installs them):\n{publish.Output}\n{publish.Error}");
        Assert.DoesNotContain("warning IL", publish.Output);

        string program = Path.Combine(output, "TypedAot");
        Assert.True(File.Exists(program), $"{program} was not produced.");
        Assert.False(File.Exists(Path.Combine(output, "TypedAot.dll")), "The published program is not native.");
        var run = ExternalTool.Run(program, [_temp.DataFolder], workingDirectory: _temp.Root, environment: null, check: false);
        Assert.True(run.ExitCode == 0, $"The native sample failed:\n{run.Output}\n{run.Error}");
        Assert.Contains("4 runs written and read back typed", run.Output);
        Assert.Contains("ok   bad value: Run '", run.Output);
        Assert.Equal(5, Directory.GetDirectories(_temp.MainFolder("TypedAot")).Length);
    }
}
