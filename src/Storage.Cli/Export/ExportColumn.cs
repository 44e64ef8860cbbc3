using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Export;

/// <summary>The Parquet type of an exported column.</summary>
internal enum ExportType
{
    /// <summary>Integers (int64).</summary>
    Int64,

    /// <summary>Floating point numbers, and integers mixed with them (double).</summary>
    Double,

    /// <summary>True and False.</summary>
    Bool,

    /// <summary>Text: strings, lists, dicts, integers beyond int64, and columns of mixed kinds (their config.ini text).</summary>
    String,
}

/// <summary>
/// One column of an export with the type its values share: all integers → int64; integers and floats → double
/// (when every integer is exact as a double, else string); all bools → bool; anything else, mixed kinds included
/// → string with each value's text as config.ini holds it. None and missing values are null in every type.
/// </summary>
internal sealed class ExportColumn
{
    private const double ExactLimit = 9007199254740992; // 2^53

    private ExportColumn(string name, ExportType type, IReadOnlyList<object?> values)
    {
        Name = name;
        Type = type;
        Values = values;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>The column's type.</summary>
    public ExportType Type { get; }

    /// <summary>The values, one per run (null for none).</summary>
    public IReadOnlyList<object?> Values { get; }

    /// <summary>The column with the type its values share.</summary>
    public static ExportColumn Of(string name, IReadOnlyList<object?> values)
    {
        bool integers = false, floats = false, bools = false, other = false, inexact = false;
        foreach (object? value in values)
        {
            switch (value)
            {
                case null: break;
                case int: integers = true; break;
                case long l: integers = true; inexact |= Math.Abs((double)l) > ExactLimit; break;
                case double or float: floats = true; break;
                case bool: bools = true; break;
                default: other = true; break; // strings, lists, dicts, BigInteger
            }
        }
        ExportType type = (integers, floats, bools, other) switch
        {
            (true, false, false, false) => ExportType.Int64,
            (_, true, false, false) when !inexact => ExportType.Double,
            (false, false, true, false) => ExportType.Bool,
            _ => ExportType.String,
        };
        return new ExportColumn(name, type, values);
    }

    /// <summary>The values as int64 (null for none).</summary>
    public long?[] Int64Values() => Values.Select(v => v switch { int i => i, long l => l, _ => (long?)null }).ToArray();

    /// <summary>The values as double (null for none).</summary>
    public double?[] DoubleValues() => Values.Select(v => v switch { int i => i, long l => l, double d => d, float f => f, _ => (double?)null }).ToArray();

    /// <summary>The values as bool (null for none).</summary>
    public bool?[] BoolValues() => Values.Select(v => v as bool?).ToArray();

    /// <summary>The values as text (null for none).</summary>
    public string?[] StringValues() => Values.Select(v => v is null ? null : ValueText.Display(v)).ToArray();
}
