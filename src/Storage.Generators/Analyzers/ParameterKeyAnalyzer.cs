using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StorageTyped.Groups.Query;

namespace StorageTyped.Generators.Analyzers;

/// <summary>
/// STG004: a parameter name in string form (LoadParam, SaveParam, LoadParamText, HasParam; the group's SortBy,
/// GetParamList, GetMultiParamList, GetMultiParamDict; and every name in a query of the group's indexer, Select,
/// Where and GetQueryKeys, read by the library's own <see cref="QueryTokenizer"/>) that matches no key of any
/// [RunParameters] type of the compilation but is within a few edits of one (a likely typo; a key far from every
/// typed key is a dynamic parameter and is not reported). Calls are recognised by method and containing type name in namespace
/// StorageTyped (the first argument is the key, keys or query). Silent in a compilation with no [RunParameters] type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ParameterKeyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the suggested key.</summary>
    public const string SuggestedKeyProperty = "SuggestedKey";

    /// <summary>Diagnostic property: the fully qualified Keys constant of the suggested key.</summary>
    public const string ConstantProperty = "Constant";

    private const string Namespace = "StorageTyped";

    /// <summary>Methods whose first argument is one parameter name (or, for GetMultiParamList, several).</summary>
    private static readonly ImmutableDictionary<string, ImmutableHashSet<string>> KeyMethods = new Dictionary<string, ImmutableHashSet<string>>
    {
        ["StorageManager"] = ImmutableHashSet.Create("LoadParam", "SaveParam", "LoadParamText", "HasParam"),
        ["StorageManagerGroup"] = ImmutableHashSet.Create("SortBy", "GetParamList", "GetMultiParamList", "GetMultiParamDict"),
    }.ToImmutableDictionary();

    /// <summary>Group methods whose first, string argument is a query ("key OP value and …"); the indexer takes one too.</summary>
    private static readonly ImmutableHashSet<string> QueryMethods = ImmutableHashSet.Create("Select", "Where", "GetQueryKeys");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.UnknownKey);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(ParameterDiscovery.RunParametersAttributeName) is null) return;
            var compilation = start.Compilation;
            var catalog = new Lazy<KeyCatalog>(() => KeyCatalog.Build(compilation, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
            // Syntax first: only calls whose method name could be one of ours are bound, so the analyzer costs
            // next to nothing in code that does not use StorageTyped.
            start.RegisterSyntaxNodeAction(node =>
            {
                var invocation = (InvocationExpressionSyntax)node.Node;
                if (!CandidateNames.Contains(InvokedName(invocation.Expression))) return;
                if (node.SemanticModel.GetOperation(invocation, node.CancellationToken) is IInvocationOperation operation)
                    AnalyzeInvocation(operation, catalog, node.ReportDiagnostic);
            }, SyntaxKind.InvocationExpression);
            start.RegisterSyntaxNodeAction(node =>
            {
                var access = (ElementAccessExpressionSyntax)node.Node;
                if (access.ArgumentList.Arguments.Count != 1 || access.ArgumentList.Arguments[0].Expression is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression })
                    return;
                if (node.SemanticModel.GetOperation(access, node.CancellationToken) is IPropertyReferenceOperation operation)
                    AnalyzeIndexer(operation, catalog, node.ReportDiagnostic);
            }, SyntaxKind.ElementAccessExpression);
        });
    }

    private static readonly ImmutableHashSet<string> CandidateNames = KeyMethods.Values.SelectMany(names => names).Concat(QueryMethods).ToImmutableHashSet();

    private static string InvokedName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => "",
    };

    private static bool IsStorageType(INamedTypeSymbol? type, out string name)
    {
        name = type?.Name ?? "";
        return type is not null && type.ContainingNamespace?.ToDisplayString() == Namespace && KeyMethods.ContainsKey(type.Name);
    }

    private static void AnalyzeInvocation(IInvocationOperation invocation, Lazy<KeyCatalog> catalog, Action<Diagnostic> report)
    {
        var method = invocation.TargetMethod;
        if (!IsStorageType(method.ContainingType, out string typeName)) return;
        bool isKeyMethod = KeyMethods[typeName].Contains(method.Name);
        bool isQueryMethod = typeName == "StorageManagerGroup" && QueryMethods.Contains(method.Name);
        if (!isKeyMethod && !isQueryMethod) return;

        string? section = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "section" && argument.Value.ConstantValue is { HasValue: true, Value: string s }) section = s;
        }

        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue) continue;
            if (parameter.Ordinal != 0) continue; // the key, keys or query is the first parameter of every such method
            if (isKeyMethod && parameter.Type.SpecialType == SpecialType.System_String)
            {
                CheckKey(argument.Value, catalog, section, report);
            }
            else if (isKeyMethod)
            {
                foreach (var element in Elements(argument.Value)) CheckKey(element, catalog, section, report);
            }
            else if (isQueryMethod && parameter.Type.SpecialType == SpecialType.System_String)
            {
                CheckQuery(argument.Value, catalog, section, report);
            }
        }
    }

    private static void AnalyzeIndexer(IPropertyReferenceOperation reference, Lazy<KeyCatalog> catalog, Action<Diagnostic> report)
    {
        if (!reference.Property.IsIndexer || reference.Arguments.Length != 1) return;
        if (!IsStorageType(reference.Property.ContainingType, out string typeName) || typeName != "StorageManagerGroup") return;
        if (reference.Arguments[0].Value.Type?.SpecialType != SpecialType.System_String) return;
        CheckQuery(reference.Arguments[0].Value, catalog, section: null, report);
    }

    /// <summary>The elements of an array creation or collection expression passed for a keys parameter.</summary>
    private static IEnumerable<IOperation> Elements(IOperation value)
    {
        value = Unwrap(value);
        if (value is IArrayCreationOperation { Initializer: { } initializer }) return initializer.ElementValues;
        if (value.Kind == OperationKind.CollectionExpression)
            return value.ChildOperations;
        return Enumerable.Empty<IOperation>();
    }

    private static IOperation Unwrap(IOperation value)
    {
        while (value is IConversionOperation conversion) value = conversion.Operand;
        return value;
    }

    private static void CheckKey(IOperation value, Lazy<KeyCatalog> catalog, string? section, Action<Diagnostic> report)
    {
        value = Unwrap(value);
        if (value.ConstantValue is not { HasValue: true, Value: string key } || key.Length == 0) return;
        if (value is IFieldReferenceOperation) return; // a constant such as NetworkParams.Keys.Score is checked by the compiler
        var keys = catalog.Value;
        if (keys.IsEmpty || IsKnown(keys, key)) return;
        if (section is not null && !keys.Sections.Contains(section)) return;
        Report(value, key, keys, replaceable: value is ILiteralOperation, report);
    }

    private static void CheckQuery(IOperation value, Lazy<KeyCatalog> catalog, string? section, Action<Diagnostic> report)
    {
        value = Unwrap(value);
        if (value.ConstantValue is not { HasValue: true, Value: string query }) return;
        var keys = catalog.Value;
        if (keys.IsEmpty) return;
        if (section is not null && !keys.Sections.Contains(section)) return;
        List<string> names;
        try
        {
            names = QueryTokenizer.Keys(query);
        }
        catch (FormatException)
        {
            return; // a query that does not tokenize is the run-time parser's to report, with its position
        }
        foreach (string key in names)
        {
            if (IsKnown(keys, key)) continue;
            bool wholeLiteral = value is ILiteralOperation && key == query;
            Report(value, key, keys, wholeLiteral, report);
        }
    }

    /// <summary>A key of a [RunParameters] type, or 'time', which every run has.</summary>
    private static bool IsKnown(KeyCatalog keys, string key) =>
        keys.Contains(key) || string.Equals(key, "time", StringComparison.OrdinalIgnoreCase);

    private static void Report(IOperation value, string key, KeyCatalog keys, bool replaceable, Action<Diagnostic> report)
    {
        // Only a near miss is reported: a key far from every typed key is a dynamic parameter of its own (a comment,
        // a flag saved beside the record), which the dynamic API exists for; warning on it would be noise.
        var nearest = keys.Nearest(key);
        if (nearest is null) return;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[SuggestedKeyProperty] = nearest.Key;
        if (replaceable) properties[ConstantProperty] = nearest.Constant;
        string hint = $"; did you mean '{nearest.Key}' ({nearest.ShortConstant})?";
        report(Diagnostic.Create(Descriptors.UnknownKey, value.Syntax.GetLocation(), properties.ToImmutable(), key, hint));
    }
}
