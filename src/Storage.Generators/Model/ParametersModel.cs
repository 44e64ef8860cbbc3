namespace StorageTyped.Generators.Model;

/// <summary>Everything the emitter needs to write the code of one [RunParameters] type; no symbols, no syntax.</summary>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">The types the type is nested in, outermost first.</param>
/// <param name="Declaration">The partial declaration keyword(s), such as "record" or "record struct".</param>
/// <param name="Name">The type's name.</param>
/// <param name="FullName">The fully qualified name (global::…).</param>
/// <param name="Section">The INI section.</param>
/// <param name="KeysHidesInherited">A base type has a member named Keys, so the generated class needs 'new'.</param>
/// <param name="Parameters">The parameters, in declaration order.</param>
/// <param name="ConstructorArguments">The arguments the reading constructor passes to the primary constructor; empty when there is none.</param>
/// <param name="HasPrimaryConstructor">The type has a primary constructor that the reading constructor chains to.</param>
/// <param name="NeedsParameterlessConstructor">
/// The type relies on its implicit parameterless constructor, which declaring the reading constructor would remove;
/// the generator declares it instead.
/// </param>
/// <param name="ChainsToParameterless">
/// The reading constructor chains to the parameterless constructor (the type's own or the generated one), so that
/// whatever it does (a base constructor call, set-up) happens when parameters are loaded too.
/// </param>
/// <param name="GridProblem">Why the type gets no Grid(...) (reported as STG011), or null when it gets one.</param>
/// <param name="GridHidesInherited">A base type has a member named Grid, so the generated method needs 'new'.</param>
/// <param name="GridUsesWith">A point is the baseline with the varied values (records and structs); else a new instance with every parameter set (classes).</param>
internal sealed record ParametersModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string Declaration,
    string Name,
    string FullName,
    string Section,
    bool KeysHidesInherited,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<ConstructorArgumentModel> ConstructorArguments,
    bool HasPrimaryConstructor,
    bool NeedsParameterlessConstructor,
    bool ChainsToParameterless,
    string? GridProblem,
    bool GridHidesInherited,
    bool GridUsesWith)
{
    /// <summary>The generated file's name: unique per type, valid as a hint name.</summary>
    public string HintName => (FullName.StartsWith("global::", System.StringComparison.Ordinal) ? FullName.Substring(8) : FullName).Replace("@", "") + ".RunParameters.g.cs";
}

/// <summary>A type the [RunParameters] type is nested in.</summary>
internal sealed record ContainingTypeModel(string Declaration, string Name);

/// <summary>One parameter: a property and its INI key.</summary>
/// <param name="PropertyName">The C# property name.</param>
/// <param name="Key">The INI key.</param>
/// <param name="TypeName">The property's type, fully qualified, with nullable annotations.</param>
/// <param name="ElementTypeName">For collections: the element type; otherwise null.</param>
/// <param name="Shape">Scalar, array or list.</param>
/// <param name="Kind">How the value is written.</param>
/// <param name="IsNullable">Null is a value (a Nullable&lt;T&gt;, or an annotated reference type).</param>
/// <param name="ConstructorIndex">The primary constructor parameter the value goes to, or -1 when it is set in the constructor's body.</param>
/// <param name="IsRequired">A required member, or a positional parameter without a default value: a run must have the key.</param>
/// <param name="ArgumentName">The parameter's argument in Grid(...): the property name in camelCase, escaped when a keyword.</param>
internal sealed record ParameterModel(
    string PropertyName,
    string Key,
    string TypeName,
    string? ElementTypeName,
    ValueShape Shape,
    ValueKind Kind,
    bool IsNullable,
    int ConstructorIndex,
    bool IsRequired,
    string ArgumentName);

/// <summary>One argument of the primary constructor call: a parameter's value, or a fixed default.</summary>
/// <param name="ParameterIndex">Index into <see cref="ParametersModel.Parameters"/>, or -1 for an argument no parameter feeds.</param>
/// <param name="DefaultExpression">The C# expression used when the key is absent (the constructor parameter's default value, or default(T)!).</param>
internal sealed record ConstructorArgumentModel(int ParameterIndex, string DefaultExpression);

/// <summary>How a parameter's text is read.</summary>
internal enum ValueShape
{
    Scalar,
    String,
    Array,
    List,
}

/// <summary>Which ParameterText.Format overload writes a value (so that no value is widened to the wrong form).</summary>
internal enum ValueKind
{
    Bool,
    Int64,
    Double,
    Single,
    String,
    Other,
}
