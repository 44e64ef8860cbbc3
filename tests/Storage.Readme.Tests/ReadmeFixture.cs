using System.Collections.Concurrent;
using System.Diagnostics;

namespace StorageTyped.Readme.Tests;

/// <summary>
/// README.md parsed once, and every csharp block compiled once (on all cores) into a temporary folder that holds the
/// scenes' working folders too; removed afterwards.
/// </summary>
public sealed class ReadmeFixture : IDisposable
{
    private readonly ConcurrentDictionary<ReadmeBlock, string> _programs = new();
    private readonly ConcurrentDictionary<ReadmeBlock, Exception> _failures = new();

    public ReadmeFixture()
    {
        Document = ReadmeDocument.Load();
        Scenes = Document.Scenes();
        Root = Path.Combine(Path.GetTempPath(), "storagetyped-readme", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        var watch = Stopwatch.StartNew();
        var compiler = new BlockCompiler(Path.Combine(Root, "bin"));
        var work = Scenes.SelectMany(scene => scene.Blocks.Where(b => b.Kind == BlockKind.CSharp).Select(block => (scene, block))).ToList();
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            try
            {
                string source = Path.Combine(SceneRunner.FolderOf(Root, item.scene), "Program.cs");
                _programs[item.block] = compiler.Compile(item.block, $"Readme_L{item.block.Line}", source);
            }
            catch (Exception e)
            {
                _failures[item.block] = e;
            }
        });
        CompileTime = watch.Elapsed;
        CompiledBlocks = work.Count;
    }

    public ReadmeDocument Document { get; }

    public IReadOnlyList<Scene> Scenes { get; }

    /// <summary>The temporary folder: bin/ (the programs) and one sceneNN/ working folder per scene.</summary>
    public string Root { get; }

    public TimeSpan CompileTime { get; }

    public int CompiledBlocks { get; }

    /// <summary>The compiled program of a csharp block; throws the block's compile errors.</summary>
    public string ProgramOf(ReadmeBlock block) =>
        _failures.TryGetValue(block, out Exception? failure) ? throw new InvalidOperationException(failure.Message, failure) : _programs[block];

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
