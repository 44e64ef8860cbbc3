using System.Globalization;
using StorageTyped.Parameters;

namespace StorageTyped.Groups.Index;

/// <summary>
/// How the group keeps a parameter value in its columns: what <see cref="ParameterText.ParseValue"/> returns for
/// the text configparser's get() gives (null, bool, int, long, double, string), with shared boxes for the common
/// values, or a <see cref="Literal"/> for lists, dicts and integers beyond long, which are parsed afresh whenever
/// they are handed out (so a caller changing a returned array never changes the group). <see cref="Missing"/>
/// marks a run that lacks the key.
/// </summary>
internal static class CellValue
{
    /// <summary>The run does not have the key (distinct from null, which is a stored None).</summary>
    public static readonly object Missing = new MissingMarker();

    /// <summary>Boxed True.</summary>
    public static readonly object True = true;

    /// <summary>Boxed False.</summary>
    public static readonly object False = false;

    private const int SmallIntMin = -128, SmallIntMax = 1023;
    private static readonly object[] SmallInts = Enumerable.Range(SmallIntMin, SmallIntMax - SmallIntMin + 1).Select(i => (object)i).ToArray();

    /// <summary>A value kept as its text and parsed with <see cref="ParameterText.ParseValue"/> when handed out.</summary>
    public sealed class Literal(string text)
    {
        /// <summary>The text as configparser's get() returns it.</summary>
        public string Text { get; } = text;

        /// <inheritdoc />
        public override string ToString() => Text;
    }

    private sealed class MissingMarker
    {
        public override string ToString() => "<missing>";
    }

    /// <summary>The cell for a value's text (as <see cref="ParameterText.ParseValue"/> reads it).</summary>
    public static object? FromText(string text)
    {
        if (!PythonLiteral.TryParse(text, out object? node)) return text;
        switch (node)
        {
            case null: return null;
            case bool b: return b ? True : False;
            case PythonLiteral.Number number when number.IsInteger:
                return long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)
                    ? FromInteger(integer)
                    : new Literal(text);
            case PythonLiteral.Number number:
                return PythonLiteral.ToDouble(number);
            default:
                return new Literal(text);
        }
    }

    /// <summary>An integer as ParseValue types it: int when it fits, else long; small ones share boxes.</summary>
    public static object FromInteger(long value)
    {
        if (value is >= SmallIntMin and <= SmallIntMax) return SmallInts[value - SmallIntMin];
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : (object)value;
    }

    /// <summary>The value to hand out for a cell (Missing is handed out as null).</summary>
    public static object? Materialize(object? cell) => cell switch
    {
        Literal literal => ParameterText.ParseValue(literal.Text),
        MissingMarker => null,
        _ => cell,
    };
}
