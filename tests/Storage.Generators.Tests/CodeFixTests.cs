using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using StorageTyped.CodeFixes;
using StorageTyped.Generators.Analyzers;

namespace StorageTyped.Generators.Tests;

/// <summary>The code fixes, applied in a real workspace as an IDE applies them (simplification included).</summary>
public sealed class CodeFixTests
{
    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "UserCode", "UserCode", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: GeneratorHarness.ParseOptions,
            metadataReferences: GeneratorHarness.References));
        return workspace.AddDocument(DocumentInfo.Create(DocumentId.CreateNewId(project.Id), "Code.cs",
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Default)), filePath: "/src/Code.cs"));
    }

    /// <summary>Applies the first fix <paramref name="provider"/> offers for <paramref name="diagnostic"/>; returns the new text.</summary>
    private static async Task<(string Title, string Text)> ApplyAsync(Document document, Diagnostic diagnostic, CodeFixProvider provider)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        var action = Assert.Single(actions);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        var text = await solution.GetDocument(document.Id)!.GetTextAsync();
        return (action.Title, text.ToString());
    }

    private static async Task<ImmutableArray<Diagnostic>> GeneratorDiagnosticsAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        GeneratorHarness.NewDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        return diagnostics;
    }

    [Fact]
    public async Task STG001_fix_adds_partial_to_the_type()
    {
        const string before = """
            using StorageTyped;
            namespace Demo;
            /// <summary>Docs stay where they are.</summary>
            [RunParameters]
            public sealed record NetworkParams
            {
                public int NumberOfNeurons { get; init; }
            }
            """;
        var document = CreateDocument(before);
        var diagnostic = Assert.Single(await GeneratorDiagnosticsAsync(document));
        Assert.Equal("STG001", diagnostic.Id);

        var (title, after) = await ApplyAsync(document, diagnostic, new MakePartialCodeFix());
        Assert.Equal("Make 'NetworkParams' partial", title);
        Assert.Equal(before.Replace("public sealed record", "public sealed partial record"), after);

        // The fixed code has no STG001 left.
        Assert.Empty(await GeneratorDiagnosticsAsync(document.WithText(SourceText.From(after))));
    }

    [Fact]
    public async Task STG001_fix_adds_partial_to_a_containing_type_without_modifiers()
    {
        const string before = """
            using StorageTyped;
            namespace Demo;
            class Outer
            {
                [RunParameters] public partial record P { public int A { get; init; } }
            }
            """;
        var document = CreateDocument(before);
        var diagnostic = Assert.Single(await GeneratorDiagnosticsAsync(document));
        var (title, after) = await ApplyAsync(document, diagnostic, new MakePartialCodeFix());
        Assert.Equal("Make 'Outer' partial", title);
        Assert.Equal(before.Replace("class Outer", "partial class Outer"), after);
    }

    [Fact]
    public async Task STG004_fix_replaces_the_string_with_the_nearest_Keys_constant()
    {
        const string before = """
            using StorageTyped;
            namespace Demo;
            [RunParameters]
            public partial record NetworkParams
            {
                public double? Score { get; init; }
            }
            public static class Use
            {
                public static object? Read(StorageManager sm) => sm.LoadParam("scor");
            }
            """;
        var document = CreateDocument(before);
        var compilation = (await document.Project.GetCompilationAsync())!;
        GeneratorHarness.NewDriver().RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out _);
        var diagnostics = await withGenerated.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ParameterKeyAnalyzer())).GetAnalyzerDiagnosticsAsync();
        var diagnostic = Assert.Single(diagnostics);

        var (title, after) = await ApplyAsync(document, diagnostic, new UseKeysConstantCodeFix());
        Assert.Equal("Use Demo.NetworkParams.Keys.Score", title);
        Assert.Equal(before.Replace("sm.LoadParam(\"scor\")", "sm.LoadParam(NetworkParams.Keys.Score)"), after);
    }

    [Fact]
    public async Task STG004_in_a_query_offers_no_replacement()
    {
        var document = CreateDocument("class C { }");
        var diagnostic = Diagnostic.Create(Descriptors.UnknownKey, Location.Create((await document.GetSyntaxTreeAsync())!, new TextSpan(0, 5)), "scor", "");
        var actions = new List<CodeAction>();
        await new UseKeysConstantCodeFix().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        Assert.Empty(actions);
    }
}
