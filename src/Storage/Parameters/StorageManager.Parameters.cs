using StorageTyped.Parameters;
using StorageTyped.Runs;

namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>
    /// Saves one parameter to config.ini (PymoNNto's save_param), written as Python's str() writes it.
    /// </summary>
    /// <param name="key">The option name; matched case-insensitively and stored in lower case, as configparser does.</param>
    /// <param name="value">A number, bool, string, enum, date, Guid, null ("None"), or a list/array/tuple/dict of those.</param>
    /// <param name="section">The INI section.</param>
    /// <exception cref="ArgumentException">The key, section or value cannot be stored; config.ini is unchanged.</exception>
    public void SaveParam(string key, object? value, string section = DefaultSection)
    {
        RunKey.Validate(key);
        RunKey.ValidateSection(section);
        string raw = ToRawValue(key, value);
        ConfigFile.Update(Path, document => document.GetOrAddSection(section).SetRaw(key, raw), Options.FlushToDisk);
    }

    /// <summary>
    /// Saves several parameters in one write of config.ini (PymoNNto's save_param_dict). Every key and value is
    /// checked first: when one is refused, nothing is written.
    /// </summary>
    /// <exception cref="ArgumentException">A key, the section or a value cannot be stored; config.ini is unchanged.</exception>
    public void SaveParamDict(IEnumerable<KeyValuePair<string, object?>> parameters, string section = DefaultSection)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        RunKey.ValidateSection(section);
        SaveParamTexts(FormatParameters(parameters, nameof(parameters)), section, nameof(parameters));
    }

    /// <summary>
    /// Writes already formatted parameter texts in one atomic update of config.ini, after checking every key and
    /// text (a refused one leaves the file unchanged). The common end of SaveParamDict and SaveParams.
    /// </summary>
    internal void SaveParamTexts(IReadOnlyList<KeyValuePair<string, string>> texts, string section, string parameterName)
    {
        var entries = PrepareTexts(texts, section, parameterName);
        if (entries.Count == 0) return;
        ConfigFile.Update(Path, document =>
        {
            var target = document.GetOrAddSection(section);
            foreach (var (key, raw) in entries) target.SetRaw(key, raw);
        }, Options.FlushToDisk);
    }

    /// <summary>
    /// Checks a section name and parameter texts (valid keys, no two keys that configparser takes for one, text that
    /// round-trips) and gives their raw INI form; throws before anything is written.
    /// </summary>
    internal static List<(string Key, string Raw)> PrepareTexts(IReadOnlyList<KeyValuePair<string, string>> texts, string section, string parameterName)
    {
        RunKey.ValidateSection(section);
        var entries = new List<(string Key, string Raw)>(texts.Count);
        var seen = new Dictionary<string, string>(texts.Count, StringComparer.Ordinal);
        foreach (var (key, text) in texts)
        {
            RunKey.Validate(key, parameterName);
            string normalized = IniSection.NormalizeKey(key);
            if (seen.TryGetValue(normalized, out string? earlier))
                throw new ArgumentException($"The keys {RunKey.Quote(earlier)} and {RunKey.Quote(key)} are the same option in config.ini (keys are not case-sensitive); keep one of them.", parameterName);
            seen.Add(normalized, key);
            entries.Add((key, IniValue.ToRaw(key, text)));
        }
        return entries;
    }

    /// <summary>The texts of untyped parameters as SaveParamDict writes them; throws for a key or value that cannot be stored.</summary>
    internal static List<KeyValuePair<string, string>> FormatParameters(IEnumerable<KeyValuePair<string, object?>> parameters, string parameterName)
    {
        var texts = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in parameters)
        {
            RunKey.Validate(key, parameterName);
            texts.Add(new KeyValuePair<string, string>(key, FormatValue(key, value)));
        }
        return texts;
    }

    /// <summary>
    /// Loads a parameter (PymoNNto's load_param): "True"/"False" → bool, integers → int (long or BigInteger when
    /// larger), floats → double, list literals → arrays, "None" → null, anything else → the text.
    /// </summary>
    /// <returns>The value, or <paramref name="defaultValue"/> when the run, the section or the key does not exist.</returns>
    /// <exception cref="InvalidDataException">config.ini exists but is not in configparser's format.</exception>
    public object? LoadParam(string key, string section = DefaultSection, object? defaultValue = null)
    {
        string? text = LoadParamText(key, section);
        return text is null ? defaultValue : ParameterText.ParseValue(text);
    }

    /// <summary>
    /// Loads a parameter as <typeparamref name="T"/> (see <see cref="ParameterText.Parse{T}"/> for the types).
    /// </summary>
    /// <returns>The value, or <paramref name="defaultValue"/> when the key does not exist.</returns>
    /// <exception cref="FormatException">The stored text is not a valid <typeparamref name="T"/>; the message names run, section, key and text.</exception>
    public T LoadParam<T>(string key, T defaultValue = default!, string section = DefaultSection)
    {
        string? text = LoadParamText(key, section);
        if (text is null) return defaultValue;
        if (ParameterConverter.TryConvert(typeof(T), text, out object? value, out string reason)) return (T)value!;
        throw new FormatException($"Run '{Path}', section [{section}], key {RunKey.Quote(key)}: {reason}");
    }

    /// <summary>
    /// The text of a parameter as configparser's get() returns it (PymoNNto's load_param(return_string=True)),
    /// or null when it does not exist.
    /// </summary>
    public string? LoadParamText(string key, string section = DefaultSection)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(section);
        return ConfigFile.Read(Path).Get(section, key);
    }

    /// <summary>Every parameter of a section with its value, as <see cref="LoadParam(string, string, object?)"/> reads it.</summary>
    public IReadOnlyDictionary<string, object?> LoadParamDict(string section = DefaultSection)
    {
        var document = ConfigFile.Read(Path);
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (string key in document.GetKeys(section))
            result[key] = ParameterText.ParseValue(document.Get(section, key)!);
        return result;
    }

    /// <summary>True when the section holds the key (or DEFAULT does).</summary>
    public bool HasParam(string key, string section = DefaultSection) => LoadParamText(key, section) is not null;

    /// <summary>The keys of a section, in file order (PymoNNto's get_all_params); empty when the section does not exist.</summary>
    public IReadOnlyList<string> GetAllParams(string section = DefaultSection) => ConfigFile.Read(Path).GetKeys(section);

    /// <summary>The sections of config.ini in file order (DEFAULT not included).</summary>
    public IReadOnlyList<string> GetSections() => ConfigFile.Read(Path).Sections.Select(s => s.Name).ToList();

    private static string ToRawValue(string key, object? value) => IniValue.ToRaw(key, FormatValue(key, value));

    private static string FormatValue(string key, object? value)
    {
        if (!ParameterText.TryFormat(value, out string text))
            throw new ArgumentException($"The value of {RunKey.Quote(key)} has type {value!.GetType()}, which a parameter cannot hold. Parameters hold numbers, bools, strings, enums, dates, Guids and lists of those; store other objects with SaveObj.", nameof(value));
        return text;
    }
}
