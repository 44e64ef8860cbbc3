namespace StorageTyped.Parameters;

/// <summary>
/// An INI document in Python configparser's model: named sections in order, plus the special DEFAULT section
/// whose options every other section inherits.
/// </summary>
internal sealed class IniDocument
{
    /// <summary>configparser's default_section.</summary>
    public const string DefaultSectionName = "DEFAULT";

    private readonly List<IniSection> _sections = new();
    private readonly Dictionary<string, IniSection> _byName = new(StringComparer.Ordinal);

    /// <summary>The file the document was read from, for messages (empty for a document built in memory).</summary>
    public string SourceName { get; init; } = "";

    /// <summary>The DEFAULT section (possibly empty).</summary>
    public IniSection Defaults { get; } = new(DefaultSectionName);

    /// <summary>The sections other than DEFAULT, in file order.</summary>
    public IReadOnlyList<IniSection> Sections => _sections;

    /// <summary>Finds a section by its exact name; DEFAULT returns <see cref="Defaults"/>.</summary>
    public IniSection? FindSection(string name)
    {
        if (name == DefaultSectionName) return Defaults;
        return _byName.TryGetValue(name, out var section) ? section : null;
    }

    /// <summary>Finds or appends a section.</summary>
    public IniSection GetOrAddSection(string name)
    {
        if (name == DefaultSectionName) return Defaults;
        if (!_byName.TryGetValue(name, out var section))
        {
            section = new IniSection(name);
            _sections.Add(section);
            _byName.Add(name, section);
        }
        return section;
    }

    /// <summary>
    /// The raw value of <paramref name="key"/> in <paramref name="sectionName"/>, falling back to DEFAULT as
    /// configparser does; null when the section does not exist or neither holds the key.
    /// </summary>
    public string? GetRaw(string sectionName, string key)
    {
        var section = FindSection(sectionName);
        if (section is null) return null;
        if (section.TryGetRaw(key, out string raw)) return raw;
        return Defaults.TryGetRaw(key, out raw) ? raw : null;
    }

    /// <summary>
    /// The value of <paramref name="key"/> as configparser's get() returns it: DEFAULT fallback and basic
    /// interpolation (%% and %(name)s) applied.
    /// </summary>
    /// <exception cref="InvalidDataException">The value expands to more than <see cref="IniInterpolation.MaxExpandedLength"/> characters.</exception>
    public string? Get(string sectionName, string key)
    {
        string? raw = GetRaw(sectionName, key);
        if (raw is null) return null;
        return raw.Contains('%') ? IniInterpolation.Expand(this, sectionName, key, raw) : raw;
    }

    /// <summary>Keys of a section as configparser's items(section) lists them: the section's own, then DEFAULT's.</summary>
    public IReadOnlyList<string> GetKeys(string sectionName)
    {
        var section = FindSection(sectionName);
        if (section is null) return Array.Empty<string>();
        if (ReferenceEquals(section, Defaults) || Defaults.Count == 0) return section.Keys;
        var keys = new List<string>(section.Keys);
        foreach (string key in Defaults.Keys)
            if (!section.TryGetRaw(key, out _)) keys.Add(key);
        return keys;
    }
}
