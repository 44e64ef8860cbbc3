using System.Globalization;
using System.Text;
using StorageTyped.Files;
using StorageTyped.Parameters;
using StorageTyped.Groups.Index;

namespace StorageTyped.Groups.Scan;

/// <summary>
/// Turns one config.ini after another into a <see cref="ParsedConfig"/> through <see cref="IniReader.Read{TReceiver}"/>
/// without building an <see cref="IniDocument"/>: keys, section names and repeated texts come from a pool looked up
/// by span, numbers are parsed from the text in place. A file with a DEFAULT section or a '%' (interpolation) takes
/// the full document path, so that every value is what configparser's get() gives. One collector per thread.
/// </summary>
internal sealed class ConfigCollector : IIniReceiver
{
    private const int MaxPooledValues = 4096;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _valueLookup;
    private readonly List<(FieldName Field, object? Cell)> _entries = new();
    private readonly Dictionary<string, CellValue.Literal> _literals = new(StringComparer.Ordinal);
    private char[] _chars = new char[4096];
    private string? _section;
    private bool _needsDocument;

    public ConfigCollector()
    {
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _valueLookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The parameters of a config.ini's bytes (UTF-8, strictly: bytes that are not UTF-8 make the run unreadable, as in configparser).</summary>
    /// <exception cref="InvalidDataException">The file is not UTF-8 or not in configparser's format, or a value expands past the interpolation limit.</exception>
    public ParsedConfig Collect(ReadOnlySpan<byte> bytes, string path, ConfigStat stat)
    {
        int needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (needed > _chars.Length) _chars = new char[Math.Max(needed, _chars.Length * 2)];
        int length;
        try
        {
            length = RegularFile.StrictUtf8.GetChars(bytes, _chars);
        }
        catch (DecoderFallbackException e)
        {
            throw RegularFile.NotUtf8(bytes, path, e);
        }
        ReadOnlySpan<char> text = _chars.AsSpan(0, length);

        _entries.Clear();
        _section = null;
        _needsDocument = false;
        IniReader.Read(text, path, this);
        if (_needsDocument) return ParsedConfig.FromDocument(IniReader.Parse(text.ToString(), path), stat);
        return new ParsedConfig(stat, RunState.Loaded, null, _entries.ToArray());
    }

    void IIniReceiver.Section(ReadOnlySpan<char> name)
    {
        if (name.SequenceEqual(IniDocument.DefaultSectionName)) _needsDocument = true;
        _section = Name(name);
    }

    void IIniReceiver.Option(ReadOnlySpan<char> key, ReadOnlySpan<char> rawValue)
    {
        if (_needsDocument) return;
        if (rawValue.Contains('%'))
        {
            _needsDocument = true;
            return;
        }
        _entries.Add((new FieldName(_section!, Key(key)), Cell(rawValue)));
    }

    /// <summary>A shared string for <paramref name="text"/> when it is among the first few thousand distinct texts; a new one otherwise.</summary>
    public string Value(ReadOnlySpan<char> text)
    {
        if (_valueLookup.TryGetValue(text, out string? pooled)) return pooled;
        string created = text.ToString();
        if (_values.Count < MaxPooledValues) _values.Add(created, created);
        return created;
    }

    /// <summary>A shared literal cell for a list or dict text (sweeps repeat them).</summary>
    public CellValue.Literal Literal(ReadOnlySpan<char> text)
    {
        string pooled = Value(text);
        if (_literals.TryGetValue(pooled, out var literal)) return literal;
        literal = new CellValue.Literal(pooled);
        if (_literals.Count < MaxPooledValues) _literals.Add(pooled, literal);
        return literal;
    }

    /// <summary>
    /// The cell for a value's text, the same as <see cref="CellValue.FromText(string)"/>
    /// gives but without allocating for None, bools and plain numbers, and with pooled texts.
    /// </summary>
    private object? Cell(ReadOnlySpan<char> text)
    {
        if (text.Length == 0) return string.Empty;
        char first = text[0];
        if (first == 'N' && text.SequenceEqual("None")) return null;
        if (first == 'T' && text.SequenceEqual("True")) return CellValue.True;
        if (first == 'F' && text.SequenceEqual("False")) return CellValue.False;
        if (PythonLiteral.IsNumber(text, out bool isInteger))
        {
            if (text.Contains('_')) return CellValue.FromText(text.ToString()); // Python's 1_000: the general path
            if (!isInteger) return PythonLiteral.ToDouble(text);
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)
                ? CellValue.FromInteger(integer)
                : Literal(text);
        }
        if (first is '[' or '(' or '{') return Literal(text);
        if (PythonWhitespace.IsSpace(first) || PythonWhitespace.IsSpace(text[^1])) return CellValue.FromText(text.ToString());
        return Value(text);
    }

    private string Name(ReadOnlySpan<char> name)
    {
        if (_nameLookup.TryGetValue(name, out string? pooled)) return pooled;
        string created = name.ToString();
        _names.Add(created, created);
        return created;
    }

    /// <summary>configparser's optionxform (lower case), pooled.</summary>
    private string Key(ReadOnlySpan<char> key)
    {
        foreach (char c in key)
        {
            if (char.IsAsciiLetterUpper(c) || c > '\u007f') return Name(IniSection.NormalizeKey(key.ToString()));
        }
        return Name(key);
    }
}
