using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StorageTyped.Generators.Model;

namespace StorageTyped.Generators;

/// <summary>
/// The [RunParameters] source generator: for every type carrying the attribute, emits the code that writes it to
/// and reads it from a run's config.ini (no reflection at run time), its Keys constants and its
/// IRunParameters implementation and its Grid(...) of sweep points, and reports STG001–STG003 and STG005–STG011.
/// </summary>
/// <remarks>
/// The pipeline: ForAttributeWithMetadataName → an equatable model plus diagnostics (step "Extract") → the model
/// alone ("Models") → source text; the diagnostics ("Diagnostics") are reported beside it. The model holds no
/// symbol, syntax or location, so an edit that does not change a type's parameters reuses the cached output.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class RunParametersGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that turns each attributed type into a model and its diagnostics.</summary>
    public const string ExtractStep = "Extract";

    /// <summary>Tracking name of the step that holds the models the source is written from.</summary>
    public const string ModelsStep = "Models";

    /// <summary>Tracking name of the step that holds the diagnostics.</summary>
    public const string DiagnosticsStep = "Diagnostics";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var extracted = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ParameterDiscovery.RunParametersAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (attributeContext, cancellationToken) => ModelBuilder.Build(attributeContext, cancellationToken))
            .WithTrackingName(ExtractStep);

        var models = extracted
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(ModelsStep);

        var diagnostics = extracted
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(DiagnosticsStep);

        context.RegisterSourceOutput(models, static (production, model) =>
            production.AddSource(model.HintName, SourceEmitter.Emit(model)));

        context.RegisterSourceOutput(diagnostics, static (production, diagnostic) =>
            production.ReportDiagnostic(diagnostic.ToDiagnostic()));
    }
}
