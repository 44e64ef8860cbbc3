using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace StorageTyped.Generators.Tests;

/// <summary>
/// The incremental pipeline reuses its cached output when an edit does not change a type's parameters, and only
/// then: checked through the tracking names of the steps.
/// </summary>
public sealed class IncrementalCachingTests
{
    private const string Parameters = Inputs.NetworkParams;

    private const string OtherCode = """
        namespace Demo;
        public static class Program { public static int Main() => 0; }
        """;

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compile(Parameters, OtherCode);
        var driver = GeneratorHarness.NewDriver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, int treeIndex, Func<string, string> change)
    {
        var tree = compilation.SyntaxTrees.ElementAt(treeIndex);
        string text = tree.GetText().ToString();
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(change(text))));
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void A_whitespace_edit_in_the_parameter_file_reuses_the_cached_source()
    {
        var (driver, compilation) = FirstRun();
        var edited = Edit(compilation, 0, text => text.Replace("public double? Score", "\n\n    // a comment\n    public   double?   Score"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The attributed type was looked at again (its file changed) but produced an equal model …
        Assert.All(Reasons(result, RunParametersGenerator.ExtractStep), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(result, RunParametersGenerator.ModelsStep), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached }));
        // … so no source was written again.
        Assert.NotEmpty(OutputReasons(result));
        Assert.All(OutputReasons(result), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void An_edit_in_an_unrelated_file_leaves_the_model_unchanged_and_the_source_cached()
    {
        var (driver, compilation) = FirstRun();
        var edited = Edit(compilation, 1, text => text.Replace("=> 0;", "=> 1 + 1;"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The transform sees a new compilation (semantic inputs changed) and may run again; its model is equal.
        Assert.All(Reasons(result, RunParametersGenerator.ExtractStep), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached }));
        Assert.All(Reasons(result, RunParametersGenerator.ModelsStep), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached }));
        Assert.All(OutputReasons(result), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void A_changed_parameter_regenerates_the_source()
    {
        var (driver, compilation) = FirstRun();
        var edited = Edit(compilation, 0, text => text.Replace("public double? Score", "[IniKey(\"final_score\")] public double? Score"));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, RunParametersGenerator.ModelsStep));
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(result));
        Assert.Contains("\"final_score\"", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void The_model_holds_no_symbols_syntax_or_compilations()
    {
        var (driver, _) = FirstRun();
        var result = driver.GetRunResult().Results.Single();
        foreach (var output in result.TrackedSteps[RunParametersGenerator.ExtractStep].SelectMany(s => s.Outputs))
            AssertPlainData(output.Value, "model", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static void AssertPlainData(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or Location,
            $"{path} holds a {value.GetType().Name}, which would defeat caching");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        if (value is DiagnosticDescriptor || value is TextSpan || value is LinePositionSpan) return;
        if (value is System.Collections.IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence) AssertPlainData(item, $"{path}[{i++}]", seen);
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            AssertPlainData(property.GetValue(value), path + "." + property.Name, seen);
        }
    }
}
