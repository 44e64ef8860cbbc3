using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using StorageTyped.Parameters;
using StorageTyped.Runs;
using StorageTyped.TypedParameters;

namespace StorageTyped;

/// <summary>
/// One config.ini section of one run, as the generated <see cref="IRunParameters{TSelf}.ReadParameters"/> code
/// reads it: each key's value converted to the property's type by the shared codec <see cref="ParameterText"/>
/// (keys matched case-insensitively; configparser's DEFAULT fallback and %-interpolation applied). A value that does
/// not convert is a <see cref="FormatException"/> naming run, section, key, text and target type.
/// </summary>
/// <remarks>
/// Loaded through the typed group, numbers come parsed from the group's index; they are converted exactly as the
/// codec converts their text (an integer to any integer type that holds it, or to a floating point type; a float to
/// a floating point type), and anything else is read from the exact text.
/// </remarks>
public sealed class ParameterSource
{
    private readonly ParameterLookup _lookup;

    internal ParameterSource(ParameterLookup lookup, string section)
    {
        _lookup = lookup;
        Section = section;
    }

    internal ParameterSource(string runPath, string section, IniDocument document)
        : this(new DocumentLookup(runPath, document), section)
    {
    }

    /// <summary>The run folder the values come from (named in error messages).</summary>
    public string RunPath => _lookup.RunPath;

    /// <summary>The config.ini section the values come from.</summary>
    public string Section { get; }

    /// <summary>The text of <paramref name="key"/> as configparser's get() returns it; false when the run lacks the key.</summary>
    public bool TryGetText(string key, [NotNullWhen(true)] out string? text)
    {
        var cell = _lookup.Find(Section, key);
        text = cell.Kind == ParameterCellKind.Missing ? null : TextOf(key, cell);
        return text is not null;
    }

    /// <summary>
    /// Reads <paramref name="key"/> as <typeparamref name="T"/> (a scalar or its nullable form, or a string as is);
    /// false, with <paramref name="value"/> untouched in meaning, when the run lacks the key.
    /// </summary>
    /// <exception cref="FormatException">The value is not a valid <typeparamref name="T"/>; the message names run, section, key, text and type.</exception>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        var cell = _lookup.Find(Section, key);
        switch (cell.Kind)
        {
            case ParameterCellKind.Missing:
                value = default;
                return false;
            case ParameterCellKind.Text when typeof(T) == typeof(string):
                value = (T)(object)cell.Text!;
                return true;
            case ParameterCellKind.Integer when TryFromInteger(cell.Bits, out value):
                return true;
            case ParameterCellKind.Double when TryFromDouble(BitConverter.Int64BitsToDouble(cell.Bits), out value):
                return true;
        }
        value = Parse<T>(key, TextOf(key, cell));
        return true;
    }

    /// <summary>Reads a nullable string: Python's None (how null is written) gives null, any other text itself.</summary>
    public bool TryGetNullableString(string key, out string? value)
    {
        value = null;
        if (!TryGetText(key, out string? text)) return false;
        if (!ParameterText.IsNone(text)) value = text;
        return true;
    }

    /// <summary>Reads a Python list literal as an array.</summary>
    /// <exception cref="FormatException">The value is not a list of <typeparamref name="T"/>; the message names run, section, key, text and type.</exception>
    public bool TryGetArray<T>(string key, [NotNullWhen(true)] out T[]? value)
    {
        value = null;
        if (!TryGetText(key, out string? text)) return false;
        value = ParseArray<T>(key, text);
        return true;
    }

    /// <summary>Reads a Python list literal as an array, or None as null.</summary>
    /// <exception cref="FormatException">The value is neither None nor a list of <typeparamref name="T"/>.</exception>
    public bool TryGetNullableArray<T>(string key, out T[]? value)
    {
        value = null;
        if (!TryGetText(key, out string? text)) return false;
        if (!ParameterText.IsNone(text)) value = ParseArray<T>(key, text);
        return true;
    }

    /// <summary>Reads a Python list literal as a list.</summary>
    /// <exception cref="FormatException">The value is not a list of <typeparamref name="T"/>; the message names run, section, key, text and type.</exception>
    public bool TryGetList<T>(string key, [NotNullWhen(true)] out List<T>? value)
    {
        value = null;
        if (!TryGetText(key, out string? text)) return false;
        value = new List<T>(ParseArray<T>(key, text));
        return true;
    }

    /// <summary>Reads a Python list literal as a list, or None as null.</summary>
    /// <exception cref="FormatException">The value is neither None nor a list of <typeparamref name="T"/>.</exception>
    public bool TryGetNullableList<T>(string key, out List<T>? value)
    {
        value = null;
        if (!TryGetText(key, out string? text)) return false;
        if (!ParameterText.IsNone(text)) value = new List<T>(ParseArray<T>(key, text));
        return true;
    }

    /// <summary>
    /// The error for a run that lacks the key of a required member, or of a positional parameter without a default
    /// value (generated code throws it).
    /// </summary>
    /// <param name="key">The INI key.</param>
    /// <param name="member">The parameter, as Type.Property.</param>
    public KeyNotFoundException MissingRequired(string key, string member) =>
        new($"Run '{RunPath}', section [{Section}] has no key {RunKey.Quote(key)}, which {member} requires (it is required or has no default value). Give it a default value, or save it in every run.");

    private string TextOf(string key, ParameterCell cell) =>
        cell.Text ?? _lookup.ExactText(Section, key)
        ?? throw new InvalidOperationException($"Run '{RunPath}', section [{Section}], key {RunKey.Quote(key)}: the value changed while it was read.");

    private T Parse<T>(string key, string text)
    {
        if (ParameterConverter.TryConvert(typeof(T), text, out object? value, out string reason)) return (T)value!;
        throw Error(key, reason);
    }

    private T[] ParseArray<T>(string key, string text)
    {
        if (ParameterText.TryParseArray(text, out T[]? array, out string reason)) return array;
        throw Error(key, reason);
    }

    /// <summary>
    /// An integer parsed by the index, as the codec converts its text: to an integer type that holds it, or to a
    /// floating point type. False for other types and out-of-range values (the text path then converts or explains).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryFromInteger<T>(long v, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (typeof(T) == typeof(int) || typeof(T) == typeof(int?))
        {
            if (v is < int.MinValue or > int.MaxValue) return false;
            value = (T)(object)(int)v;
            return true;
        }
        if (typeof(T) == typeof(long) || typeof(T) == typeof(long?)) { value = (T)(object)v; return true; }
        if (typeof(T) == typeof(double) || typeof(T) == typeof(double?)) { value = (T)(object)(double)v; return true; }
        if (typeof(T) == typeof(float) || typeof(T) == typeof(float?)) { value = (T)(object)(float)(double)v; return true; }
        return false;
    }

    /// <summary>A float parsed by the index (the value the codec gets from its text), to a floating point type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryFromDouble<T>(double d, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (typeof(T) == typeof(double) || typeof(T) == typeof(double?)) { value = (T)(object)d; return true; }
        if (typeof(T) == typeof(float) || typeof(T) == typeof(float?)) { value = (T)(object)(float)d; return true; }
        return false;
    }

    private FormatException Error(string key, string reason) =>
        new($"Run '{RunPath}', section [{Section}], key {RunKey.Quote(key)}: {reason}");
}
