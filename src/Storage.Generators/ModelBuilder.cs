using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StorageTyped.Generators.Model;
using StorageTyped.Rules;

namespace StorageTyped.Generators;

/// <summary>
/// Turns one [RunParameters] type (symbol and syntax) into the equatable model the emitter writes from, and the
/// diagnostics its declaration deserves. Runs in the generator's transform step; nothing it returns holds a symbol.
/// </summary>
internal static class ModelBuilder
{
    /// <summary>The model (null when no code can be generated) and the diagnostics.</summary>
    public sealed record Result(ParametersModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

    public static Result Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        Location identifier = declaration.Identifier.GetLocation();
        var model = Build(type, declaration, identifier, context.Attributes[0], context.SemanticModel.Compilation, diagnostics, cancellationToken);
        return new Result(model, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    private static ParametersModel? Build(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Location identifier, AttributeData attribute,
        Compilation compilation, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        string display = type.ToDisplayString();

        // The shape of the type: the generated constructor must be able to create it.
        string? shapeProblem = ShapeProblem(type);
        if (shapeProblem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedTypeShape, identifier, display, shapeProblem));
            return null;
        }

        bool partial = true;
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.NotPartial, identifier, type.Name));
            partial = false;
        }
        var containing = ContainingTypes(type, identifier, diagnostics, cancellationToken, ref partial);

        var primaryConstructor = ParameterDiscovery.PrimaryConstructor(type, cancellationToken);
        var candidates = ParameterDiscovery.Discover(type, compilation, primaryConstructor, cancellationToken);
        if (type.GetMembers("Keys").Length > 0 || candidates.Any(c => c.Name == "Keys" && !c.Ignored))
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.KeysConflict, identifier, type.Name));
            partial = false;
        }

        string section = ParameterDiscovery.SectionOf(attribute);
        string? sectionProblem = RunKey.FindSectionProblem(section);
        if (sectionProblem is not null)
        {
            var sectionLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? identifier;
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidSection, sectionLocation, section, sectionProblem));
            partial = false;
        }

        var parameters = ParameterModels(candidates, section, diagnostics, out var parameterOfConstructorArgument);

        if (!candidates.Any(c => !c.Ignored))
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.NoParameters, identifier, type.Name));

        bool needsParameterless = primaryConstructor is null && NeedsParameterlessConstructor(type);
        bool hasParameterless = type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && !c.IsImplicitlyDeclared);
        if (primaryConstructor is null && !needsParameterless && !hasParameterless && !BaseHasParameterlessConstructor(type, compilation))
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedTypeShape, identifier, display,
                "the generated constructor that loads parameters needs a parameterless constructor to chain to; declare one (it may be private)"));
            return null;
        }

        if (!partial) return null;

        string? gridProblem = GridProblem(type, candidates, parameters);
        if (gridProblem is not null)
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.NoGrid, identifier, type.Name, gridProblem));

        var arguments = new List<ConstructorArgumentModel>();
        if (primaryConstructor is not null)
        {
            foreach (var parameter in primaryConstructor.Parameters)
            {
                int parameterIndex = parameterOfConstructorArgument.TryGetValue(parameter.Ordinal, out int index) ? index : -1;
                arguments.Add(new ConstructorArgumentModel(parameterIndex, DefaultExpression(parameter)));
            }
        }

        return new ParametersModel(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Substring("global::".Length),
            new EquatableArray<ContainingTypeModel>(containing.ToArray()),
            DeclarationKeyword(type),
            EscapedName(type),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            section,
            KeysHidesInherited(type),
            new EquatableArray<ParameterModel>(parameters.ToArray()),
            new EquatableArray<ConstructorArgumentModel>(arguments.ToArray()),
            primaryConstructor is not null,
            needsParameterless,
            primaryConstructor is null && (needsParameterless || hasParameterless),
            gridProblem,
            GridHidesInherited(type),
            type.IsRecord || type.TypeKind == TypeKind.Struct);
    }

    /// <summary>Why the type cannot get a Grid(...), or null: a member of its own named Grid, argument names that collide, or a required member that is no parameter.</summary>
    private static string? GridProblem(INamedTypeSymbol type, System.Collections.Immutable.ImmutableArray<ParameterDiscovery.Candidate> candidates, List<ParameterModel> parameters)
    {
        if (type.GetMembers("Grid").Length > 0)
            return "it declares a member named 'Grid'; rename that member to get the generated one";
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["baseline"] = "the baseline argument" };
        foreach (var parameter in parameters)
        {
            string name = parameter.ArgumentName.TrimStart('@');
            if (names.TryGetValue(name, out string? other))
                return $"the argument name '{name}' of property '{parameter.PropertyName}' is taken by {(other.StartsWith("the ", StringComparison.Ordinal) ? other : "property '" + other + "'")}; rename one of them";
            names.Add(name, parameter.PropertyName);
        }
        foreach (var candidate in candidates)
        {
            if (candidate.Property is { IsRequired: true } && !parameters.Any(p => p.PropertyName == candidate.Name))
                return $"the required member '{candidate.Name}' is not a parameter, so a point cannot be made without a value for it; make it a parameter or not required";
        }
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true } && !candidates.Any(c => c.Name == member.Name))
                    return $"the required member '{member.Name}' is not a parameter, so a point cannot be made without a value for it; make it a parameter or not required";
            }
        }
        return null;
    }

    /// <summary>The types that contain <paramref name="type"/>, outermost first; one that is not partial is STG001 and clears <paramref name="partial"/>.</summary>
    private static List<ContainingTypeModel> ContainingTypes(INamedTypeSymbol type, Location identifier, List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken, ref bool partial)
    {
        var containing = new List<ContainingTypeModel>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!ParameterDiscovery.IsPartial(outer, cancellationToken))
            {
                var outerSyntax = outer.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as TypeDeclarationSyntax;
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.NotPartial, outerSyntax?.Identifier.GetLocation() ?? identifier, outer.Name));
                partial = false;
            }
            containing.Insert(0, new ContainingTypeModel(DeclarationKeyword(outer), EscapedName(outer)));
        }
        return containing;
    }

    /// <summary>
    /// The parameters that can be stored, in declaration order; each candidate with an unsupported type, an invalid
    /// or a duplicate key is reported and left out. <paramref name="parameterOfConstructorArgument"/> maps a primary
    /// constructor parameter's position to its parameter's index.
    /// </summary>
    private static List<ParameterModel> ParameterModels(ImmutableArray<ParameterDiscovery.Candidate> candidates, string section, List<DiagnosticInfo> diagnostics,
        out Dictionary<int, int> parameterOfConstructorArgument)
    {
        var parameters = new List<ParameterModel>();
        parameterOfConstructorArgument = new Dictionary<int, int>();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (candidate.Ignored) continue;
            if (!TypeSupport.TryClassify(candidate.Type, out var classification))
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedType, candidate.Location, candidate.Name, candidate.Type.ToDisplayString()));
                continue;
            }
            string? keyProblem = RunKey.FindProblem(candidate.Key);
            if (keyProblem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidKey, candidate.KeyLocation, candidate.Name, keyProblem));
                continue;
            }
            string normalized = candidate.Key.ToLowerInvariant();
            if (keys.TryGetValue(normalized, out string? earlier))
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.DuplicateKey, candidate.KeyLocation, earlier, candidate.Name, candidate.Key));
                continue;
            }
            keys.Add(normalized, candidate.Name);
            if (normalized == "time" && section == ParameterDiscovery.DefaultSection)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.ReservedKey, candidate.KeyLocation, candidate.Name));

            int constructorIndex = candidate.ConstructorParameter?.Ordinal ?? -1;
            if (constructorIndex >= 0) parameterOfConstructorArgument[constructorIndex] = parameters.Count;
            parameters.Add(new ParameterModel(
                candidate.Name,
                candidate.Key,
                candidate.Type.ToDisplayString(TypeSupport.TypeFormat),
                classification.ElementTypeName,
                classification.Shape,
                classification.Kind,
                classification.IsNullable,
                constructorIndex,
                candidate.Property?.IsRequired == true || candidate.ConstructorParameter is { HasExplicitDefaultValue: false },
                ArgumentNaming.Escape(ArgumentNaming.ToCamelCase(candidate.Name))));
        }
        return parameters;
    }

    /// <summary>Whether an implicit base() call from a new constructor would compile.</summary>
    private static bool BaseHasParameterlessConstructor(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.TypeKind == TypeKind.Struct || type.BaseType is null) return true;
        return type.BaseType.InstanceConstructors.Any(c =>
            (c.Parameters.Length == 0 || c.Parameters.All(p => p.IsOptional || p.IsParams)) && compilation.IsSymbolAccessibleWithin(c, type));
    }

    /// <summary>
    /// A class whose constructors are all implicit (declaring any constructor would remove its parameterless one), or
    /// a struct without a parameterless constructor of its own (so that new S() runs the initializers, as loading does).
    /// </summary>
    private static bool NeedsParameterlessConstructor(INamedTypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Struct)
            return !type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && !c.IsImplicitlyDeclared);
        return type.InstanceConstructors.All(c => c.IsImplicitlyDeclared);
    }

    private static string? ShapeProblem(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType) return "generic types are not supported; declare a non-generic parameter type";
        }
        if (type.IsAbstract) return "an abstract type cannot be created when parameters are loaded";
        if (type.IsRefLikeType) return "a ref struct cannot be a parameter type";
        if (type.IsStatic) return "a static class has no instances";
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return "only records, record structs, classes and structs can hold parameters";
        if (type.IsFileLocal) return "a file-local type cannot be extended from a generated file";
        return null;
    }

    /// <summary>The type's name as an identifier (a keyword name gets its '@').</summary>
    private static string EscapedName(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static string DeclarationKeyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static bool KeysHidesInherited(INamedTypeSymbol type) => MemberHidesInherited(type, "Keys");

    /// <summary>
    /// True when a base type has a member named Grid that is not a method: a property, field or nested type is hidden by
    /// the generated method. An inherited Grid method (a base [RunParameters] type's) has other parameters and is an
    /// overload, which the derived type's own Grid wins over in overload resolution.
    /// </summary>
    private static bool GridHidesInherited(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.GetMembers("Grid").Any(member => member is not IMethodSymbol)) return true;
        }
        return false;
    }

    /// <summary>True when a base type has a member named <paramref name="name"/>, or is a [RunParameters] type (which gets one generated).</summary>
    private static bool MemberHidesInherited(INamedTypeSymbol type, string name)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.GetMembers(name).Length > 0 || ParameterDiscovery.HasRunParameters(current)) return true;
        }
        return false;
    }

    /// <summary>The C# expression of a constructor parameter's default value (default(T)! when it has none).</summary>
    private static string DefaultExpression(IParameterSymbol parameter)
    {
        string typeName = parameter.Type.ToDisplayString(TypeSupport.TypeFormat);
        if (!parameter.HasExplicitDefaultValue || parameter.ExplicitDefaultValue is null) return "default(" + typeName + ")!";
        object value = parameter.ExplicitDefaultValue;
        string literal = value switch
        {
            bool b => b ? "true" : "false",
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            double d => DoubleLiteral(d),
            float f => FloatLiteral(f),
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default",
        };
        return "(" + typeName + ")(" + literal + ")";
    }

    private static string DoubleLiteral(double d)
    {
        if (double.IsNaN(d)) return "double.NaN";
        if (double.IsPositiveInfinity(d)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(d)) return "double.NegativeInfinity";
        return d.ToString("R", CultureInfo.InvariantCulture) + "D";
    }

    private static string FloatLiteral(float f)
    {
        if (float.IsNaN(f)) return "float.NaN";
        if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
        return f.ToString("R", CultureInfo.InvariantCulture) + "F";
    }
}
