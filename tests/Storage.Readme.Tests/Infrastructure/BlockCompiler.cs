using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;
using StorageTyped.Generators;

namespace StorageTyped.Readme.Tests.Infrastructure;

/// <summary>
/// Compiles a ```csharp block as a project with a package reference to StorageTyped would: a console program
/// (top-level statements) against the .NET 10 reference assemblies, StorageTyped and what it references, with the
/// SDK's implicit usings, nullable enabled, the [RunParameters] generator run and the STG analyzers applied. Errors
/// and warnings fail the block. The program is written as &lt;name&gt;.dll with a runtimeconfig.json into one output
/// folder that also holds StorageTyped and its dependencies, so that <c>dotnet &lt;name&gt;.dll</c> runs it.
/// In-process compilation takes about a second for all blocks once Roslyn is warm, where one MSBuild project per
/// block took 5-10 s each.
/// </summary>
public sealed class BlockCompiler
{
    /// <summary>The usings Microsoft.NET.Sdk adds with ImplicitUsings enabled (as in a new console project).</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private readonly ImmutableArray<MetadataReference> _references;
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;

    public BlockCompiler(string outputFolder)
    {
        OutputFolder = outputFolder;
        Directory.CreateDirectory(outputFolder);
        string library = typeof(StorageManager).Assembly.Location;
        List<string> closure = ReferenceClosure(library);
        foreach (string file in closure)
            File.Copy(file, Path.Combine(outputFolder, Path.GetFileName(file)), overwrite: true);
        _references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Concat(closure.Select(file => MetadataReference.CreateFromFile(file)))
            .ToImmutableArray();
        _analyzers = typeof(RunParametersGenerator).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        if (_analyzers.IsEmpty) throw new InvalidOperationException("No analyzers found in Storage.Generators.");
    }

    /// <summary>The folder the programs and StorageTyped's assemblies are written to.</summary>
    public string OutputFolder { get; }

    /// <summary>
    /// Compiles <paramref name="block"/> (its source file named <paramref name="sourcePath"/>, so that
    /// CallerFilePath and stack traces name it) to &lt;<paramref name="name"/>&gt;.dll; returns its path.
    /// </summary>
    /// <exception cref="InvalidOperationException">The block does not compile cleanly; the message lists the errors and warnings with README line numbers.</exception>
    public string Compile(ReadmeBlock block, string name, string sourcePath)
    {
        var program = CSharpSyntaxTree.ParseText(block.Code, ParseOptions, path: sourcePath, encoding: System.Text.Encoding.UTF8);
        var usings = CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "GlobalUsings.g.cs", encoding: System.Text.Encoding.UTF8);
        var compilation = CSharpCompilation.Create(name, [usings, program], _references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                warningLevel: 9999));

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new RunParametersGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation withGenerated, out var generatorDiagnostics);
        var diagnostics = withGenerated.WithAnalyzers(_analyzers).GetAllDiagnosticsAsync().GetAwaiter().GetResult()
            .Concat(generatorDiagnostics)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        if (diagnostics.Count > 0)
            throw new InvalidOperationException($"{block.Where} does not compile cleanly:\n" + string.Join("\n", diagnostics.Select(d => Describe(block, d))));

        string dll = Path.Combine(OutputFolder, name + ".dll");
        using (var stream = File.Create(dll))
        {
            EmitResult result = withGenerated.Emit(stream, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
            if (!result.Success)
                throw new InvalidOperationException($"{block.Where} does not emit:\n" + string.Join("\n", result.Diagnostics.Select(d => Describe(block, d))));
        }
        File.WriteAllText(Path.Combine(OutputFolder, name + ".runtimeconfig.json"), $$"""
            {
              "runtimeOptions": {
                "tfm": "net10.0",
                "framework": { "name": "Microsoft.NETCore.App", "version": "{{Environment.Version.Major}}.{{Environment.Version.Minor}}.0" }
              }
            }
            """);
        return dll;
    }

    /// <summary>A diagnostic with the README line it stands on.</summary>
    private static string Describe(ReadmeBlock block, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        string where = diagnostic.Location.IsInSource && span.Path.EndsWith("Program.cs", StringComparison.Ordinal)
            ? $"README.md:{block.Line + 1 + span.StartLinePosition.Line}"
            : span.Path;
        return $"  {where}: {diagnostic.Severity} {diagnostic.Id}: {diagnostic.GetMessage()}";
    }

    /// <summary>StorageTyped.dll and every assembly it references, directly or not, that is not part of .NET itself.</summary>
    private static List<string> ReferenceClosure(string root)
    {
        string folder = Path.GetDirectoryName(root)!;
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>([root]);
        while (queue.Count > 0)
        {
            string file = queue.Dequeue();
            if (!seen.Add(Path.GetFileName(file))) continue;
            found.Add(file);
            using var stream = File.OpenRead(file);
            using var reader = new PEReader(stream);
            MetadataReader metadata = reader.GetMetadataReader();
            foreach (AssemblyReferenceHandle handle in metadata.AssemblyReferences)
            {
                string name = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                string candidate = Path.Combine(folder, name + ".dll");
                if (File.Exists(candidate)) queue.Enqueue(candidate);
            }
        }
        return found;
    }
}
