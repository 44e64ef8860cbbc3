using Microsoft.CodeAnalysis;
using StorageTyped.Generators.Model;

namespace StorageTyped.Generators;

/// <summary>Which property types a parameter can have, and how each is read and written.</summary>
internal static class TypeSupport
{
    /// <summary>Fully qualified names with nullable annotations (int?, string?, global::Ns.Mode[]?).</summary>
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>How a supported type is read and written.</summary>
    public readonly struct Classification
    {
        public Classification(ValueShape shape, ValueKind kind, bool isNullable, string? elementTypeName)
        {
            Shape = shape;
            Kind = kind;
            IsNullable = isNullable;
            ElementTypeName = elementTypeName;
        }

        public ValueShape Shape { get; }

        public ValueKind Kind { get; }

        public bool IsNullable { get; }

        public string? ElementTypeName { get; }
    }

    /// <summary>Classifies <paramref name="type"/>; false when a parameter cannot have it.</summary>
    public static bool TryClassify(ITypeSymbol type, out Classification classification)
    {
        classification = default;
        bool annotated = type.NullableAnnotation == NullableAnnotation.Annotated;
        if (type.SpecialType == SpecialType.System_String)
        {
            classification = new Classification(ValueShape.String, ValueKind.String, annotated, null);
            return true;
        }
        if (IsNullableValue(type, out var underlying))
        {
            if (!TryScalarKind(underlying!, out var kind)) return false;
            classification = new Classification(ValueShape.Scalar, kind, true, null);
            return true;
        }
        if (TryScalarKind(type, out var scalarKind))
        {
            classification = new Classification(ValueShape.Scalar, scalarKind, false, null);
            return true;
        }
        if (type is IArrayTypeSymbol { IsSZArray: true } array && IsElementType(array.ElementType))
        {
            classification = new Classification(ValueShape.Array, ValueKind.Other, annotated, array.ElementType.ToDisplayString(TypeFormat));
            return true;
        }
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic && IsElementType(generic.TypeArguments[0]))
        {
            ValueShape? shape = generic.OriginalDefinition.SpecialType switch
            {
                SpecialType.System_Collections_Generic_IList_T or SpecialType.System_Collections_Generic_ICollection_T => ValueShape.List,
                SpecialType.System_Collections_Generic_IReadOnlyList_T or SpecialType.System_Collections_Generic_IReadOnlyCollection_T
                    or SpecialType.System_Collections_Generic_IEnumerable_T => ValueShape.Array,
                _ => IsSystemType(generic, "List", "System", "Collections", "Generic") ? ValueShape.List : null,
            };
            if (shape is null) return false;
            classification = new Classification(shape.Value, ValueKind.Other, annotated, generic.TypeArguments[0].ToDisplayString(TypeFormat));
            return true;
        }
        return false;
    }

    private static bool IsElementType(ITypeSymbol element)
    {
        if (element.SpecialType == SpecialType.System_String) return true;
        if (IsNullableValue(element, out var underlying)) return TryScalarKind(underlying!, out _);
        return TryScalarKind(element, out _);
    }

    private static bool IsNullableValue(ITypeSymbol type, out ITypeSymbol? underlying)
    {
        underlying = null;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            underlying = nullable.TypeArguments[0];
            return true;
        }
        return false;
    }

    /// <summary>A value type with a text form in the shared codec, and the Format overload that writes it.</summary>
    private static bool TryScalarKind(ITypeSymbol type, out ValueKind kind)
    {
        kind = ValueKind.Other;
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
                kind = ValueKind.Bool;
                return true;
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_IntPtr:
                kind = ValueKind.Int64;
                return true;
            case SpecialType.System_UInt64:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_Decimal:
            case SpecialType.System_Char:
            case SpecialType.System_DateTime:
                return true;
            case SpecialType.System_Double:
                kind = ValueKind.Double;
                return true;
            case SpecialType.System_Single:
                kind = ValueKind.Single;
                return true;
        }
        if (type.TypeKind == TypeKind.Enum) return true;
        return type.Name switch
        {
            "Half" or "Int128" or "UInt128" or "DateTimeOffset" or "TimeSpan" or "Guid" => IsSystemType(type, type.Name, "System"),
            "BigInteger" => IsSystemType(type, "BigInteger", "System", "Numerics"),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="type"/> is the top-level type <paramref name="name"/> in the namespace given part by part.</summary>
    private static bool IsSystemType(ITypeSymbol type, string name, params string[] namespaceParts)
    {
        if (type.Name != name || type.ContainingType is not null) return false;
        INamespaceSymbol? current = type.ContainingNamespace;
        for (int i = namespaceParts.Length - 1; i >= 0; i--)
        {
            if (current is null || current.Name != namespaceParts[i]) return false;
            current = current.ContainingNamespace;
        }
        return current is { IsGlobalNamespace: true };
    }
}
