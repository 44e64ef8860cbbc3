using System.Reflection;
using System.Text.RegularExpressions;

namespace StorageTyped.Readme.Tests.Infrastructure;

/// <summary>What a fenced block of README.md is, by its info string.</summary>
public enum BlockKind
{
    /// <summary>```csharp: a complete program, compiled and run.</summary>
    CSharp,

    /// <summary>```python: run by Debian's python3 (with numpy) in the working folder of the block before it.</summary>
    Python,

    /// <summary>```sh: run by bash in the working folder of the block before it, with <c>runs</c> the built runs tool.</summary>
    Shell,

    /// <summary>```sh setup: set-up commands that cannot run inside a test; each must be one the repository checks elsewhere.</summary>
    Setup,

    /// <summary>```text: output, a file or a folder listing, checked; or marked illustrative.</summary>
    Text,

    /// <summary>```ini: a config.ini, compared with the one a block before it wrote; or marked illustrative.</summary>
    Ini,
}

/// <summary>One <c>&lt;!-- test: … --&gt;</c> comment above a block.</summary>
/// <param name="Name">continue, fresh, output, file, tree, illustrative or exit.</param>
/// <param name="Argument">The path of <c>file</c>, the code of <c>exit</c>; empty otherwise.</param>
public sealed record BlockMarker(string Name, string Argument);

/// <summary>A fenced code block of README.md.</summary>
/// <param name="Line">The line of the opening fence (1-based).</param>
/// <param name="Info">The info string after the fence (csharp, python, sh, sh setup, text, ini).</param>
/// <param name="Code">The block's lines, without the fences and the fence's indentation.</param>
/// <param name="Heading">The heading the block stands under, for messages.</param>
public sealed record ReadmeBlock(int Line, string Info, BlockKind Kind, string Code, IReadOnlyList<BlockMarker> Markers, string Heading)
{
    public bool Has(string marker) => Markers.Any(m => m.Name == marker);

    public BlockMarker? Get(string marker) => Markers.FirstOrDefault(m => m.Name == marker);

    public bool IsExecutable => Kind is BlockKind.CSharp or BlockKind.Python or BlockKind.Shell;

    /// <summary>Where the block is, for messages: "README.md:123 (csharp, under 'Arrays')".</summary>
    public string Where => $"README.md:{Line} ({Info}, under '{Heading}')";

    public override string ToString() => Where;
}

/// <summary>
/// README.md's fenced blocks and the markers above them. The conventions (also in README.md, "Testing the README"):
/// <list type="bullet">
/// <item>Every block has one of the info strings of <see cref="BlockKind"/>; any other, or none, is an error.</item>
/// <item>A marker is an HTML comment <c>&lt;!-- test: NAME [ARGUMENT] --&gt;</c> on its own line directly above a
/// block (blank lines may stand between). <c>continue</c> (csharp): run in the working folder of the block before
/// instead of a fresh one. <c>fresh</c> (python, sh): run in a fresh folder. <c>exit N</c> (sh): the block must exit
/// with N. <c>output</c> (text): the standard output of the block directly above. <c>file PATH</c> (text, ini): a file
/// the blocks before wrote, PATH relative to their working folder, <c>*</c> allowed. <c>tree</c> (text): a folder
/// listing whose first line is the folder. <c>illustrative</c> (text, ini): shown, not checked.</item>
/// </list>
/// </summary>
public sealed partial class ReadmeDocument
{
    private static readonly Dictionary<string, BlockKind> Kinds = new(StringComparer.Ordinal)
    {
        ["csharp"] = BlockKind.CSharp,
        ["python"] = BlockKind.Python,
        ["sh"] = BlockKind.Shell,
        ["sh setup"] = BlockKind.Setup,
        ["text"] = BlockKind.Text,
        ["ini"] = BlockKind.Ini,
    };

    private static readonly Dictionary<BlockKind, string[]> AllowedMarkers = new()
    {
        [BlockKind.CSharp] = ["continue"],
        [BlockKind.Python] = ["fresh"],
        [BlockKind.Shell] = ["fresh", "exit"],
        [BlockKind.Setup] = [],
        [BlockKind.Text] = ["output", "file", "tree", "illustrative"],
        [BlockKind.Ini] = ["file", "illustrative"],
    };

