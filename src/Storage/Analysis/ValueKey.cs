using StorageTyped.Groups.Query;

namespace StorageTyped.Analysis;

/// <summary>
/// A parameter value as a dictionary key with the group's notion of equality (<see cref="ValueComparison.Order"/>):
/// numbers by value (1 and 1.0 are one value), NaN equal to NaN, strings ordinally, None, lists and dicts by their
/// text. <see cref="Absent"/> stands for a run that lacks the parameter.
/// </summary>
internal readonly struct ValueKey : IEquatable<ValueKey>, IComparable<ValueKey>
{
    private readonly ValueComparison.Key _key;

    public ValueKey(object? value)
    {
        _key = new ValueComparison.Key(value);
        IsAbsent = false;
    }

    private ValueKey(bool absent)
    {
        _key = default;
        IsAbsent = absent;
    }

    /// <summary>The key of a run that lacks the parameter; equal only to itself, ordered after every value.</summary>
    public static ValueKey Absent { get; } = new(absent: true);

    public bool IsAbsent { get; }

    /// <summary>The value the key was made from.</summary>
    public object? Value => _key.Value;

    public bool Equals(ValueKey other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is ValueKey other && Equals(other);

    public override int GetHashCode()
    {
        if (IsAbsent) return -1;
        return _key.Kind switch
        {
            ValueComparison.KeyKind.Number => _key.Number == 0 ? 0 : _key.Number.GetHashCode(),
            ValueComparison.KeyKind.Text or ValueComparison.KeyKind.Other => StringComparer.Ordinal.GetHashCode(_key.Text ?? ""),
            ValueComparison.KeyKind.NaN => 1,
            _ => 2,
        };
    }

    /// <summary>The group's sort order, absent last.</summary>
    public int CompareTo(ValueKey other)
    {
        if (IsAbsent || other.IsAbsent) return IsAbsent.CompareTo(other.IsAbsent);
        return ValueComparison.Order(_key, other._key);
    }

    /// <summary>Keys of several parameters compared one after the other (a cell of a sweep).</summary>
    public sealed class SequenceComparer : IEqualityComparer<ValueKey[]>, IComparer<ValueKey[]>
    {
        public static SequenceComparer Instance { get; } = new();

        public bool Equals(ValueKey[]? x, ValueKey[]? y) => Compare(x, y) == 0;

        public int GetHashCode(ValueKey[] keys)
        {
            var hash = new HashCode();
            foreach (var key in keys) hash.Add(key.GetHashCode());
            return hash.ToHashCode();
        }

        public int Compare(ValueKey[]? x, ValueKey[]? y)
        {
            if (x is null || y is null) return (x is null).CompareTo(y is null);
            for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            {
                int order = x[i].CompareTo(y[i]);
                if (order != 0) return order;
            }
            return x.Length.CompareTo(y.Length);
        }
    }
}
