using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using StorageTyped.Generators.Analyzers;

namespace StorageTyped.CodeFixes;

/// <summary>
/// STG004: replaces a misspelled parameter name in string form with the generated Keys constant of the nearest key
/// (sm.LoadParam("scor") → sm.LoadParam(NetworkParams.Keys.Score)), which the compiler checks from then on.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseKeysConstantCodeFix)), Shared]
public sealed class UseKeysConstantCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("STG004");

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ParameterKeyAnalyzer.ConstantProperty, out string? constant) || constant is null) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal) continue;
            string shortName = constant.StartsWith("global::", System.StringComparison.Ordinal) ? constant.Substring("global::".Length) : constant;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use {shortName}",
                    cancellationToken => ReplaceAsync(context.Document, literal, constant, cancellationToken),
                    equivalenceKey: nameof(UseKeysConstantCodeFix) + constant),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, LiteralExpressionSyntax literal, string constant, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var replacement = SyntaxFactory.ParseExpression(constant)
            .WithTriviaFrom(literal)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root!.ReplaceNode(literal, replacement));
    }
}
