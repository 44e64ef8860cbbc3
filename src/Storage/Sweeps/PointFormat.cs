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

/// <summary>Untyped points: dictionaries written as <see cref="StorageManager.SaveParamDict"/> writes them, to [Parameters].</summary>
internal sealed class DictionaryPointFormat : PointFormat<IReadOnlyDictionary<string, object?>>
{
    public static readonly DictionaryPointFormat Instance = new();

    public override string Section => StorageManager.DefaultSection;

    public override IReadOnlyList<KeyValuePair<string, string>> Texts(IReadOnlyDictionary<string, object?> point) =>
        StorageManager.FormatParameters(point, "points");
}
