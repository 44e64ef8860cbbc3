using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StorageTyped.Generators;

/// <summary>
/// Finds the parameters of a [RunParameters] type from its symbol: which properties are parameters, their INI keys,
/// and how they reach the type's primary constructor. Shared by the generator and the STG004 analyzer, so that both
/// see the same keys.
/// </summary>
internal static class ParameterDiscovery
{
    public const string RunParametersAttributeName = "StorageTyped.RunParametersAttribute";
    public const string IniKeyAttributeName = "StorageTyped.IniKeyAttribute";
    public const string IgnoreParameterAttributeName = "StorageTyped.IgnoreParameterAttribute";
    public const string DefaultSection = "Parameters";

    /// <summary>One parameter candidate: a settable public property (or a positional parameter) of the type.</summary>
    public sealed class Candidate
    {
        public Candidate(IPropertySymbol? property, IParameterSymbol? constructorParameter, string name, ITypeSymbol type, string key, AttributeData? keyAttribute, bool ignored)
        {
            Property = property;
            ConstructorParameter = constructorParameter;
            Name = name;
            Type = type;
            Key = key;
            KeyAttribute = keyAttribute;
            Ignored = ignored;
        }

        public IPropertySymbol? Property { get; }

        /// <summary>The primary constructor parameter that sets the property (positional records), or null.</summary>
        public IParameterSymbol? ConstructorParameter { get; }

        public string Name { get; }

        public ITypeSymbol Type { get; }

        public string Key { get; }

        /// <summary>The [IniKey] attribute that gave the key, or null for the snake_case default.</summary>
        public AttributeData? KeyAttribute { get; }

        public bool Ignored { get; }

        public Location? Location => (Property?.Locations.FirstOrDefault() ?? ConstructorParameter?.Locations.FirstOrDefault());

        /// <summary>Where a key problem is best shown: the [IniKey] argument when there is one, else the property.</summary>
        public Location? KeyLocation => KeyAttribute?.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? Location;
    }

    /// <summary>True when <paramref name="type"/> carries [RunParameters].</summary>
    public static bool HasRunParameters(INamedTypeSymbol type) => FindAttribute(type, RunParametersAttributeName) is not null;

    /// <summary>The section named in [RunParameters(Section = …)], or "Parameters".</summary>
    public static string SectionOf(AttributeData attribute)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Section" && argument.Value.Value is string section) return section;
        }
        return DefaultSection;
    }

    /// <summary>The type's primary constructor (positional record, or C# 12 primary constructor), or null.</summary>
    public static IMethodSymbol? PrimaryConstructor(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: not null }) return constructor;
            }
        }
        return null;
    }

    /// <summary>
    /// The parameter candidates in declaration order: inherited properties first (most basic type first), then
    /// the type's own positional parameters and properties. Ignored candidates are included, marked.
    /// </summary>
    public static ImmutableArray<Candidate> Discover(INamedTypeSymbol type, Compilation compilation, IMethodSymbol? primaryConstructor, CancellationToken cancellationToken)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
            chain.Insert(0, current);

        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<Candidate?>();
        foreach (var declaring in chain)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool own = SymbolEqualityComparer.Default.Equals(declaring, type);
            foreach (var member in declaring.GetMembers())
            {
                if (member is not IPropertySymbol property || property.IsStatic || property.IsIndexer) continue;
                if (property.DeclaredAccessibility != Accessibility.Public || property.GetMethod is null
                    || property.GetMethod.DeclaredAccessibility != Accessibility.Public)
                    continue;
                IParameterSymbol? positional = own ? MatchingParameter(primaryConstructor, property) : null;
                bool settable = property.SetMethod is { } setter
                    && (own || compilation.IsSymbolAccessibleWithin(setter, type, type));
                if (!settable && positional is null)
                {
                    // A property that can no longer be set (overridden without a setter) is not a parameter any more.
                    if (byName.TryGetValue(property.Name, out int hidden)) candidates[hidden] = null;
                    continue;
                }
                var candidate = CreateCandidate(property, positional);
                if (byName.TryGetValue(property.Name, out int index))
                {
                    candidates[index] = candidate; // an override or a 'new' property replaces the inherited one in place
                }
                else
                {
                    byName[property.Name] = candidates.Count;
                    candidates.Add(candidate);
                }
            }
        }
        return candidates.Where(c => c is not null).Select(c => c!).ToImmutableArray();
    }

    private static IParameterSymbol? MatchingParameter(IMethodSymbol? primaryConstructor, IPropertySymbol property)
    {
        if (primaryConstructor is null || !property.ContainingType.IsRecord) return null;
        foreach (var parameter in primaryConstructor.Parameters)
        {
            if (parameter.Name == property.Name) return parameter;
        }
        return null;
    }

    private static Candidate CreateCandidate(IPropertySymbol property, IParameterSymbol? positional)
    {
        AttributeData? keyAttribute = FindAttribute(property, IniKeyAttributeName) ?? (positional is null ? null : FindAttribute(positional, IniKeyAttributeName));
        bool ignored = FindAttribute(property, IgnoreParameterAttributeName) is not null
            || (positional is not null && FindAttribute(positional, IgnoreParameterAttributeName) is not null);
        string key = keyAttribute is { ConstructorArguments.Length: 1 } && keyAttribute.ConstructorArguments[0].Value is string explicitKey
            ? explicitKey
            : KeyNaming.ToSnakeCase(property.Name);
        return new Candidate(property, positional, property.Name, property.Type, key, keyAttribute, ignored);
    }

    /// <summary>Finds an attribute by full name (StorageTyped.Name) on a symbol, without building display strings.</summary>
    public static AttributeData? FindAttribute(ISymbol symbol, string fullName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } type && IsStorageTypedType(type, fullName)) return attribute;
        }
        return null;
    }

    private static bool IsStorageTypedType(INamedTypeSymbol type, string fullName) =>
        fullName.Length == "StorageTyped.".Length + type.Name.Length
        && fullName.EndsWith(type.Name, StringComparison.Ordinal)
        && type.ContainingType is null
        && type.ContainingNamespace is { Name: "StorageTyped", ContainingNamespace.IsGlobalNamespace: true };

    /// <summary>True when every declaration of <paramref name="type"/> carries the partial modifier.</summary>
    public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                return false;
        }
        return true;
    }
}