    private ReadmeDocument(string path, IReadOnlyList<ReadmeBlock> blocks, IReadOnlyList<(int Line, string Text)> prose)
    {
        Path = path;
        Blocks = blocks;
        Prose = prose;
    }

    /// <summary>The README file.</summary>
    public string Path { get; }

    /// <summary>Every fenced block, in order.</summary>
    public IReadOnlyList<ReadmeBlock> Blocks { get; }

    /// <summary>The lines outside fenced blocks and markers, with their line numbers (1-based).</summary>
    public IReadOnlyList<(int Line, string Text)> Prose { get; }

    /// <summary>The repository's README.md.</summary>
    public static ReadmeDocument Load() => Parse(System.IO.Path.Combine(RepositoryRoot, "README.md"));

    /// <summary>The repository root (the folder of StorageTyped.sln).</summary>
    public static string RepositoryRoot => System.IO.Path.GetFullPath(Metadata("RepositoryRoot"));

    internal static string Metadata(string key) =>
        typeof(ReadmeDocument).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Reads the blocks of a Markdown file.</summary>
    /// <exception cref="FormatException">A block has an unknown info string, a marker it does not take, or is not closed; a marker stands above no block.</exception>
    public static ReadmeDocument Parse(string path)
    {
        string[] lines = File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');
        var blocks = new List<ReadmeBlock>();
        var pending = new List<(int Line, BlockMarker Marker)>();
        var prose = new List<(int Line, string Text)>();
        string heading = "(top)";
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            Match marker = MarkerLine().Match(line);
            if (marker.Success)
            {
                string name = marker.Groups["name"].Value;
                string argument = marker.Groups["argument"].Value.Trim();
                pending.Add((i + 1, new BlockMarker(name, argument)));
                continue;
            }
            if (line.TrimStart().StartsWith("<!--", StringComparison.Ordinal) && line.Contains("test", StringComparison.Ordinal))
                throw new FormatException($"README.md:{i + 1}: a test marker must be a line of its own: <!-- test: NAME [ARGUMENT] -->.");

            Match fence = FenceLine().Match(line);
            if (!fence.Success)
            {
                if (line.Trim().Length > 0 && pending.Count > 0)
                    throw new FormatException($"README.md:{pending[0].Line}: the marker '{pending[0].Marker.Name}' stands above text, not a code block; put it directly above the block (blank lines may stand between).");
                if (line.StartsWith('#')) heading = line.TrimStart('#').Trim();
                prose.Add((i + 1, line));
                if (line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
                    throw new FormatException($"README.md:{i + 1}: use ``` fences; ~~~ blocks are not tested.");
                continue;
            }

            int indent = fence.Groups["indent"].Value.Length;
            string ticks = fence.Groups["ticks"].Value;
            string info = Regex.Replace(fence.Groups["info"].Value.Trim(), @"\s+", " ");
            int start = i;
            var body = new List<string>();
            for (i++; ; i++)
            {
                if (i >= lines.Length) throw new FormatException($"README.md:{start + 1}: the code block is not closed.");
                string inner = lines[i];
                string trimmed = inner.Trim();
                if (trimmed.StartsWith(ticks, StringComparison.Ordinal) && trimmed.Trim('`').Length == 0) break;
                int strip = 0;
                while (strip < indent && strip < inner.Length && inner[strip] == ' ') strip++;
                body.Add(inner[strip..]);
            }

            string where = $"README.md:{start + 1}";
            if (info.Length == 0)
                throw new FormatException($"{where}: a code block without an info string. Give it one of: {string.Join(", ", Kinds.Keys)} (and for text or ini a marker: output, file PATH, tree or illustrative).");
            if (!Kinds.TryGetValue(info, out BlockKind kind))
                throw new FormatException($"{where}: the info string '{info}' is not one the README test knows ({string.Join(", ", Kinds.Keys)}); nothing in the README goes unchecked.");
            var markers = pending.Select(p => p.Marker).ToList();
            pending.Clear();
            foreach (BlockMarker m in markers)
            {
                if (!AllowedMarkers[kind].Contains(m.Name))
                    throw new FormatException($"{where}: a {info} block does not take the marker '{m.Name}' (it takes: {(AllowedMarkers[kind].Length == 0 ? "none" : string.Join(", ", AllowedMarkers[kind]))}).");
                if (m.Name is "file" && m.Argument.Length == 0)
                    throw new FormatException($"{where}: 'file' needs the path of the file, relative to the working folder: <!-- test: file Data/StorageManager/MyName/MyName1/config.ini -->.");
                if (m.Name is "exit" && !int.TryParse(m.Argument, out _))
                    throw new FormatException($"{where}: 'exit' needs the exit code: <!-- test: exit 4 -->.");
                if (m.Name is not ("file" or "exit") && m.Argument.Length > 0)
                    throw new FormatException($"{where}: the marker '{m.Name}' takes no argument.");
            }
            if (kind is BlockKind.Text or BlockKind.Ini && markers.Count != 1)
                throw new FormatException($"{where}: a {info} block needs exactly one marker above it: <!-- test: output -->, <!-- test: file PATH -->, <!-- test: tree --> or <!-- test: illustrative -->.");
            if (markers.Select(m => m.Name).Distinct().Count() != markers.Count)
                throw new FormatException($"{where}: a marker is given twice.");
            if (markers.Any(m => m.Name == "output") && (blocks.Count == 0 || !blocks[^1].IsExecutable))
                throw new FormatException($"{where}: an output block must directly follow the csharp, python or sh block whose output it shows.");
            string code = string.Join('\n', body);
            if (code.Trim().Length == 0) throw new FormatException($"{where}: the block is empty.");
            blocks.Add(new ReadmeBlock(start + 1, info, kind, code, markers, heading));
        }
        if (pending.Count > 0)
            throw new FormatException($"README.md:{pending[0].Line}: the marker '{pending[0].Marker.Name}' stands above no code block.");
        return new ReadmeDocument(path, blocks, prose);
    }

