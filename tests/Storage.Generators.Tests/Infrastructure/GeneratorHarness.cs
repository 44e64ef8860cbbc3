using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StorageTyped.Generators.Analyzers;

namespace StorageTyped.Generators.Tests.Infrastructure;

/// <summary>
/// Compiles C# source against the .NET 10 reference assemblies and the real StorageTyped runtime, runs the
/// [RunParameters] generator with CSharpGeneratorDriver (step tracking on), and the STG004 analyzer.
/// </summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(StorageManager).Assembly.Location))
            .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "UserCode",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"File{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new RunParametersGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on the sources; returns its result and the compilation with the generated code added.</summary>
    public static GeneratorOutcome Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = NewDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorOutcome(driver.GetRunResult(), output, generatorDiagnostics);
    }

    /// <summary>The STG004 analyzer's diagnostics on the sources (after the generator ran, as in a build).</summary>
    public static ImmutableArray<Diagnostic> Analyze(params string[] sources)
    {
        var outcome = Run(sources);
        return outcome.Compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ParameterKeyAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }
}

/// <summary>What one generator run left.</summary>
public sealed record GeneratorOutcome(GeneratorDriverRunResult Result, Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>The one generated file's text.</summary>
    public string SingleSource => Assert.Single(Result.GeneratedTrees).ToString();

    /// <summary>Compiler errors and warnings of the compilation including the generated code.</summary>
    public IEnumerable<Diagnostic> CompilationProblems =>
        Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning);

    public void AssertCompilesCleanly()
    {
        Assert.Empty(GeneratorDiagnostics);
        var problems = CompilationProblems.ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems) + "\n\n" + string.Join("\n\n", Result.GeneratedTrees.Select(t => t.ToString())));
    }
}
