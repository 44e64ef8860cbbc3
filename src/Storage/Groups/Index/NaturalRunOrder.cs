namespace StorageTyped.Groups.Index;

/// <summary>
/// The stable order of a group's runs: by the number after the tag (MyName2 before MyName10, the bare MyName
/// first), then by the "_k" counter PymoNNto appends to repeated runs (MyName5 before MyName5_0 before MyName5_1),
/// then by name. Numbers of any length compare by value without overflow.
/// </summary>
internal sealed class NaturalRunOrder : IComparer<string>
{
    private readonly int _prefixLength;

    /// <summary>An order for run folder names that all start with a tag of <paramref name="prefixLength"/> characters.</summary>
    public NaturalRunOrder(int prefixLength) => _prefixLength = prefixLength;

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        ReadOnlySpan<char> a = x.AsSpan(Math.Min(_prefixLength, x.Length));
        ReadOnlySpan<char> b = y.AsSpan(Math.Min(_prefixLength, y.Length));
        Split(a, out var numberA, out var counterA, out bool hasCounterA);
        Split(b, out var numberB, out var counterB, out bool hasCounterB);
        int order = CompareNumbers(numberA, numberB);
        if (order != 0) return order;
        if (hasCounterA != hasCounterB) return hasCounterA ? 1 : -1;
        order = CompareNumbers(counterA, counterB);
        return order != 0 ? order : string.CompareOrdinal(x, y);
    }

    private static void Split(ReadOnlySpan<char> suffix, out ReadOnlySpan<char> number, out ReadOnlySpan<char> counter, out bool hasCounter)
    {
        int underscore = suffix.IndexOf('_');
        hasCounter = underscore >= 0;
        number = hasCounter ? suffix[..underscore] : suffix;
        counter = hasCounter ? suffix[(underscore + 1)..] : default;
    }

    /// <summary>Digit strings by value: an empty one first, then by length without leading zeros, then digit by digit.</summary>
    private static int CompareNumbers(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.IsEmpty || b.IsEmpty) return a.IsEmpty == b.IsEmpty ? 0 : a.IsEmpty ? -1 : 1;
        ReadOnlySpan<char> trimmedA = a.TrimStart('0'), trimmedB = b.TrimStart('0');
        if (trimmedA.Length != trimmedB.Length) return trimmedA.Length < trimmedB.Length ? -1 : 1;
        int order = trimmedA.SequenceCompareTo(trimmedB);
        return order != 0 ? Math.Sign(order) : a.Length.CompareTo(b.Length);
    }
}