    /// <summary>
    /// The blocks grouped into scenes: a scene is a working folder and the blocks that run and are checked in it. A
    /// csharp block starts a scene unless marked continue; python and sh blocks continue the scene unless marked fresh.
    /// </summary>
    public IReadOnlyList<Scene> Scenes()
    {
        var scenes = new List<Scene>();
        Scene? current = null;
        foreach (ReadmeBlock block in Blocks)
        {
            switch (block.Kind)
            {
                case BlockKind.Setup:
                case BlockKind.Text or BlockKind.Ini when block.Has("illustrative"):
                    continue;
                case BlockKind.CSharp when !block.Has("continue"):
                case BlockKind.Python or BlockKind.Shell when block.Has("fresh"):
                    current = new Scene(scenes.Count + 1, new List<ReadmeBlock>());
                    scenes.Add(current);
                    break;
                default:
                    if (current is null)
                        throw new FormatException($"{block.Where}: no block before it made a working folder. Mark it <!-- test: fresh --> (python, sh), or drop <!-- test: continue -->.");
                    break;
            }
            ((List<ReadmeBlock>)current.Blocks).Add(block);
        }
        return scenes;
    }

    [GeneratedRegex(@"^\s*<!--\s*test:\s*(?<name>[a-z]+)(?<argument>[^>]*?)\s*-->\s*$")]
    private static partial Regex MarkerLine();

    [GeneratedRegex(@"^(?<indent> *)(?<ticks>```+)(?<info>[^`]*)$")]
    private static partial Regex FenceLine();
}

/// <summary>Blocks that share one working folder, in README order.</summary>
/// <param name="Number">1-based, in README order.</param>
public sealed record Scene(int Number, IReadOnlyList<ReadmeBlock> Blocks)
{
    /// <summary>The line of the scene's first block.</summary>
    public int Line => Blocks[0].Line;

    public override string ToString() => $"scene {Number} at README.md:{Line}";
}
