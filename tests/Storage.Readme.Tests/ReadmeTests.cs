using System.Diagnostics;
using Xunit.Abstractions;

namespace StorageTyped.Readme.Tests;

/// <summary>
/// README.md never lies: every fenced block is compiled and run, or compared with what the blocks before it wrote,
/// or (set-up commands) is one the repository checks elsewhere. The conventions are in README.md ("Testing the
/// README") and in <see cref="ReadmeDocument"/>.
/// </summary>
public sealed class ReadmeTests(ReadmeFixture readme, ITestOutputHelper output) : IClassFixture<ReadmeFixture>
{
    /// <summary>
    /// The set-up commands README may show, and where each is checked (they install things or run every test, so they
    /// cannot run inside a test).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SetupCommands = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dotnet run --project samples/QuickStart"] = $"{nameof(QuickStart_runs_in_a_fresh_folder_as_the_quick_start_says)} in this class",
        ["scripts/test.sh"] = "CI itself: .ci/run runs it (checked here)",
        ["dotnet add package StorageTyped"] = "scripts/package-test.sh (installs the packed library into a fresh project)",
        ["dotnet add package StorageTyped --source artifacts"] = "scripts/package-test.sh (installs the packed library from a local folder only)",
        ["dotnet pack src/Storage -c Release -o artifacts"] = "scripts/package-test.sh (packs the library)",
        ["dotnet pack src/Storage.Cli -c Release -o artifacts"] = "scripts/package-test.sh (packs the runs tool)",
        ["dotnet pack src/Storage.Cli -c Release -r linux-x64 -o artifacts"] = "scripts/package-test.sh (packs the runs tool's NativeAOT package)",
        ["dotnet pack src/Storage.Cli -c Release -r any -p:PublishAot=false -o artifacts"] = "scripts/package-test.sh (packs the runs tool's framework-dependent fallback)",
        ["dotnet tool install --global StorageTyped.Cli --add-source artifacts"] = "scripts/package-test.sh (installs the packed runs tool)",
    };

    /// <summary>
    /// What scripts/package-test.sh must contain for each set-up command attributed to it: the same command, with
    /// the script's own folder, version and tool path in place of the README's.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> PackageScriptFragments = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dotnet add package StorageTyped"] = "dotnet add package StorageTyped",
        ["dotnet add package StorageTyped --source artifacts"] = "dotnet add package StorageTyped",
        ["dotnet pack src/Storage -c Release -o artifacts"] = "dotnet pack src/Storage -c Release -o",
        ["dotnet pack src/Storage.Cli -c Release -o artifacts"] = "dotnet pack src/Storage.Cli -c Release -o",
        ["dotnet pack src/Storage.Cli -c Release -r linux-x64 -o artifacts"] = "dotnet pack src/Storage.Cli -c Release -r linux-x64 -o",
        ["dotnet pack src/Storage.Cli -c Release -r any -p:PublishAot=false -o artifacts"] = "dotnet pack src/Storage.Cli -c Release -r any -p:PublishAot=false -o",
        ["dotnet tool install --global StorageTyped.Cli --add-source artifacts"] = "dotnet tool install --tool-path \"$tools\" StorageTyped.Cli",
    };

    public static TheoryData<int> SceneNumbers()
    {
        var data = new TheoryData<int>();
        foreach (Scene scene in ReadmeDocument.Load().Scenes()) data.Add(scene.Number);
        return data;
    }

    [Fact]
    public void Every_block_is_of_a_known_kind_and_is_run_checked_or_marked()
    {
        // ReadmeDocument.Parse refuses unknown info strings and misplaced markers; here: every block has its place.
        var inScenes = readme.Scenes.SelectMany(s => s.Blocks).ToHashSet();
        var unaccounted = readme.Document.Blocks
            .Where(b => !inScenes.Contains(b) && b.Kind != BlockKind.Setup && !b.Has("illustrative"))
            .ToList();
        Assert.True(unaccounted.Count == 0, "Blocks neither run, checked, set-up nor illustrative:\n" + string.Join("\n", unaccounted));
        Assert.Contains(readme.Document.Blocks, b => b.Kind == BlockKind.CSharp);
        Assert.Contains(readme.Document.Blocks, b => b.Kind == BlockKind.Python);
        Assert.Contains(readme.Document.Blocks, b => b.Kind == BlockKind.Shell);
        output.WriteLine($"{readme.Document.Blocks.Count} blocks: " + string.Join(", ",
            readme.Document.Blocks.GroupBy(b => b.Info).Select(g => $"{g.Count()} {g.Key}")) +
            $"; {readme.Document.Blocks.Count(b => b.Has("illustrative"))} illustrative; {readme.Scenes.Count} scenes; " +
            $"{readme.CompiledBlocks} csharp blocks compiled in {readme.CompileTime.TotalSeconds:F1} s.");
    }

    [Theory]
    [MemberData(nameof(SceneNumbers))]
    public void Scene_runs_and_shows_what_the_readme_says(int number)
    {
        Scene scene = readme.Scenes.Single(s => s.Number == number);
        var watch = Stopwatch.StartNew();
        new SceneRunner(readme.ProgramOf).Run(scene, SceneRunner.FolderOf(readme.Root, scene), output.WriteLine);
        output.WriteLine($"{scene}: {scene.Blocks.Count} blocks in {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Set_up_commands_are_ones_the_repository_checks()
    {
        var setupBlocks = readme.Document.Blocks.Where(b => b.Kind == BlockKind.Setup).ToList();
        Assert.NotEmpty(setupBlocks);
        foreach (ReadmeBlock block in setupBlocks)
        {
            foreach (var (line, i) in block.Code.Split('\n').Select((l, i) => (l, i)))
            {
                string command = StripComment(line);
                if (command.Length == 0) continue;
                Assert.True(SetupCommands.ContainsKey(command),
                    $"README.md:{block.Line + 1 + i}: '{command}' is not a set-up command the repository checks. Known: \n  {string.Join("\n  ", SetupCommands.Keys)}\n" +
                    "Add it to ReadmeTests.SetupCommands with the test or script that proves it.");
                output.WriteLine($"{command}  →  {SetupCommands[command]}");
                if (SetupCommands[command].StartsWith("scripts/package-test.sh", StringComparison.Ordinal))
                {
                    string script = File.ReadAllText(Path.Combine(ReadmeDocument.RepositoryRoot, "scripts", "package-test.sh"));
                    Assert.True(script.Contains(PackageScriptFragments[command], StringComparison.Ordinal),
                        $"README.md:{block.Line + 1 + i}: '{command}' is attributed to scripts/package-test.sh, which does not run '{PackageScriptFragments[command]}'.");
                }
            }
        }
        // scripts/test.sh is what CI runs.
        Assert.Contains("scripts/test.sh", File.ReadAllText(Path.Combine(ReadmeDocument.RepositoryRoot, ".ci", "run")));
        Assert.True(File.Exists(Path.Combine(ReadmeDocument.RepositoryRoot, "scripts", "test.sh")));
    }

    [Fact]
    public void Prose_names_only_members_paths_and_tests_that_exist()
    {
        List<string> problems = ApiNames.Problems(readme.Document, output.WriteLine);
        problems.AddRange(ApiNames.RepositoryProblems(readme.Document, ReadmeDocument.RepositoryRoot, output.WriteLine));
        Assert.True(problems.Count == 0, "README's inline code names what StorageTyped or the repository does not have:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void QuickStart_runs_in_a_fresh_folder_as_the_quick_start_says()
    {
        // The README's first command, as a user runs it, from a folder without Data (built by the solution build;
        // --no-build so that the test never rebuilds what other tests are running from).
        string project = Path.Combine(ReadmeDocument.RepositoryRoot, "samples", "QuickStart");
        string configuration = ReadmeDocument.Metadata("Configuration");
        string folder = Path.Combine(readme.Root, "quickstart");
        Directory.CreateDirectory(Path.Combine(folder, "Data"));
        var environment = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        var result = ExternalTool.Run("dotnet", ["run", "--project", project, "-c", configuration, "--no-build"], folder, environment);
        output.WriteLine(result.Output);
        Assert.Contains("Sweeping 30 points", result.Output);
        Assert.Contains("30 points run, 0 skipped (done before), 0 failed", result.Output);
        Assert.Contains("smg.Where(p => p.NumberOfNeurons > 1000).OrderBy(p => p.Score):", result.Output);
        Assert.Contains("runs list QuickStart", result.Output);
        Assert.DoesNotContain("[###", result.Output); // no progress bar when the output is redirected
        string main = Path.Combine(folder, "Data", "StorageManager", "QuickStart");
        var runs = Directory.GetDirectories(main).Select(Path.GetFileName).Where(name => !name!.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => "QuickStart" + i).Order(StringComparer.Ordinal), runs);
        var points = new HashSet<string>();
        foreach (string run in runs!)
        {
            var sm = StorageManager.Open(Path.Combine(main, run!));
            Assert.True(sm.LoadParam("score") is double, $"{run} has no score");
            Assert.Equal(100, sm.LoadNp<double>("loss").Length);
            Assert.Equal(RunStatus.Completed, sm.Status);
            Assert.True(points.Add(sm.LoadParamText("point", "Sweep")!));
        }
        // The table is the typed group's query: the 10 runs with 2000 neurons, by score.
        var rows = result.Output.Split('\n').Where(line => line.StartsWith("QuickStart", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, rows.Count);
        var scores = rows.Select(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(scores.Order(), scores);

        // Run again: everything is done, so it is skipped and the output says so.
        var again = ExternalTool.Run("dotnet", ["run", "--project", project, "-c", configuration, "--no-build"], folder, environment);
        Assert.Contains("All 30 points were done already: skipped", again.Output);
        Assert.Equal(30, Directory.GetDirectories(main).Count(folder => !Path.GetFileName(folder).StartsWith('.')));

        // On a terminal (script gives the program one) the sweep shows a progress bar.
        string terminalFolder = Path.Combine(readme.Root, "quickstart-terminal");
        Directory.CreateDirectory(Path.Combine(terminalFolder, "Data"));
        string dll = Path.Combine(project, "bin", configuration, "net10.0", "QuickStart.dll");
        var onTerminal = ExternalTool.Run("script", ["-qec", $"dotnet '{dll}'", "/dev/null"], terminalFolder, environment);
        Assert.Contains("] 30/30", onTerminal.Output);
        Assert.Contains("[####", onTerminal.Output);
    }

    private static string StripComment(string line)
    {
        int hash = line.IndexOf(" #", StringComparison.Ordinal);
        string command = hash >= 0 ? line[..hash] : line;
        return command.TrimStart().StartsWith('#') ? "" : command.Trim();
    }
}
