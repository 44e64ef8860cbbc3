namespace StorageTyped;

/// <summary>
/// What the StorageTyped source generator implements for every <see cref="RunParametersAttribute"/> type: reading
/// the type from a config.ini section and writing it to one, without reflection. User code does not implement it
/// by hand; it calls <see cref="StorageManager.SaveParams{T}(T, string?)"/>, <see cref="StorageManager.LoadParams{T}(string?)"/>
/// or the typed group.
/// </summary>
/// <typeparam name="TSelf">The parameter type itself.</typeparam>
public interface IRunParameters<TSelf> where TSelf : IRunParameters<TSelf>
{
    /// <summary>The config.ini section the parameters live in (<see cref="RunParametersAttribute.Section"/>).</summary>
    static abstract string Section { get; }

    /// <summary>The INI keys of the parameters, in declaration order.</summary>
    static abstract IReadOnlyList<string> ParameterKeys { get; }

    /// <summary>
    /// Reads the parameters from one section of a run. A key the section lacks leaves the property at its
    /// initializer's value (or the positional parameter's default).
    /// </summary>
    /// <exception cref="FormatException">A value does not convert; the message names run, section, key, text and type.</exception>
    static abstract TSelf ReadParameters(ParameterSource source);

    /// <summary>Writes every parameter's text (as <see cref="ParameterText.Format(object?)"/> writes it) to <paramref name="writer"/>.</summary>
    static abstract void WriteParameters(TSelf parameters, ParameterWriter writer);
}
