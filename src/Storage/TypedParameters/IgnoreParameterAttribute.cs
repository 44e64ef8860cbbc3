namespace StorageTyped;

/// <summary>
/// Leaves a property of a <see cref="RunParametersAttribute"/> type out of its parameters: it is neither written to
/// nor read from config.ini, and keeps its initializer's value when parameters are loaded.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class IgnoreParameterAttribute : Attribute
{
}
