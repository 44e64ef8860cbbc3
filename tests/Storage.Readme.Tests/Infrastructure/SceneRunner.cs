using System.Text;
using System.Text.RegularExpressions;
using StorageTyped.Parameters;

namespace StorageTyped.Readme.Tests.Infrastructure;

/// <summary>
/// Runs the blocks of a scene in its working folder, in README order: csharp blocks as compiled programs
/// (<c>dotnet &lt;block&gt;.dll</c>), python blocks with Debian's python3, sh blocks with bash and <c>runs</c> the built
/// runs tool; then checks each text and ini block against the output or the files the blocks before it left.
/// </summary>
public sealed class SceneRunner
{
    /// <summary>Matches any text inside one line of an expected output or file.</summary>
    public const string Wildcard = "…";

    /// <summary>[Provenance] keys written only in some runs (git_* only when the project folder is a git work tree).</summary>
    private static readonly HashSet<string> OptionalProvenanceKeys = new(StringComparer.OrdinalIgnoreCase) { "git_commit", "git_dirty", "error_type", "error_message" };

    private readonly Func<ReadmeBlock, string> _programOf;

    /// <param name="programOf">The compiled program (dll) of a csharp block.</param>
    public SceneRunner(Func<ReadmeBlock, string> programOf) => _programOf = programOf;

    /// <summary>The working folder of a scene under <paramref name="root"/>, known before anything runs (sources are compiled with their path).</summary>
    public static string FolderOf(string root, Scene scene) => Path.Combine(root, $"scene{scene.Number:00}");

