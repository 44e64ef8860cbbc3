using StorageTyped.Parameters;

namespace StorageTyped.TypedParameters;

/// <summary>
/// Where a <see cref="ParameterSource"/> finds values: a run's config.ini read once (<see cref="DocumentLookup"/>),
/// or the group's index, which keeps numbers parsed. Numbers from the index let typed loading skip the text for
/// number properties; every other conversion goes through <see cref="ParameterText"/> with the exact text.
/// </summary>
internal abstract class ParameterLookup
{
    /// <summary>The run folder (named in errors).</summary>
    public abstract string RunPath { get; }

    /// <summary>The value of <paramref name="key"/> in <paramref name="section"/> (case-insensitive key, DEFAULT fallback, interpolation).</summary>
    public abstract ParameterCell Find(string section, string key);

    /// <summary>The exact text configparser's get() gives, for a key <see cref="Find"/> returned as a number.</summary>
    public abstract string? ExactText(string section, string key);
}
