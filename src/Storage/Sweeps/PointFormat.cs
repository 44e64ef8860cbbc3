namespace StorageTyped.Sweeps;

/// <summary>How a sweep writes one kind of point: its section and its parameters' texts.</summary>
internal abstract class PointFormat<T>
{
    /// <summary>The config.ini section the parameters go to.</summary>
    public abstract string Section { get; }

    /// <summary>The keys and value texts of <paramref name="point"/>, as config.ini will hold them.</summary>
    /// <exception cref="ArgumentException">A key or value cannot be stored.</exception>
    public abstract IReadOnlyList<KeyValuePair<string, string>> Texts(T point);
}

/// <summary>[RunParameters] points: the generated writer gives the texts.</summary>
internal sealed class TypedPointFormat<T> : PointFormat<T> where T : IRunParameters<T>
{
    public static readonly TypedPointFormat<T> Instance = new();

    public override string Section => T.Section;

    public override IReadOnlyList<KeyValuePair<string, string>> Texts(T point)
    {
        var writer = new ParameterWriter(T.ParameterKeys.Count);
        T.WriteParameters(point, writer);
        return writer.Entries;
    }
}

/// <summary>
/// Untyped points: dictionaries written as <see cref="StorageManager.SaveParamDict"/> writes them, to [Parameters]. The
/// points of a sweep share their keys, so a key is checked once (not once per point).
/// </summary>
internal sealed class DictionaryPointFormat : PointFormat<IReadOnlyDictionary<string, object?>>
{
    public static readonly DictionaryPointFormat Instance = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _validKeys = new(StringComparer.Ordinal);

    public override string Section => StorageManager.DefaultSection;

    public override IReadOnlyList<KeyValuePair<string, string>> Texts(IReadOnlyDictionary<string, object?> point)
    {
        var texts = new KeyValuePair<string, string>[point.Count];
        int i = 0;
        foreach (var (key, value) in point)
        {
            if (!_validKeys.ContainsKey(key ?? ""))
            {
                RunKey.Validate(key, "points");
                if (_validKeys.Count < 10_000) _validKeys.TryAdd(key!, 0);
            }
            if (!ParameterText.TryFormat(value, out string text))
                throw new ArgumentException($"The value of {RunKey.Quote(key!)} has type {value!.GetType()}, which a parameter cannot hold. Parameters hold numbers, bools, strings, enums, dates, Guids and lists of those; store other objects with SaveObj.", "points");
            texts[i++] = new KeyValuePair<string, string>(key!, text);
        }
        return i == texts.Length ? texts : texts[..i];
    }
}
