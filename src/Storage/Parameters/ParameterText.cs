using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using StorageTyped.Parameters;

namespace StorageTyped;

/// <summary>
/// The one text codec for parameter values, shared by the dynamic API (SaveParam/LoadParam) and the code the
/// [RunParameters] generator emits. Values are written as Python's str() writes them, in the invariant culture
/// (True, 42, 0.5, 1e-05, nan, inf, [1, 2, 3], 'a' inside lists), so that Python's configparser and PymoNNto read
/// them; reading accepts what Python and numpy write.
/// </summary>
public static partial class ParameterText
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
        if (!PythonLiteral.TryParse(text, out object? node) || HasUnusableDictKey(node)) return text;
        return ToDynamic(node);
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
        if (TryParseCore(typeof(T), text, out object? value, out string reason)) return (T)value!;
        throw new FormatException(reason);
    }

    /// <summary>Reads a value as <typeparamref name="T"/>; false (and default) when the text does not convert.</summary>
    public static bool TryParse<T>(string text, [MaybeNullWhen(false)] out T value)
    {
        if (text is not null && TryParseCore(typeof(T), text, out object? parsed, out _))
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
        if (!TryParseSequence(typeof(T), text, out var items, out reason)) return false;
        array = new T[items.Count];
        for (int i = 0; i < array.Length; i++) array[i] = (T)items[i]!;
        return true;
    }

    /// <summary>Reads a Python list or tuple literal as a <see cref="List{T}"/>.</summary>
    /// <exception cref="FormatException">The text is not a list, or an element does not convert.</exception>
    public static List<T> ParseList<T>(string text) => new(ParseArray<T>(text));

    internal static bool TryParseCore(Type type, string text, out object? value, out string reason)
    {
        reason = string.Empty;
        if (type == typeof(string)) { value = text; return true; }
        if (type == typeof(object)) { value = ParseValue(text); return true; }

        Type? underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            if (IsNone(text)) { value = null; return true; }
            return TryParseCore(underlying, text, out value, out reason);
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

    private static bool TryParseSequence(Type elementType, string text, out List<object?> items, out string reason)
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
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(bool))
        {
            if (TryParseBool(trimmed, out bool b)) { value = b; return true; }
            return false;
        }
        if (type == typeof(char))
        {
            if (text.Length == 1) { value = text[0]; return true; }
            return false;
        }
        if (IsInteger(type))
        {
            PythonLiteral.Number number;
            if (knownNumber is { } known) number = known;
            else if (!PythonLiteral.TryNumber(trimmed, out number)) return false;
            if (!number.IsInteger) return false;
            return TryParseInteger(type, number.Text, out value);
        }
        if (type == typeof(double) || type == typeof(float) || type == typeof(Half))
        {
            PythonLiteral.Number number;
            if (knownNumber is { } known) number = known;
            else if (!PythonLiteral.TryNumber(trimmed, out number)) return false;
            double d = PythonLiteral.ToDouble(number);
            value = type == typeof(double) ? d : type == typeof(float) ? (float)d : (object)(Half)d;
            return true;
        }
        if (type == typeof(decimal))
        {
            if (decimal.TryParse(trimmed, NumberStyles.Float, invariant, out decimal m)) { value = m; return true; }
            return false;
        }
        if (type.IsEnum) return TryParseEnum(type, trimmed.ToString(), out value);
        if (type == typeof(DateTime))
        {
            if (DateTime.TryParse(trimmed, invariant, DateTimeStyles.RoundtripKind, out var dt)) { value = dt; return true; }
            return false;
        }
        if (type == typeof(DateTimeOffset))
        {
            if (DateTimeOffset.TryParse(trimmed, invariant, DateTimeStyles.RoundtripKind, out var dto)) { value = dto; return true; }
            return false;
        }
        if (type == typeof(TimeSpan))
        {
            if (TimeSpan.TryParseExact(trimmed, "c", invariant, out var ts) || TimeSpan.TryParse(trimmed, invariant, out ts)
                || TryParsePythonTimedelta(trimmed.ToString(), out ts))
            {
                value = ts;
                return true;
            }
            return false;
        }
        if (type == typeof(Guid))
        {
            if (Guid.TryParse(trimmed, out var g)) { value = g; return true; }
            return false;
        }
        return false;
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

    [GeneratedRegex(@"^(?:(?<days>-?\d+) days?, )?(?<hours>\d+):(?<minutes>\d{2}):(?<seconds>\d{2}(?:\.\d{1,6})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex PythonTimedeltaPattern();

    /// <summary>Python's str(timedelta): "[D day[s], ]H:MM:SS[.ffffff]".</summary>
    private static bool TryParsePythonTimedelta(string text, out TimeSpan value)
    {
        value = default;
        var match = PythonTimedeltaPattern().Match(text);
        if (!match.Success) return false;
        var invariant = CultureInfo.InvariantCulture;
        int days = match.Groups["days"].Success ? int.Parse(match.Groups["days"].Value, invariant) : 0;
        value = TimeSpan.FromDays(days) + TimeSpan.FromHours(int.Parse(match.Groups["hours"].Value, invariant))
            + TimeSpan.FromMinutes(int.Parse(match.Groups["minutes"].Value, invariant))
            + TimeSpan.FromTicks((long)Math.Round(decimal.Parse(match.Groups["seconds"].Value, invariant) * TimeSpan.TicksPerSecond));
        return true;
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
    private static object? ToDynamic(object? node)
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
    private static bool HasUnusableDictKey(object? node) => node switch
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
