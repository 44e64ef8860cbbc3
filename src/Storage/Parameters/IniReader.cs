using System.Text;

namespace StorageTyped.Parameters;

/// <summary>What <see cref="IniReader.Read{TReceiver}"/> finds in a file, in file order.</summary>
internal interface IIniReceiver
{
    /// <summary>A [section] header (the name as written between the brackets).</summary>
    void Section(ReadOnlySpan<char> name);

    /// <summary>An option of the current section: its key as written (stripped, not yet in lower case) and its raw value (continuation lines joined with '\n').</summary>
    void Option(ReadOnlySpan<char> key, ReadOnlySpan<char> rawValue);
}

/// <summary>
/// Reads the INI dialect of Python's configparser (default settings of ConfigParser): sections in brackets,
/// options as "key = value" or "key: value" split at the first '=' or ':', full-line comments starting with '#'
/// or ';', values continued on lines indented deeper than their key (empty lines inside a value kept), keys and
/// values stripped of white space, keys in lower case. It differs only where configparser would reject a file:
/// a repeated section or option is merged (last value wins) and a UTF-8 byte order mark is skipped.
/// </summary>
/// <remarks>
/// <see cref="Read{TReceiver}"/> is the one parser: it hands sections and options to a receiver without building
/// anything, so that the group, which reads 100,000 files, can keep only what it needs; <see cref="Parse"/> builds
/// an <see cref="IniDocument"/> from the same events.
/// </remarks>
internal static class IniReader
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="sourceName"/> names the file in error messages.</summary>
    /// <exception cref="InvalidDataException">A line is neither a section, an option, a comment nor a continuation.</exception>
    public static IniDocument Parse(string text, string sourceName)
    {
        var builder = new DocumentBuilder(sourceName);
        Read(text.AsSpan(), sourceName, builder);
        return builder.Document;
    }

    /// <summary>Reads <paramref name="text"/> and hands its sections and options to <paramref name="receiver"/>.</summary>
    /// <exception cref="InvalidDataException">A line is neither a section, an option, a comment nor a continuation.</exception>
    public static void Read<TReceiver>(ReadOnlySpan<char> text, string sourceName, TReceiver receiver) where TReceiver : IIniReceiver
    {
        bool inSection = false;
        ReadOnlySpan<char> optionKey = default; // the option that continuation lines extend
        bool hasOption = false;
        ReadOnlySpan<char> optionFirstLine = default;
        List<string>? optionLines = null;       // its lines when it spans more than one
        int indentLevel = 0;
        int lineNumber = 0;

        ReadOnlySpan<char> remaining = text;
        if (remaining.Length > 0 && remaining[0] == '\uFEFF') remaining = remaining[1..];

        while (remaining.Length > 0)
        {
            // Universal newlines, as Python's text files: "\r\n", "\r" and "\n" end a line.
            int end = remaining.IndexOfAny('\n', '\r');
            ReadOnlySpan<char> line;
            if (end < 0) { line = remaining; remaining = default; }
            else
            {
                line = remaining[..end];
                int skip = remaining[end] == '\r' && end + 1 < remaining.Length && remaining[end + 1] == '\n' ? 2 : 1;
                remaining = remaining[(end + skip)..];
            }
            lineNumber++;

            ReadOnlySpan<char> value = PythonWhitespace.Strip(line);
            bool isComment = value.Length > 0 && (value[0] == '#' || value[0] == ';');
            if (value.Length == 0 || isComment)
            {
                // An empty line (not a comment) inside a value is part of it.
                if (!isComment && hasOption)
                    (optionLines ??= new List<string> { optionFirstLine.ToString() }).Add(string.Empty);
                continue;
            }

            int indent = 0;
            while (indent < line.Length && PythonWhitespace.IsSpace(line[indent])) indent++;

            if (hasOption && indent > indentLevel)
            {
                (optionLines ??= new List<string> { optionFirstLine.ToString() }).Add(value.ToString());
                continue;
            }

            // A new element ends the previous option's value.
            if (hasOption) Flush(receiver, optionKey, optionFirstLine, ref optionLines);
            hasOption = false;
            indentLevel = indent;

            if (value[0] == '[' && value.LastIndexOf(']') > 1)
            {
                receiver.Section(value[1..value.LastIndexOf(']')]);
                inSection = true;
                continue;
            }
            if (!inSection)
                throw new InvalidDataException($"{sourceName}, line {lineNumber}: an option comes before any [section] header. configparser files start with a header such as [Parameters]. Line: {Shorten(line)}");

            int delimiter = value.IndexOfAny('=', ':');
            if (delimiter < 0)
                throw new InvalidDataException($"{sourceName}, line {lineNumber}: expected 'key = value' or a [section] header. Line: {Shorten(line)}");
            ReadOnlySpan<char> key = PythonWhitespace.StripEnd(value[..delimiter]);
            if (key.Length == 0)
                throw new InvalidDataException($"{sourceName}, line {lineNumber}: the option has no name before '{value[delimiter]}'. Line: {Shorten(line)}");
            optionKey = key;
            optionFirstLine = PythonWhitespace.Strip(value[(delimiter + 1)..]);
            hasOption = true;
        }
        if (hasOption) Flush(receiver, optionKey, optionFirstLine, ref optionLines);
    }

    private static void Flush<TReceiver>(TReceiver receiver, ReadOnlySpan<char> key, ReadOnlySpan<char> firstLine, ref List<string>? lines) where TReceiver : IIniReceiver
    {
        if (lines is null)
        {
            receiver.Option(key, firstLine);
            return;
        }
        receiver.Option(key, PythonWhitespace.StripEnd(string.Join('\n', lines)));
        lines = null;
    }

    private static string Shorten(ReadOnlySpan<char> line) =>
        line.Length <= 80 ? line.ToString() : string.Concat(line[..80], "…");

    /// <summary>Builds the <see cref="IniDocument"/> <see cref="Parse"/> returns.</summary>
    private sealed class DocumentBuilder(string sourceName) : IIniReceiver
    {
        private IniSection? _section;

        public IniDocument Document { get; } = new() { SourceName = sourceName };

        public void Section(ReadOnlySpan<char> name) => _section = Document.GetOrAddSection(name.ToString());

        public void Option(ReadOnlySpan<char> key, ReadOnlySpan<char> rawValue) =>
            _section!.SetRaw(IniSection.NormalizeKey(key.ToString()), rawValue.ToString());
    }
}
