namespace StorageTyped.Parameters;

/// <summary>
/// One section of an INI document: options in file order, looked up by their configparser form (lower case).
/// Values are kept raw, as they stand in the file (with %% escapes and multi-line values joined by '\n').
/// </summary>
internal sealed class IniSection
{
    private readonly List<string> _keys = new();
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public IniSection(string name) => Name = name;

    /// <summary>The section name as written between brackets (case-sensitive, as in configparser).</summary>
    public string Name { get; }

    /// <summary>Number of options.</summary>
    public int Count => _keys.Count;

    /// <summary>Option names (lower case) in file order.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Looks up the raw value of an option; the key is matched case-insensitively.</summary>
    public bool TryGetRaw(string key, out string raw) => _values.TryGetValue(NormalizeKey(key), out raw!);

    /// <summary>Sets the raw value of an option, keeping its place if it exists.</summary>
    public void SetRaw(string key, string raw)
    {
        string normalized = NormalizeKey(key);
        if (!_values.ContainsKey(normalized))
            _keys.Add(normalized);
        _values[normalized] = raw;
    }

    /// <summary>Options in file order with their raw values.</summary>
    public IEnumerable<KeyValuePair<string, string>> Entries
    {
        get
        {
            foreach (string key in _keys)
                yield return new KeyValuePair<string, string>(key, _values[key]);
        }
    }

    /// <summary>configparser's optionxform: option names are stored in lower case.</summary>
    public static string NormalizeKey(string key)
    {
        foreach (char c in key)
        {
            if (char.IsUpper(c) || c > '\u007f')
                return key.ToLowerInvariant();
        }
        return key;
    }
}
