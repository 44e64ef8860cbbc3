using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace StorageTyped.Parameters;

/// <summary>
/// Python's str() and repr() of the values a parameter can hold, in the invariant culture: True/False, ints,
/// floats in Python's shortest repr ("1.0", "1e-05", "nan", "inf"), lists as "[1, 2, 3]" with elements in repr
/// form (strings quoted), tuples, dicts and None.
/// </summary>
internal static class PythonRepr
{
    /// <summary>str(value): what PymoNNto writes into config.ini. Returns null for a type with no Python form.</summary>
    public static string? TryStr(object? value)
    {
        if (value is string s) return s;
        if (value is char c) return c.ToString();
        var builder = new StringBuilder();
        return TryAppend(builder, value, quoteStrings: false) ? builder.ToString() : null;
    }

    /// <summary>Python's repr of a float, from the shortest round-trip digits .NET gives.</summary>
    public static string Float(double value) => FormatShortest(value.ToString("R", CultureInfo.InvariantCulture), double.IsNaN(value), double.IsInfinity(value), value < 0 || (value == 0 && double.IsNegative(value)));

    /// <summary>The float32 form: numpy's repr of a float32 (shortest digits of the float, Python's layout).</summary>
    public static string Float(float value) => FormatShortest(value.ToString("R", CultureInfo.InvariantCulture), float.IsNaN(value), float.IsInfinity(value), value < 0 || (value == 0 && float.IsNegative(value)));

