namespace StorageTyped;

/// <summary>
/// Marks a partial record, record struct, class or struct as a run's parameter set. The StorageTyped source
/// generator then emits, at compile time, the code that writes it to and reads it from a run's config.ini (no
/// reflection at run time), a nested <c>Keys</c> class with the INI key of every parameter, and the
/// <see cref="IRunParameters{TSelf}"/> implementation that <see cref="StorageManager.SaveParams{T}(T, string?)"/>,
/// <see cref="StorageManager.LoadParams{T}(string?)"/> and the typed group use.
/// </summary>
/// <remarks>
/// Every public instance property with a getter and a set or init accessor (and every positional parameter of a
/// record) is a parameter. Its key is the snake_case form of its name (NumberOfNeurons → number_of_neurons), so
/// that a C# record reads runs written by Python scripts and PymoNNto; <see cref="IniKeyAttribute"/> overrides it
/// and <see cref="IgnoreParameterAttribute"/> leaves a property out. When a run lacks a key, the property keeps the
/// value of its initializer (or the positional parameter's default value).
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class RunParametersAttribute : Attribute
{
    /// <summary>The config.ini section that holds the parameters; "Parameters" (PymoNNto's section) by default.</summary>
    public string Section { get; set; } = ConfigFile.DefaultSection;
}
