using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace StorageTyped.Parameters;

/// <summary>
/// The reflection-based half of <see cref="ParameterText"/>: converts a parameter's text to a .NET type chosen at run
/// time (LoadParam&lt;T&gt;, the typed layer's ParameterSource), element by element for lists and arrays, and turns
/// parsed literals into the values the dynamic API returns.
/// </summary>
internal static partial class ParameterConverter
{
    /// <summary>Converts <paramref name="text"/> to <paramref name="type"/>; false with the reason (for a FormatException) otherwise.</summary>
    public static bool TryConvert(Type type, string text, out object? value, out string reason)
    {
        reason = string.Empty;
        if (type == typeof(string)) { value = text; return true; }
        if (type == typeof(object)) { value = ParameterText.ParseValue(text); return true; }

        Type? underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            if (ParameterText.IsNone(text)) { value = null; return true; }
            return TryConvert(underlying, text, out value, out reason);
        }

        if (TryGetElementType(type, out Type? elementType, out bool asList))
        {
            value = null;
            if (!TryParseSequence(elementType, text, out var items, out reason)) return false;
            value = asList ? ToList(elementType, items) : ToArray(elementType, items);
            return true;
        }

        if (TryConvertScalar(type, text, null, out value)) return true;
        reason = $"'{Shorten(text)}' is not a valid {Describe(type)}.";
        return false;
    }

    /// <summary>The elements of a list or tuple literal, each converted to <paramref name="elementType"/>.</summary>
    public static bool TryParseSequence(Type elementType, string text, out List<object?> items, out string reason)
    {
        items = new List<object?>();
        reason = string.Empty;
        if (!PythonLiteral.TryParse(text, out object? node) || node is not PythonLiteral.Sequence sequence)
        {
            reason = $"'{Shorten(text)}' is not a list; a list of {Describe(elementType)} is written as [a, b, c].";
            return false;
        }
        for (int i = 0; i < sequence.Count; i++)
        {
            if (!TryConvertNode(elementType, sequence[i], out object? item))
            {
                reason = $"element {i} of '{Shorten(text)}' is not a valid {Describe(elementType)}.";
                return false;
            }
            items.Add(item);
        }
        return true;
    }

    private static bool TryConvertNode(Type type, object? node, out object? value)
    {
        value = null;
        Type? underlying = Nullable.GetUnderlyingType(type);
        if (node is null) return underlying is not null || !type.IsValueType;
        if (underlying is not null) type = underlying;
        if (type == typeof(object)) { value = ToDynamic(node); return true; }
        switch (node)
        {
            case string s:
                if (type == typeof(string)) { value = s; return true; }
                return TryConvertScalar(type, s, null, out value);
            case bool b:
                if (type == typeof(bool)) { value = b; return true; }
                if (type == typeof(string)) { value = b ? "True" : "False"; return true; }
                return false;
            case PythonLiteral.Number number:
                if (type == typeof(string)) { value = number.Text; return true; }
                return TryConvertScalar(type, number.Text, number, out value);
            case PythonLiteral.Sequence nested when TryGetElementType(type, out Type? elementType, out bool asList):
                var items = new List<object?>(nested.Count);
                foreach (object? item in nested)
                {
                    if (!TryConvertNode(elementType, item, out object? converted)) return false;
                    items.Add(converted);
                }
                value = asList ? ToList(elementType, items) : ToArray(elementType, items);
                return true;
            default:
                return false;
        }
    }

    private static bool TryConvertScalar(Type type, string text, PythonLiteral.Number? knownNumber, out object? value)
    {
        value = null;
        ReadOnlySpan<char> trimmed = PythonWhitespace.Strip(text);
        if (IsInteger(type) || type == typeof(double) || type == typeof(float) || type == typeof(Half))
            return TryConvertNumber(type, trimmed, knownNumber, out value);
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan))
            return TryConvertTime(type, trimmed, out value);
        if (type.IsEnum) return TryParseEnum(type, trimmed.ToString(), out value);
        bool converted = false;
        if (type == typeof(bool) && TryParseBool(trimmed, out bool b)) (value, converted) = (b, true);
        else if (type == typeof(char) && text.Length == 1) (value, converted) = (text[0], true);
        else if (type == typeof(decimal) && decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal m)) (value, converted) = (m, true);
        else if (type == typeof(Guid) && Guid.TryParse(trimmed, out var g)) (value, converted) = (g, true);
        return converted;
    }

    /// <summary>An integer type, double, float or Half from a Python number (already parsed when the index had it).</summary>
    private static bool TryConvertNumber(Type type, ReadOnlySpan<char> trimmed, PythonLiteral.Number? knownNumber, out object? value)
    {
        value = null;
        PythonLiteral.Number number;
        if (knownNumber is { } known) number = known;
        else if (!PythonLiteral.TryNumber(trimmed, out number)) return false;
        if (IsInteger(type)) return number.IsInteger && TryParseInteger(type, number.Text, out value);
        double d = PythonLiteral.ToDouble(number);
        value = type == typeof(double) ? d : type == typeof(float) ? (float)d : (object)(Half)d;
        return true;
    }

    /// <summary>DateTime and DateTimeOffset (Python's str() or ISO 8601), TimeSpan (Python's str(timedelta) or .NET's forms).</summary>
    private static bool TryConvertTime(Type type, ReadOnlySpan<char> trimmed, out object? value)
    {
        var invariant = CultureInfo.InvariantCulture;
        value = null;
        if (type == typeof(DateTime) && PythonTime.TryParse(trimmed, out DateTime dt)) value = dt;
        else if (type == typeof(DateTimeOffset) && DateTimeOffset.TryParse(trimmed, invariant, DateTimeStyles.RoundtripKind, out var dto)) value = dto;
        else if (type == typeof(TimeSpan) && (PythonTime.TryParse(trimmed.ToString(), out TimeSpan ts)
            || TimeSpan.TryParseExact(trimmed, "c", invariant, out ts) || TimeSpan.TryParse(trimmed, invariant, out ts))) value = ts;
        return value is not null;
    }

    /// <summary>Python's True/False and the words configparser's getboolean accepts.</summary>
    private static bool TryParseBool(ReadOnlySpan<char> text, out bool value)
    {
        value = false;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase)
            || text.Equals("on", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("1"))
        {
            value = true;
            return true;
        }
        return text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("no", StringComparison.OrdinalIgnoreCase)
            || text.Equals("off", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("0");
    }

    private static bool IsInteger(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte)
        || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong) || type == typeof(BigInteger)
        || type == typeof(Int128) || type == typeof(UInt128) || type == typeof(nint) || type == typeof(nuint);

    private static bool TryParseInteger(Type type, string text, out object? value)
    {
        const NumberStyles style = NumberStyles.AllowLeadingSign;
        var invariant = CultureInfo.InvariantCulture;
        value = null;
        bool ok;
        if (type == typeof(int)) { ok = int.TryParse(text, style, invariant, out int v); value = v; }
        else if (type == typeof(long)) { ok = long.TryParse(text, style, invariant, out long v); value = v; }
        else if (type == typeof(short)) { ok = short.TryParse(text, style, invariant, out short v); value = v; }
        else if (type == typeof(sbyte)) { ok = sbyte.TryParse(text, style, invariant, out sbyte v); value = v; }
        else if (type == typeof(byte)) { ok = byte.TryParse(text, style, invariant, out byte v); value = v; }
        else if (type == typeof(ushort)) { ok = ushort.TryParse(text, style, invariant, out ushort v); value = v; }
        else if (type == typeof(uint)) { ok = uint.TryParse(text, style, invariant, out uint v); value = v; }
        else if (type == typeof(ulong)) { ok = ulong.TryParse(text, style, invariant, out ulong v); value = v; }
        else if (type == typeof(Int128)) { ok = Int128.TryParse(text, style, invariant, out Int128 v); value = v; }
        else if (type == typeof(UInt128)) { ok = UInt128.TryParse(text, style, invariant, out UInt128 v); value = v; }
        else if (type == typeof(nint)) { ok = nint.TryParse(text, style, invariant, out nint v); value = v; }
        else if (type == typeof(nuint)) { ok = nuint.TryParse(text, style, invariant, out nuint v); value = v; }
        else { ok = BigInteger.TryParse(text, style, invariant, out BigInteger v); value = v; }
        if (!ok) value = null;
        return ok;
    }

    private static bool TryParseEnum(Type type, string text, out object? value)
    {
        value = null;
        if (text.Length == 0) return false;
        // Python's str() of an enum member is "Class.NAME"; accept that form too.
        string name = text.Contains('.') && !char.IsAsciiDigit(text[0]) && text[0] != '-' ? text[(text.LastIndexOf('.') + 1)..] : text;
        if (char.IsAsciiDigit(name[0]) || name[0] == '-')
            return Enum.TryParse(type, name, ignoreCase: false, out value);
        if (Enum.TryParse(type, name, ignoreCase: false, out value) || Enum.TryParse(type, name, ignoreCase: true, out value))
            return true;
        value = null;
        return false;
    }

    private static bool TryGetElementType(Type type, [NotNullWhen(true)] out Type? elementType, out bool asList)
    {
        asList = false;
        elementType = null;
        if (type.IsArray && type.GetArrayRank() == 1)
        {
            elementType = type.GetElementType()!;
            return true;
        }
        if (type.IsGenericType)
        {
            Type definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>))
            {
                elementType = type.GetGenericArguments()[0];
                asList = true;
                return true;
            }
            if (definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>))
            {
                elementType = type.GetGenericArguments()[0];
                return true;
            }
        }
        return false;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only the dynamic API reaches here; generated code calls ParseArray<T>.")]
    private static Array ToArray(Type elementType, List<object?> items)
    {
        var array = Array.CreateInstance(elementType, items.Count);
        for (int i = 0; i < items.Count; i++) array.SetValue(items[i], i);
        return array;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only the dynamic API reaches here; generated code calls ParseList<T>.")]
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "List<T> of a parameter element type.")]
    private static object ToList(Type elementType, List<object?> items)
    {
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        foreach (object? item in items) list.Add(item);
        return list;
    }

    /// <summary>Converts a literal node to the dynamic API's CLR form (homogeneous lists become typed arrays).</summary>
    /// <summary>A parsed literal as the dynamic API returns it (see <see cref="ParameterText.ParseValue"/>).</summary>
    public static object? ToDynamic(object? node)
    {
        switch (node)
        {
            case PythonLiteral.Number number:
                return number.IsInteger ? PythonLiteral.ToInteger(number) : PythonLiteral.ToDouble(number);
            case PythonLiteral.Sequence sequence:
                return ToDynamicArray(sequence);
            case PythonLiteral.Dict dict:
                bool allStringKeys = dict.TrueForAll(entry => entry.Key is string);
                if (allStringKeys)
                {
                    var byName = new Dictionary<string, object?>(dict.Count);
                    foreach (var (key, item) in dict) byName[(string)key!] = ToDynamic(item);
                    return byName;
                }
                var general = new Dictionary<object, object?>(dict.Count);
                foreach (var (key, item) in dict) general[ToDynamic(key)!] = ToDynamic(item);
                return general;
            default:
                return node;
        }
    }

    /// <summary>A dict keyed by None or by a list has no .NET dictionary form; such a value is returned as text.</summary>
    /// <summary>True when a dict literal has a key no .NET dictionary can hold (None, or a list).</summary>
    public static bool HasUnusableDictKey(object? node) => node switch
    {
        PythonLiteral.Dict dict => dict.Exists(entry => entry.Key is null or PythonLiteral.Sequence or PythonLiteral.Dict || HasUnusableDictKey(entry.Value)),
        PythonLiteral.Sequence sequence => sequence.Exists(HasUnusableDictKey),
        _ => false,
    };

    private static Array ToDynamicArray(PythonLiteral.Sequence sequence)
    {
        if (sequence.Count == 0) return Array.Empty<object?>();
        var converted = new object?[sequence.Count];
        bool allBool = true, allInt = true, allLong = true, allNumber = true, allString = true;
        for (int i = 0; i < converted.Length; i++)
        {
            object? item = ToDynamic(sequence[i]);
            converted[i] = item;
            allBool &= item is bool;
            allInt &= item is int;
            allLong &= item is int or long;
            allNumber &= item is int or long or double;
            allString &= item is string;
        }
        if (allBool) return Array.ConvertAll(converted, item => (bool)item!);
        if (allInt) return Array.ConvertAll(converted, item => (int)item!);
        if (allLong) return Array.ConvertAll(converted, item => Convert.ToInt64(item, CultureInfo.InvariantCulture));
        if (allNumber) return Array.ConvertAll(converted, item => Convert.ToDouble(item, CultureInfo.InvariantCulture));
        if (allString) return Array.ConvertAll(converted, item => (string)item!);
        return converted;
    }

    internal static string Describe(Type type)
    {
        Type? underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return Describe(underlying) + "?";
        if (type.IsArray) return Describe(type.GetElementType()!) + "[]";
        return type.Name switch
        {
            "Int32" => "int (Int32)",
            "Int64" => "long (Int64)",
            "Double" => "double",
            "Single" => "float",
            "Boolean" => "bool (True or False)",
            "String" => "string",
            _ => type.Name,
        };
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
