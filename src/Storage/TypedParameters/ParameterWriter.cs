namespace StorageTyped;

/// <summary>
/// Collects the keys and value texts of a parameter set so that they are checked first and then written to
/// config.ini in one atomic update. Generated <see cref="IRunParameters{TSelf}.WriteParameters"/> code fills it.
/// </summary>
public sealed class ParameterWriter
{
    private readonly List<KeyValuePair<string, string>> _entries;

    /// <summary>An empty writer.</summary>
    public ParameterWriter() => _entries = new List<KeyValuePair<string, string>>();

    /// <summary>An empty writer with room for <paramref name="capacity"/> parameters.</summary>
    public ParameterWriter(int capacity) => _entries = new List<KeyValuePair<string, string>>(capacity);

    /// <summary>The keys and texts added so far, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>Adds a parameter's text, as <see cref="ParameterText.Format(object?)"/> produced it.</summary>
    /// <exception cref="ArgumentNullException">The key or text is null.</exception>
    public void Add(string key, string text)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(text);
        _entries.Add(new KeyValuePair<string, string>(key, text));
    }
}