    /// <summary>Python's repr of a string: quoted with ' (or " when only ' occurs), escapes for the unprintable.</summary>
    public static void AppendString(StringBuilder builder, string text)
    {
        char quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        builder.Append(quote);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == quote || c == '\\') { builder.Append('\\').Append(c); continue; }
            switch (c)
            {
                case '\n': builder.Append("\\n"); continue;
                case '\r': builder.Append("\\r"); continue;
                case '\t': builder.Append("\\t"); continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                int codePoint = char.ConvertToUtf32(c, text[i + 1]);
                if (IsPrintable(CharUnicodeInfo.GetUnicodeCategory(codePoint))) builder.Append(c).Append(text[i + 1]);
                else builder.Append("\\U").Append(codePoint.ToString("x8", CultureInfo.InvariantCulture));
                i++;
                continue;
            }
            if (c == ' ' || (!char.IsSurrogate(c) && IsPrintable(CharUnicodeInfo.GetUnicodeCategory(c))))
                builder.Append(c);
            else if (c < 0x100)
                builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        builder.Append(quote);
    }

    private static bool IsPrintable(UnicodeCategory category) => category switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };

    private static bool TryAppend(StringBuilder builder, object? value, bool quoteStrings)
    {
        switch (value)
        {
            case null: builder.Append("None"); return true;
            case bool b: builder.Append(b ? "True" : "False"); return true;
            case string s:
                if (quoteStrings) AppendString(builder, s); else builder.Append(s);
                return true;
            case char ch:
                if (quoteStrings) AppendString(builder, ch.ToString()); else builder.Append(ch);
                return true;
            case double d: builder.Append(Float(d)); return true;
            case float f: builder.Append(Float(f)); return true;
            case Half h: builder.Append(Float((float)h)); return true;
            case decimal m: builder.Append(m.ToString(CultureInfo.InvariantCulture)); return true;
            case sbyte or byte or short or ushort or int or uint or long or ulong or nint or nuint or BigInteger or Int128 or UInt128:
                builder.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                return true;
            // Inside a list these are quoted, as their str() would be in Python ("['Fast', 'Accurate']"), so that the
            // list is a Python literal that configparser users can eval and that reads back here.
            case Enum e: AppendText(builder, e.ToString(), quoteStrings); return true;
            // Python's str() forms, so that datetime.fromisoformat reads them (see PythonTime).
            case DateTime dt: AppendText(builder, PythonTime.Format(dt), quoteStrings); return true;
            case DateTimeOffset dto: AppendText(builder, PythonTime.Format(dto), quoteStrings); return true;
            case TimeSpan ts: AppendText(builder, PythonTime.Format(ts), quoteStrings); return true;
            case Guid g: AppendText(builder, g.ToString("D"), quoteStrings); return true;
            case Array { Rank: > 1 } multi: return TryAppendMultiDimensional(builder, multi);
            case IDictionary dictionary: return TryAppendDictionary(builder, dictionary);
            case ITuple tuple: return TryAppendTuple(builder, tuple);
            case IEnumerable sequence: return TryAppendList(builder, sequence);
            default: return false;
        }
    }

    private static void AppendText(StringBuilder builder, string text, bool quote)
    {
        if (quote) AppendString(builder, text);
        else builder.Append(text);
    }

    private static bool TryAppendList(StringBuilder builder, IEnumerable sequence)
    {
        builder.Append('[');
        bool first = true;
        foreach (object? item in sequence)
        {
            if (!first) builder.Append(", ");
            first = false;
            if (!TryAppend(builder, item, quoteStrings: true)) return false;
        }
        builder.Append(']');
        return true;
    }

    private static bool TryAppendTuple(StringBuilder builder, ITuple tuple)
    {
        builder.Append('(');
        for (int i = 0; i < tuple.Length; i++)
        {
            if (i > 0) builder.Append(", ");
            if (!TryAppend(builder, tuple[i], quoteStrings: true)) return false;
        }
        if (tuple.Length == 1) builder.Append(',');
        builder.Append(')');
        return true;
    }

    private static bool TryAppendDictionary(StringBuilder builder, IDictionary dictionary)
    {
        builder.Append('{');
        bool first = true;
        foreach (DictionaryEntry entry in dictionary)
        {
            if (!first) builder.Append(", ");
            first = false;
            if (!TryAppend(builder, entry.Key, quoteStrings: true)) return false;
            builder.Append(": ");
            if (!TryAppend(builder, entry.Value, quoteStrings: true)) return false;
        }
        builder.Append('}');
        return true;
    }

    private static bool TryAppendMultiDimensional(StringBuilder builder, Array array)
    {
        var index = new int[array.Rank];
        return AppendDimension(0);

        bool AppendDimension(int dimension)
        {
            builder.Append('[');
            int length = array.GetLength(dimension);
            for (int i = 0; i < length; i++)
            {
                if (i > 0) builder.Append(", ");
                index[dimension] = i;
                if (dimension + 1 < array.Rank)
                {
                    if (!AppendDimension(dimension + 1)) return false;
                }
                else if (!TryAppend(builder, array.GetValue(index), quoteStrings: true)) return false;
            }
            builder.Append(']');
            return true;
        }
    }

    /// <summary>
    /// Lays out shortest round-trip digits the way Python's float_repr does: positional when the decimal exponent
    /// lies in [-4, 16), scientific otherwise ("1e-05", "1.5e+16"), always with a digit after the point.
    /// </summary>
    private static string FormatShortest(string roundTrip, bool isNaN, bool isInfinity, bool isNegative)
    {
        if (isNaN) return "nan";
        if (isInfinity) return isNegative ? "-inf" : "inf";

        ReadOnlySpan<char> text = roundTrip;
        if (text.Length > 0 && text[0] == '-') text = text[1..];
        int exponentMark = text.IndexOfAny('E', 'e');
        int exponent = 0;
        ReadOnlySpan<char> mantissa = text;
        if (exponentMark >= 0)
        {
            exponent = int.Parse(text[(exponentMark + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = text[..exponentMark];
        }
        int point = mantissa.IndexOf('.');
        Span<char> digitBuffer = stackalloc char[mantissa.Length];
        int count = 0;
        foreach (char c in mantissa) if (c != '.') digitBuffer[count++] = c;
        int decimalPoint = (point < 0 ? mantissa.Length : point) + exponent;
        ReadOnlySpan<char> digits = digitBuffer[..count];
        while (digits.Length > 0 && digits[0] == '0') { digits = digits[1..]; decimalPoint--; }
        while (digits.Length > 0 && digits[^1] == '0') digits = digits[..^1];

        var builder = new StringBuilder(32);
        if (isNegative) builder.Append('-');
        if (digits.Length == 0) return builder.Append("0.0").ToString();

        if (decimalPoint <= -4 || decimalPoint > 16)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1) builder.Append('.').Append(digits[1..]);
            int e = decimalPoint - 1;
            builder.Append('e').Append(e < 0 ? '-' : '+');
            builder.Append(Math.Abs(e).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decimalPoint <= 0)
        {
            builder.Append("0.").Append('0', -decimalPoint).Append(digits);
        }
        else if (decimalPoint >= digits.Length)
        {
            builder.Append(digits).Append('0', decimalPoint - digits.Length).Append(".0");
        }
        else
        {
            builder.Append(digits[..decimalPoint]).Append('.').Append(digits[decimalPoint..]);
        }
        return builder.ToString();
    }
}