    /// <summary>Runs and checks every block of <paramref name="scene"/> in <paramref name="folder"/>; throws at the first block that fails.</summary>
    public void Run(Scene scene, string folder, Action<string>? log = null)
    {
        // The library walks up from the working folder to the first Data folder; one here keeps the runs here.
        Directory.CreateDirectory(Path.Combine(folder, "Data"));
        ProcessResult? last = null;
        foreach (ReadmeBlock block in scene.Blocks)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            switch (block.Kind)
            {
                case BlockKind.CSharp:
                    File.WriteAllText(Path.Combine(folder, "Program.cs"), block.Code);
                    last = Expect(block, ExternalTool.Run("dotnet", [_programOf(block)], folder, Environment(), check: false), 0);
                    break;
                case BlockKind.Python:
                    ExternalTool.RequirePython();
                    last = Expect(block, ExternalTool.Run(ExternalTool.Python, ["-c", block.Code], folder, Environment(), check: false), 0);
                    break;
                case BlockKind.Shell:
                    int exit = block.Get("exit") is { } marker ? int.Parse(marker.Argument) : 0;
                    last = Expect(block, ExternalTool.Run("bash", ["-c", ShellPreamble() + block.Code], folder, Environment(), check: false), exit);
                    break;
                case BlockKind.Text or BlockKind.Ini when block.Has("output"):
                    CompareLines(block, "the output of the block above it", last!.Output, block.Code);
                    break;
                case BlockKind.Text or BlockKind.Ini when block.Get("file") is { } file:
                    string path = FindOne(block, folder, file.Argument);
                    if (block.Kind == BlockKind.Ini) CompareIni(block, path, File.ReadAllText(path), block.Code);
                    else CompareLines(block, path, File.ReadAllText(path), block.Code);
                    break;
                case BlockKind.Text when block.Has("tree"):
                    CompareTree(block, folder);
                    break;
                default:
                    throw new InvalidOperationException($"{block.Where}: the runner does not know what to do with this block.");
            }
            log?.Invoke($"{block.Where}: {started.ElapsedMilliseconds} ms");
        }
    }

    /// <summary>The runs tool (src/Storage.Cli's runs.dll, built with the tests).</summary>
    public static string RunsTool => Path.GetFullPath(ReadmeDocument.Metadata("RunsTool"));

    private static string ShellPreamble()
    {
        if (!File.Exists(RunsTool)) throw new InvalidOperationException($"{RunsTool} is missing; build the solution (dotnet build StorageTyped.sln -c Release).");
        // runs: the tool as `dotnet tool install` puts it on the PATH. /usr/bin first: python3 is Debian's, with numpy.
        return $"set -eo pipefail\nexport PATH=/usr/bin:$PATH\nruns() {{ dotnet '{RunsTool}' \"$@\"; }}\n";
    }

    private static Dictionary<string, string?> Environment() => new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["RUNS_NO_PROGRESS"] = "1",
    };

    private static ProcessResult Expect(ReadmeBlock block, ProcessResult result, int exitCode)
    {
        if (result.ExitCode != exitCode)
            throw new InvalidOperationException($"{block.Where} exited with {result.ExitCode}, expected {exitCode}.\n--- stdout ---\n{result.Output}\n--- stderr ---\n{result.Error}\n--- block ---\n{Numbered(block)}");
        return result;
    }

    private static string Numbered(ReadmeBlock block) =>
        string.Join('\n', block.Code.Split('\n').Select((line, i) => $"{block.Line + 1 + i,5}  {line}"));

    /// <summary>The one file or folder <paramref name="pattern"/> (relative, * within a name) names in <paramref name="folder"/>.</summary>
    private static string FindOne(ReadmeBlock block, string folder, string pattern)
    {
        var matches = new List<string> { folder };
        foreach (string part in pattern.Trim('/').Split('/'))
        {
            var regex = new Regex("^" + Regex.Escape(part).Replace(@"\*", ".*") + "$");
            matches = matches.Where(Directory.Exists)
                .SelectMany(m => Directory.EnumerateFileSystemEntries(m).Where(e => regex.IsMatch(Path.GetFileName(e))))
                .ToList();
        }
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"{block.Where}: '{pattern}' names {matches.Count} files in the working folder {folder}, not one:\n{string.Join('\n', matches)}");
    }

    private static List<string> Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static bool LineMatches(string expected, string actual) =>
        expected.Contains(Wildcard, StringComparison.Ordinal)
            ? Regex.IsMatch(actual, "^" + string.Join(".*", expected.Split(Wildcard).Select(Regex.Escape)) + "$")
            : expected == actual;

    /// <summary>Line by line, trailing white space and blank lines at the end ignored; … in an expected line matches any text.</summary>
    private static void CompareLines(ReadmeBlock block, string what, string actualText, string expectedText)
    {
        List<string> actual = Lines(actualText), expected = Lines(expectedText);
        for (int i = 0; i < Math.Max(actual.Count, expected.Count); i++)
        {
            string? a = i < actual.Count ? actual[i] : null, e = i < expected.Count ? expected[i] : null;
            if (a is null || e is null || !LineMatches(e, a))
                throw new InvalidOperationException($"{block.Where} differs from {what} at README.md:{block.Line + 1 + i}:\n  README: {e ?? "(nothing)"}\n  actual: {a ?? "(nothing)"}\n--- actual ---\n{string.Join('\n', actual)}");
        }
    }

    private sealed record IniEntry(string Section, string Key, string Value);

    /// <summary>The entries of an INI text in file order, read by the library's own configparser-dialect reader.</summary>
    private static List<IniEntry> ParseIni(string text, string sourceName) =>
        IniReader.Parse(text, sourceName).Sections
            .SelectMany(section => section.Entries.Select(entry => new IniEntry(section.Name, entry.Key, entry.Value)))
            .ToList();

    /// <summary>
    /// A config.ini against the README's, for the sections the README shows: the same sections and keys in the same
    /// order, the same values, except
    /// <c>time</c> and the [Provenance] values other than status, which differ from run to run (their keys are still
    /// checked; git_* and error_* may be shown and be absent).
    /// </summary>
    private static void CompareIni(ReadmeBlock block, string path, string actualText, string expectedText)
    {
        List<IniEntry> expected = ParseIni(expectedText, block.Where);
        var shown = expected.Select(e => e.Section).ToHashSet(StringComparer.Ordinal);
        List<IniEntry> actual = ParseIni(actualText, path).Where(a => shown.Contains(a.Section)).ToList();
        expected = expected
            .Where(e => !(IsProvenance(e.Section) && OptionalProvenanceKeys.Contains(e.Key) && !actual.Any(a => a.Section == e.Section && a.Key == e.Key)))
            .ToList();
        string problem = "";
        for (int i = 0; i < Math.Max(actual.Count, expected.Count) && problem.Length == 0; i++)
        {
            IniEntry? a = i < actual.Count ? actual[i] : null, e = i < expected.Count ? expected[i] : null;
            if (a is null || e is null || a.Section != e.Section || a.Key != e.Key)
                problem = $"entry {i + 1}: README [{e?.Section}] {e?.Key}, file [{a?.Section}] {a?.Key}";
            else if (!(IsVolatile(e) || LineMatches(e.Value, a.Value)))
                problem = $"[{e.Section}] {e.Key}: README '{e.Value}', file '{a.Value}'";
        }
        if (problem.Length > 0)
            throw new InvalidOperationException($"{block.Where} differs from {path}: {problem}\n--- file ---\n{actualText}");

        static bool IsProvenance(string section) => section == "Provenance";
        static bool IsVolatile(IniEntry e) => e.Key == "time" || (IsProvenance(e.Section) && e.Key != "status");
    }

    /// <summary>
    /// A folder listing (tree's layout: ├── name, │   └── name, folders ending in /; text after two spaces is a
    /// comment) against the folder: the same files and folders, hidden ones left out.
    /// </summary>
    private static void CompareTree(ReadmeBlock block, string folder)
    {
        List<string> lines = Lines(block.Code);
        string root = FindOne(block, folder, lines[0].Split("  ")[0].Trim());
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        var parents = new List<string>();
        foreach (string line in lines.Skip(1))
        {
            Match m = Regex.Match(line, @"^(?<prefix>(?:│   |    )*)(?:├── |└── )(?<name>\S+)");
            if (!m.Success) throw new FormatException($"{block.Where}: '{line}' is not a tree line (├── name or └── name).");
            int depth = m.Groups["prefix"].Value.Length / 4;
            if (depth > parents.Count) throw new FormatException($"{block.Where}: '{line}' is nested under no folder.");
            parents.RemoveRange(depth, parents.Count - depth);
            string name = m.Groups["name"].Value;
            expected.Add(string.Concat(parents) + name);
            if (name.EndsWith('/')) parents.Add(name);
        }
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(string dir, string prefix)
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries(dir))
            {
                string name = Path.GetFileName(entry);
                if (name.StartsWith('.')) continue;
                if (Directory.Exists(entry))
                {
                    actual.Add(prefix + name + "/");
                    Walk(entry, prefix + name + "/");
                }
                else actual.Add(prefix + name);
            }
        }
        Walk(root, "");
        if (!expected.SetEquals(actual))
            throw new InvalidOperationException($"{block.Where} lists other files than {root} holds.\n  only in the README: {string.Join(", ", expected.Except(actual))}\n  only in the folder: {string.Join(", ", actual.Except(expected))}");
    }
}
