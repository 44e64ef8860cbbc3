using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using StorageTyped.Generators;
using StorageTyped.Generators.Analyzers;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 6's generator figure: the [RunParameters] generator on a compilation with N parameter types (one file
/// each, ten properties of mixed types), cold and after an edit, next to the compiler's own work on that code.
/// </summary>
internal static class GeneratorBenchmark
{
    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int types = options.Int("types", 500);
        int repeats = options.Int("repeats", 5);
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(StorageManager).Assembly.Location)).ToImmutableArray();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Enumerable.Range(0, types).Select(i => CSharpSyntaxTree.ParseText(Source(i), parseOptions, path: $"Params{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(Usage(types), parseOptions, path: "Usage.cs")).ToArray();
        CSharpCompilation NewCompilation() => CSharpCompilation.Create("Bench", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(new[] { new RunParametersGenerator().AsSourceGenerator() }, parseOptions: parseOptions);

        var cold = new List<double>();
        var edited = new List<double>();
        var compile = new List<double>();
        var compileGenerated = new List<double>();
        var analyzer = new List<double>();
        int generatedFiles = 0;
        for (int repeat = 0; repeat < repeats + 1; repeat++)
        {
            // A fresh compilation each time: nothing bound or cached from the previous repeat.
            var compilation = NewCompilation();
            long start = Stopwatch.GetTimestamp();
            var driver = NewDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            double coldMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            generatedFiles = driver.GetRunResult().GeneratedTrees.Length;
            if (diagnostics.Length > 0) throw new InvalidOperationException("The benchmark input has diagnostics: " + diagnostics[0]);

            var tree = compilation.SyntaxTrees.First();
            var changed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(tree.GetText() + "\n// edited\n")));
            start = Stopwatch.GetTimestamp();
            driver.RunGenerators(changed);
            double editMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            var plain = NewCompilation();
            start = Stopwatch.GetTimestamp();
            var errors = plain.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            double compileMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            start = Stopwatch.GetTimestamp();
            output.GetDiagnostics();
            double compileGeneratedMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            // The analyzer's own time (the driver's telemetry), not the binding it shares with the compiler.
            var withAnalyzer = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ParameterKeyAnalyzer()),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            var warnings = withAnalyzer.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var telemetry = withAnalyzer.GetAnalyzerTelemetryInfoAsync(withAnalyzer.Analyzers[0], CancellationToken.None).GetAwaiter().GetResult();
            double analyzerMs = telemetry.ExecutionTime.TotalMilliseconds;
            if (warnings.Length != 1) throw new InvalidOperationException($"Expected the one planted STG004 warning, got {warnings.Length}.");

            if (repeat == 0) continue; // the first round warms the JIT
            cold.Add(coldMs);
            edited.Add(editMs);
            compile.Add(compileMs);
            compileGenerated.Add(compileGeneratedMs);
            analyzer.Add(analyzerMs);
        }

        Console.WriteLine($"| {types} [RunParameters] types, 10 properties each ({generatedFiles} files generated), median of {repeats} | ms |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| generator, cold (fresh compilation and driver) | {Stats.Median(cold):F0} |");
        Console.WriteLine($"| generator, after a one-file edit (incremental) | {Stats.Median(edited):F0} |");
        Console.WriteLine($"| STG004 analyzer over the compilation (its own execution time, {types + 1} checked calls) | {Stats.Median(analyzer):F0} |");
        Console.WriteLine($"| for scale: the compiler binding the user's code alone (GetDiagnostics) | {Stats.Median(compile):F0} |");
        Console.WriteLine($"| for scale: the compiler binding it with the generated code | {Stats.Median(compileGenerated):F0} |");
        Console.WriteLine();
        Console.WriteLine($"goal: cold generator < 1000 ms — {(Stats.Median(cold) < 1000 ? "met" : "NOT met")}");
    }

    private static readonly string[] PropertyTypes = ["int", "double", "double?", "string", "bool", "long", "int[]", "List<double>", "Mode", "TimeSpan"];

    private static string Source(int index)
    {
        var builder = new StringBuilder();
        builder.Append("using System; using System.Collections.Generic; using StorageTyped;\n");
        builder.Append($"namespace Bench.Group{index % 10};\n");
        builder.Append($"public enum Mode{index} {{ A, B }}\n");
        builder.Append($"[RunParameters]\npublic partial record Params{index}\n{{\n");
        for (int p = 0; p < PropertyTypes.Length; p++)
        {
            string type = PropertyTypes[p] == "Mode" ? $"Mode{index}" : PropertyTypes[p];
            string initializer = type switch
            {
                "string" => " = \"\";",
                "int[]" => " = [];",
                "List<double>" => " = new();",
                _ => "",
            };
            builder.Append($"    public {type} Parameter{p}Value{index} {{ get; init; }}{initializer}\n");
        }
        builder.Append("}\n");
        return builder.ToString();
    }

    /// <summary>Calls that the STG004 analyzer checks: every key once, and one planted typo.</summary>
    private static string Usage(int types)
    {
        var builder = new StringBuilder("using StorageTyped;\npublic static class Usage\n{\n    public static void Run(StorageManager sm)\n    {\n");
        for (int i = 0; i < types; i++) builder.Append($"        sm.LoadParam(\"parameter0_value{i}\");\n");
        builder.Append("        sm.LoadParam(\"parameter0_valeu0\");\n    }\n}\n");
        return builder.ToString();
    }
}
