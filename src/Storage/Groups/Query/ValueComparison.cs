using System.Runtime.CompilerServices;
using System.Collections;
using System.Globalization;
using System.Numerics;

namespace StorageTyped.Groups.Query;

/// <summary>
/// How the group compares parameter values of any type without throwing: numbers (bool as 0/1, every integer and
/// floating point type, BigInteger) by value, strings ordinally, None only equal to None; values of different
/// kinds are never equal and never ordered (Python would raise TypeError; a query simply does not match).
/// </summary>
internal static class ValueComparison
{
    /// <summary>A value reduced to what comparing needs.</summary>
    public readonly struct Key
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Key(object? value)
        {
            Value = value;
            switch (value)
            {
                case null: Kind = KeyKind.None; break;
                case string s: Kind = KeyKind.Text; Text = s; break;
                case BigInteger big: Kind = KeyKind.Number; Number = (double)big; Big = big; IsExact = true; break;
                default:
                    if (TryInteger(value, out long integer))
                    {
                        Kind = KeyKind.Number;
                        Number = integer;
                        Big = integer;
                        IsExact = true;
                    }
                    else if (TryDouble(value, out double number))
                    {
                        Kind = double.IsNaN(number) ? KeyKind.NaN : KeyKind.Number;
                        Number = number;
                    }
                    else
                    {
                        Kind = KeyKind.Other;
                        Text = ParameterText.TryFormat(value, out string formatted) ? formatted : value.ToString();
                    }
                    break;
            }
        }

        public KeyKind Kind { get; }

        public double Number { get; }

        /// <summary>The exact integer when <see cref="IsExact"/> (integers beyond 2^53 compare exactly).</summary>
        public BigInteger Big { get; }

        public bool IsExact { get; }

        public string? Text { get; }

        public object? Value { get; }
    }

    /// <summary>The sort classes, in sort order.</summary>
    public enum KeyKind : byte { Number = 0, NaN = 1, Text = 2, None = 3, Other = 4 }

    /// <summary>
    /// The group's total order: numbers ascending (bools as 0 and 1), NaN, strings (ordinal), None, other values
    /// (lists, dicts) by their Python text.
    /// </summary>
    public static int Order(in Key a, in Key b)
    {
        if (a.Kind != b.Kind) return a.Kind.CompareTo(b.Kind);
        return a.Kind switch
        {
            KeyKind.Number => CompareNumbers(a, b),
            KeyKind.Text or KeyKind.Other => string.CompareOrdinal(a.Text, b.Text),
            _ => 0,
        };
    }

    /// <summary>
    /// The comparison <paramref name="op"/> between two values as a query evaluates it. NaN is unequal to
    /// everything (as in Python); values of different kinds are only unequal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Compare(in Key a, ComparisonOperator op, in Key b)
    {
        bool numeric = a.Kind is KeyKind.Number or KeyKind.NaN && b.Kind is KeyKind.Number or KeyKind.NaN;
        if (numeric && (a.Kind == KeyKind.NaN || b.Kind == KeyKind.NaN)) return op == ComparisonOperator.NotEqual;
        int order;
        if (numeric) order = CompareNumbers(a, b);
        else if (a.Kind == b.Kind && a.Kind == KeyKind.Text) order = string.CompareOrdinal(a.Text, b.Text);
        else if (a.Kind == b.Kind && a.Kind == KeyKind.None) order = 0;
        else if (a.Kind == b.Kind && a.Kind == KeyKind.Other && op is ComparisonOperator.Equal or ComparisonOperator.NotEqual)
            order = string.CompareOrdinal(a.Text, b.Text) == 0 ? 0 : 1;
        else return op == ComparisonOperator.NotEqual;

        if (a.Kind == KeyKind.None && op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual)) return false;
        return op switch
        {
            ComparisonOperator.Less => order < 0,
            ComparisonOperator.LessOrEqual => order <= 0,
            ComparisonOperator.Greater => order > 0,
            ComparisonOperator.GreaterOrEqual => order >= 0,
            ComparisonOperator.Equal => order == 0,
            _ => order != 0,
        };
    }

    /// <summary>Python's bool(value): None, False, 0, 0.0, "" and empty collections are false; everything else (NaN too) is true.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        BigInteger big => !big.IsZero,
        ICollection collection => collection.Count > 0,
        _ when TryInteger(value, out long integer) => integer != 0,
        _ when TryDouble(value, out double number) => number != 0,
        _ => true,
    };

    /// <summary>A number as double when <paramref name="value"/> is a number or bool.</summary>
    public static bool TryDouble(object? value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case float f: number = f; return true;
            case Half h: number = (double)h; return true;
            case decimal m: number = (double)m; return true;
            case BigInteger big: number = (double)big; return true;
            case Int128 i128: number = (double)i128; return true;
            case UInt128 u128: number = (double)u128; return true;
            case ulong u: number = u; return true;
            default:
                if (TryInteger(value, out long integer)) { number = integer; return true; }
                number = 0;
                return false;
        }
    }

    private static bool TryInteger(object? value, out long integer)
    {
        switch (value)
        {
            case int i: integer = i; return true;
            case long l: integer = l; return true;
            case bool b: integer = b ? 1 : 0; return true;
            case short s: integer = s; return true;
            case byte b8: integer = b8; return true;
            case sbyte s8: integer = s8; return true;
            case ushort u16: integer = u16; return true;
            case uint u32: integer = u32; return true;
            case ulong u64 when u64 <= long.MaxValue: integer = (long)u64; return true;
            case nint n: integer = n; return true;
            case char: integer = 0; return false;
            default: integer = 0; return false;
        }
    }

    private static int CompareNumbers(in Key a, in Key b)
    {
        if (a.IsExact && b.IsExact) return a.Big.CompareTo(b.Big);
        int order = a.Number.CompareTo(b.Number);
        if (order != 0 || !(a.IsExact || b.IsExact)) return order;
        // An exact integer against a double that rounds to the same value: compare the integer with the double exactly.
        double other = a.IsExact ? b.Number : a.Number;
        if (double.IsInfinity(other) || Math.Floor(other) != other) return order;
        var otherExact = new BigInteger(other);
        return a.IsExact ? a.Big.CompareTo(otherExact) : otherExact.CompareTo(b.Big);
    }

    /// <summary>The text of a value for messages.</summary>
    public static string Describe(object? value) =>
        value is null ? "None" : ParameterText.TryFormat(value, out string text) ? text : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
