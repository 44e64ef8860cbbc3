namespace StorageTyped;

/// <summary>
/// Which parameters of a group's runs vary and which are the same in every run
/// (<see cref="StorageManagerGroup.DetectSchema"/>, signac's detect_schema). Found in one pass over the runs.
/// </summary>
public sealed class SweepSchema
{
    internal SweepSchema(int runCount, IReadOnlyDictionary<string, SweepAxis> varying, IReadOnlyDictionary<string, object?> constant)
    {
        RunCount = runCount;
        Varying = varying;
        Constant = constant;
    }

    /// <summary>How many runs the schema was read from.</summary>
    public int RunCount { get; }

    /// <summary>
    /// The parameters with more than one value, or that some runs lack: key → its sorted distinct values and their
    /// types, in order of first appearance. Keys are case-insensitive.
    /// </summary>
    public IReadOnlyDictionary<string, SweepAxis> Varying { get; }

    /// <summary>The parameters every run has with the same value: key → value. Keys are case-insensitive.</summary>
    public IReadOnlyDictionary<string, object?> Constant { get; }

    /// <summary>The varying parameters with their values, then the constant ones.</summary>
    public override string ToString() =>
        $"{RunCount} runs; varying: {string.Join("; ", Varying.Values)}; constant: {string.Join(", ", Constant.Select(entry => $"{entry.Key} = {Groups.Query.ValueComparison.Describe(entry.Value)}"))}";
}
