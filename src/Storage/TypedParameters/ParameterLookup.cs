using StorageTyped.Parameters;

namespace StorageTyped.TypedParameters;

/// <summary>What a run holds for one key: nothing, its text, or (from the group's index) a number already parsed.</summary>
internal enum ParameterCellKind : byte
{
    Missing,
    Text,
    Integer,
    Double,
}

/// <summary>One key's value as a <see cref="ParameterLookup"/> has it: a kind, the bits of a number, or the exact text.</summary>
internal readonly record struct ParameterCell(ParameterCellKind Kind, long Bits, string? Text)
{
    public static ParameterCell Missing => default;

    public static ParameterCell FromText(string? text) => text is null ? default : new ParameterCell(ParameterCellKind.Text, 0, text);
}

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

/// <summary>A run's config.ini, read once.</summary>
internal sealed class DocumentLookup(string runPath, IniDocument document) : ParameterLookup
{
    public override string RunPath => runPath;

    public override ParameterCell Find(string section, string key) => ParameterCell.FromText(document.Get(section, key));

    public override string? ExactText(string section, string key) => document.Get(section, key);
}
