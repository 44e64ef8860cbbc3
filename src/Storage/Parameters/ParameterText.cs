using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using StorageTyped.Parameters;

namespace StorageTyped;

/// <summary>
/// The one text codec for parameter values, shared by the dynamic API (SaveParam/LoadParam) and the code the
/// [RunParameters] generator emits. Values are written as Python's str() writes them, in the invariant culture
/// (True, 42, 0.5, 1e-05, nan, inf, [1, 2, 3], 'a' inside lists), so that Python's configparser and PymoNNto read
/// them; reading accepts what Python and numpy write.
/// </summary>
public static class ParameterText
{
    /// <summary>
    /// Formats <paramref name="value"/> as Python's str() would: bool, integers, floating point numbers, decimal,
    /// strings, chars, enums (by name), DateTime/DateTimeOffset (ISO 8601), TimeSpan, Guid, null ("None"), and
    /// arrays, lists, tuples and dictionaries of those.
    /// </summary>
    /// <exception cref="ArgumentException">The value's type has no text form here (store it with SaveObj).</exception>
    public static string Format(object? value)
    {
        if (TryFormat(value, out string text)) return text;
        throw new ArgumentException($"A value of type {value!.GetType()} cannot be written as a parameter. Parameters hold numbers, bools, strings, enums, dates, Guids and lists of those; store other objects with SaveObj.", nameof(value));
    }

    /// <summary>Formats <paramref name="value"/> as <see cref="Format(object?)"/> does; false when its type has no text form.</summary>
    public static bool TryFormat(object? value, out string text)
    {
        string? formatted = PythonRepr.TryStr(value);
        text = formatted ?? string.Empty;
        return formatted is not null;
    }

    /// <summary>Formats a double as Python's repr (shortest round-trip digits: "0.1", "1e-05", "nan", "-inf").</summary>
    public static string Format(double value) => PythonRepr.Float(value);

    /// <summary>Formats a float with its own shortest digits, laid out as Python does ("0.1", "1e-05").</summary>
    public static string Format(float value) => PythonRepr.Float(value);

    /// <summary>Formats a bool as Python does: "True" or "False".</summary>
    public static string Format(bool value) => value ? "True" : "False";

    /// <summary>Formats an integer in the invariant culture.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a value as the dynamic API returns it: "None" → null, "True"/"False" → bool, integers → int (long,
    /// then BigInteger when they do not fit), floats (nan, inf included) → double, list or tuple literals → an array
    /// (bool[], int[], long[], double[], string[], or object?[] when mixed or nested), dict literals → a dictionary,
    /// anything else → the text itself.
    /// </summary>
    public static object? ParseValue(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!PythonLiteral.TryParse(text, out object? node) || ParameterConverter.HasUnusableDictKey(node)) return text;
        return ParameterConverter.ToDynamic(node);
    }

    /// <summary>
    /// Reads a value as <typeparamref name="T"/>: string (the text as is), bool (True/False and configparser's
    /// yes/no/on/off/1/0), every integer type, float, double, Half, decimal, BigInteger, char, enums (by name or
    /// number), DateTime, DateTimeOffset, TimeSpan, Guid, their nullable forms ("None" → null), arrays and lists of
    /// those (from Python list syntax), and object (as <see cref="ParseValue"/>).
    /// </summary>
    /// <exception cref="FormatException">The text is not a valid <typeparamref name="T"/>; the message says why.</exception>
    public static T Parse<T>(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ParameterConverter.TryConvert(typeof(T), text, out object? value, out string reason)) return (T)value!;
        throw new FormatException(reason);
    }

    /// <summary>Reads a value as <typeparamref name="T"/>; false (and default) when the text does not convert.</summary>
    public static bool TryParse<T>(string text, [MaybeNullWhen(false)] out T value)
    {
        if (text is not null && ParameterConverter.TryConvert(typeof(T), text, out object? parsed, out _))
        {
            value = (T)parsed!;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Reads a Python list or tuple literal (or numpy's "[1 2 3]") as an array of <typeparamref name="T"/>.</summary>
    /// <exception cref="FormatException">The text is not a list, or an element does not convert.</exception>
    public static T[] ParseArray<T>(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseArray(text, out T[]? array, out string reason)) return array;
        throw new FormatException(reason);
    }

    /// <summary>True when <paramref name="text"/> is Python's None, the text a null value is written as.</summary>
    public static bool IsNone(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PythonWhitespace.Strip(text).SequenceEqual("None");
    }

    /// <summary>Reads a list literal as T[] without reflection (the path generated code takes); false with the reason otherwise.</summary>
    internal static bool TryParseArray<T>(string text, [NotNullWhen(true)] out T[]? array, out string reason)
    {
        array = null;
        if (!ParameterConverter.TryParseSequence(typeof(T), text, out var items, out reason)) return false;
        array = new T[items.Count];
        for (int i = 0; i < array.Length; i++) array[i] = (T)items[i]!;
        return true;
    }

    /// <summary>Reads a Python list or tuple literal as a <see cref="List{T}"/>.</summary>
    /// <exception cref="FormatException">The text is not a list, or an element does not convert.</exception>
    public static List<T> ParseList<T>(string text) => new(ParseArray<T>(text));
}
