namespace StorageTyped;

/// <summary>A parameter whose value differs between the runs of a sweep (<see cref="SweepSchema.Varying"/>).</summary>
public sealed class SweepAxis
{
    internal SweepAxis(string key, IReadOnlyList<object?> values, IReadOnlyList<string> types, int runsWithout)
    {
        Key = key;
        Values = values;
        Types = types;
        RunsWithout = runsWithout;
    }

    /// <summary>The parameter's key.</summary>
    public string Key { get; }

    /// <summary>
    /// Its distinct values, sorted in the group's order: numbers ascending (1 and 1.0 are one value), NaN, strings,
    /// None, then lists and dicts by their text.
    /// </summary>
    public IReadOnlyList<object?> Values { get; }

    /// <summary>The Python type names of the values, in the order above: int, float, bool, str, NoneType, list, tuple, dict, set.</summary>
    public IReadOnlyList<string> Types { get; }

    /// <summary>How many runs lack the parameter (a parameter added to a sweep later, say).</summary>
    public int RunsWithout { get; }

    /// <summary>The key and its values.</summary>
    public override string ToString() =>
        $"{Key} ({string.Join(", ", Types)}): {string.Join(", ", Values.Select(Groups.Query.ValueComparison.Describe))}" + (RunsWithout > 0 ? $"; {RunsWithout} runs without it" : "");
}
