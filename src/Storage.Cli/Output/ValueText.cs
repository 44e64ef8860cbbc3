using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace StorageTyped.Cli.Output;

/// <summary>
/// Parameter values as the tool shows them: as Python's str() writes them (the library's ParameterText), the way
/// they stand in config.ini; in JSON as JSON values. None and a missing parameter are both "no value".
/// </summary>
internal static class ValueText
{
    /// <summary>The text of a value; empty for no value (None or missing).</summary>
    public static string Display(object? value) => value switch
    {
        null => "",
        string text => text,
        RunStatus status => StatusName(status),
        _ => ParameterText.TryFormat(value, out string text) ? text : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A status as config.ini spells it: completed, failed, running, interrupted, unknown.</summary>
    public static string StatusName(RunStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Python's name of a value's type.</summary>
    public static string PythonType(object? value) => value switch
    {
        bool => "bool",
        int or long or BigInteger => "int",
        double or float => "float",
        string => "str",
        System.Collections.IDictionary => "dict",
        System.Collections.IEnumerable => "list",
        _ => value?.GetType().Name ?? "None",
    };

    /// <summary>True for the values numbers stand for (bools are not numbers here).</summary>
    public static bool IsNumber(object? value) => value is int or long or double or float or BigInteger;

    /// <summary>Writes a value as JSON: numbers, bools, strings, arrays and objects; NaN and ±inf as the strings "nan", "inf", "-inf".</summary>
    public static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case BigInteger big: writer.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): writer.WriteNumberValue(f); break;
            case double or float: writer.WriteStringValue(Display(value)); break;
            case string s: writer.WriteStringValue(s); break;
            case RunStatus status: writer.WriteStringValue(StatusName(status)); break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Display(entry.Key));
                    WriteJson(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (object? item in items) WriteJson(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Display(value)); break;
        }
    }
}
