using System.Collections;
using System.Numerics;
using StorageTyped.Groups.Index;

namespace StorageTyped.Analysis;

/// <summary>
/// Collects the values of every parameter over the runs, one hash set per key, so that the schema costs one pass
/// over the runs (signac's detect_schema was once quadratic and took hours at 17,400 jobs); only the distinct values
/// are sorted at the end.
/// </summary>
internal sealed class SchemaBuilder
{
    private static readonly string[] TypeOrder = ["bool", "int", "float", "str", "NoneType", "list", "tuple", "dict", "set"];

    private readonly Dictionary<string, KeyValues> _keys = new(StringComparer.OrdinalIgnoreCase);

    private sealed class KeyValues(string key)
    {
        public string Key { get; } = key;

        public Dictionary<ValueKey, object?> Distinct { get; } = new();

        public HashSet<string> Types { get; } = new(StringComparer.Ordinal);

        public int Present { get; set; }
    }

    /// <summary>Makes <paramref name="key"/> known (in this order), even if no run has a value for it.</summary>
    public void Declare(string key)
    {
        if (!_keys.ContainsKey(key)) _keys.Add(key, new KeyValues(key));
    }

    /// <summary>Records that a run has <paramref name="value"/> for <paramref name="key"/>.</summary>
    public void Add(string key, object? value)
    {
        if (!_keys.TryGetValue(key, out KeyValues? values)) _keys.Add(key, values = new KeyValues(key));
        values.Present++;
        var valueKey = new ValueKey(value);
        values.Distinct.TryAdd(valueKey, value);
        values.Types.Add(PythonTypeName(value)); // 100 and 100.0 are one value of two types
    }

    /// <summary>
    /// Records a stored column's cells for the runs of <paramref name="order"/>, reading kinds and bits directly: a
    /// value is made (and a list parsed) only the first time it is seen, so 100,000 runs cost a pass over two arrays.
    /// </summary>
    public void AddColumn(string key, Column column, int[] order)
    {
        if (!_keys.TryGetValue(key, out KeyValues? values)) _keys.Add(key, values = new KeyValues(key));
        const double ExactLimit = 9007199254740992; // 2^53: integers above it are not told apart as doubles
        var seenNumbers = new HashSet<double>();
        var seenTexts = new HashSet<string>(StringComparer.Ordinal);
        var seenLiterals = new HashSet<string>(StringComparer.Ordinal);
        CellKind[] kinds = column.Kinds;
        long[] bits = column.Bits;
        foreach (int run in order)
        {
            CellKind kind = kinds[run];
            bool first;
            switch (kind)
            {
                case CellKind.Missing:
                    continue;
                case CellKind.Integer when Math.Abs((double)bits[run]) < ExactLimit:
                    first = seenNumbers.Add(bits[run]);
                    values.Types.Add("int");
                    break;
                case CellKind.Double:
                    double d = BitConverter.Int64BitsToDouble(bits[run]);
                    first = seenNumbers.Add(d == 0 ? 0 : d); // -0.0 is 0.0; HashSet<double> holds NaN once
                    values.Types.Add("float");
                    break;
                case CellKind.True or CellKind.False:
                    first = seenNumbers.Add(kind == CellKind.True ? 1 : 0);
                    values.Types.Add("bool");
                    break;
                case CellKind.Text:
                    first = seenTexts.Add((string)column.Objects![run]!);
                    values.Types.Add("str");
                    break;
                case CellKind.Literal:
                    first = seenLiterals.Add(((CellValue.Literal)column.Objects![run]!).Text);
                    break;
                default: // None, integers beyond 2^53
                    first = true;
                    break;
            }
            if (first)
            {
                object? value = CellValue.Materialize(column[run]);
                values.Distinct.TryAdd(new ValueKey(value), value);
                values.Types.Add(PythonTypeName(value));
            }
            values.Present++;
        }
    }

    /// <summary>The schema of <paramref name="runCount"/> runs: varying keys (more than one value, or lacking in some runs) and constant ones.</summary>
    public SweepSchema Build(int runCount)
    {
        var varying = new Dictionary<string, SweepAxis>(StringComparer.OrdinalIgnoreCase);
        var constant = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValues values in _keys.Values)
        {
            if (values.Present == 0) continue;
            if (values.Distinct.Count == 1 && values.Present == runCount)
            {
                constant.Add(values.Key, values.Distinct.Values.First());
                continue;
            }
            var sorted = values.Distinct.Keys.ToArray();
            Array.Sort(sorted);
            var types = values.Types.OrderBy(TypeRank).ThenBy(type => type, StringComparer.Ordinal).ToArray();
            varying.Add(values.Key, new SweepAxis(values.Key, Array.AsReadOnly(Array.ConvertAll(sorted, key => values.Distinct[key])), types, runCount - values.Present));
        }
        return new SweepSchema(runCount, varying.AsReadOnly(), constant.AsReadOnly());
    }

    private static int TypeRank(string type)
    {
        int rank = Array.IndexOf(TypeOrder, type);
        return rank < 0 ? TypeOrder.Length : rank;
    }

    /// <summary>The name of Python's type for a value as the library reads it (an int[] is a list, and so on).</summary>
    public static string PythonTypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger or Int128 or UInt128 or nint or nuint => "int",
        float or double or Half or decimal => "float",
        string or char => "str",
        IDictionary => "dict",
        Array or IList => "list",
        Enum => "str",
        _ => value.GetType().Name,
    };
}
