using System.Diagnostics.CodeAnalysis;
using StorageTyped.Parameters;
using StorageTyped.Runs;

namespace StorageTyped;

/// <summary>
/// One config.ini section of one run, read once, as the generated <see cref="IRunParameters{TSelf}.ReadParameters"/>
/// code sees it: the text of a key (configparser's get(): DEFAULT fallback and %-interpolation applied), and
/// conversions through the shared codec <see cref="ParameterText"/> whose errors name run, section, key, text and
/// target type.
/// </summary>
public sealed class ParameterSource
{
    private readonly IniDocument _document;

    internal ParameterSource(string runPath, string section, IniDocument document)
    {
        RunPath = runPath;
        Section = section;
        _document = document;
    }

    /// <summary>The run folder the values come from (named in error messages).</summary>
    public string RunPath { get; }

    /// <summary>The config.ini section the values come from.</summary>
    public string Section { get; }

    /// <summary>The text of <paramref name="key"/> (matched case-insensitively); false when the run lacks it.</summary>
    public bool TryGetText(string key, [NotNullWhen(true)] out string? text)
    {
        text = _document.Get(Section, key);
        return text is not null;
    }

    /// <summary>Converts the text of <paramref name="key"/> to <typeparamref name="T"/> as <see cref="ParameterText.Parse{T}"/> does.</summary>
    /// <exception cref="FormatException">The text is not a valid <typeparamref name="T"/>; the message names run, section, key, text and type.</exception>
    public T Parse<T>(string key, string text)
    {
        if (ParameterText.TryParseCore(typeof(T), text, out object? value, out string reason)) return (T)value!;
        throw Error(key, reason);
    }

    /// <summary>Converts a Python list literal to an array, as <see cref="ParameterText.ParseArray{T}"/> does.</summary>
    /// <exception cref="FormatException">The text is not a list of <typeparamref name="T"/>; the message names run, section, key, text and type.</exception>
    public T[] ParseArray<T>(string key, string text)
    {
        if (ParameterText.TryParseArray(text, out T[]? array, out string reason)) return array;
        throw Error(key, reason);
    }

    /// <summary>Converts a Python list literal to a list, as <see cref="ParameterText.ParseList{T}"/> does.</summary>
    /// <exception cref="FormatException">The text is not a list of <typeparamref name="T"/>; the message names run, section, key, text and type.</exception>
    public List<T> ParseList<T>(string key, string text) => new(ParseArray<T>(key, text));

    /// <summary>
    /// The text of a nullable string parameter: null when the text is Python's None (how null is written), the
    /// text itself otherwise.
    /// </summary>
    public static string? ParseNullableString(string text) => ParameterText.IsNone(text) ? null : text;

    private FormatException Error(string key, string reason) =>
        new($"Run '{RunPath}', section [{Section}], key {RunKey.Quote(key)}: {reason}");
}
