namespace StorageTyped;

/// <summary>
/// Gives a parameter of a <see cref="RunParametersAttribute"/> type its own INI key instead of the snake_case form of
/// its name. On a positional record parameter it applies to the property the parameter declares.
/// </summary>
/// <remarks>
/// The key follows the same rules as every key of a run (no path separators, '=' or ':', no white space at the
/// ends, at most 200 UTF-8 bytes …); a key that breaks them is a compile-time error (STG006).
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class IniKeyAttribute : Attribute
{
    /// <summary>Maps the property to the INI key <paramref name="name"/>.</summary>
    /// <param name="name">The key as it stands in config.ini (matched case-insensitively, as configparser does).</param>
    public IniKeyAttribute(string name) => Name = name;

    /// <summary>The INI key.</summary>
    public string Name { get; }
}
