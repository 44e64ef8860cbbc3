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
