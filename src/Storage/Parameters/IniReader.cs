using System.Runtime.CompilerServices;
using System.Text;

namespace StorageTyped.Parameters;

/// <summary>
/// Reads the INI dialect of Python's configparser (default settings of ConfigParser): sections in brackets,
/// options as "key = value" or "key: value" split at the first '=' or ':', full-line comments starting with '#'
/// or ';', values continued on lines indented deeper than their key (empty lines inside a value kept), keys and
/// values stripped of white space, keys in lower case. It differs only where configparser would reject a file:
/// a repeated section or option is merged (last value wins) and a UTF-8 byte order mark is skipped.
/// </summary>
internal static class IniReader
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="sourceName"/> names the file in error messages.</summary>
    /// <exception cref="InvalidDataException">A line is neither a section, an option, a comment nor a continuation.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IniDocument Parse(string text, string sourceName)
    {
        var document = new IniDocument();
        IniSection? section = null;
        string? optionName = null;        // the option that continuation lines extend
        List<string>? optionLines = null; // its lines when it spans more than one
        string? optionFirstLine = null;
        int indentLevel = 0;
        int lineNumber = 0;

        ReadOnlySpan<char> remaining = text.AsSpan();
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
                if (!isComment && section is not null && optionName is not null)
                    (optionLines ??= new List<string> { optionFirstLine! }).Add(string.Empty);
                continue;
            }

            int indent = 0;
            while (indent < line.Length && PythonWhitespace.IsSpace(line[indent])) indent++;

            if (section is not null && optionName is not null && indent > indentLevel)
            {
                (optionLines ??= new List<string> { optionFirstLine! }).Add(value.ToString());
                continue;
            }

            // A new element ends the previous option's value.
            Flush(section, ref optionName, ref optionLines, ref optionFirstLine);
            indentLevel = indent;

            if (value[0] == '[' && value.LastIndexOf(']') > 1)
            {
                string name = value[1..value.LastIndexOf(']')].ToString();
                section = document.GetOrAddSection(name);
                continue;
            }
            if (section is null)
                throw new InvalidDataException($"{sourceName}, line {lineNumber}: an option comes before any [section] header. configparser files start with a header such as [Parameters]. Line: {Shorten(line)}");

            int delimiter = value.IndexOfAny('=', ':');
            if (delimiter < 0)
                throw new InvalidDataException($"{sourceName}, line {lineNumber}: expected 'key = value' or a [section] header. Line: {Shorten(line)}");
            ReadOnlySpan<char> key = PythonWhitespace.StripEnd(value[..delimiter]);
            if (key.Length == 0)
                throw new InvalidDataException($"{sourceName}, line {lineNumber}: the option has no name before '{value[delimiter]}'. Line: {Shorten(line)}");
            optionName = IniSection.NormalizeKey(key.ToString());
            optionFirstLine = PythonWhitespace.Strip(value[(delimiter + 1)..]).ToString();
        }
        Flush(section, ref optionName, ref optionLines, ref optionFirstLine);
        return document;
    }

    private static void Flush(IniSection? section, ref string? optionName, ref List<string>? optionLines, ref string? optionFirstLine)
    {
        if (section is null || optionName is null) return;
        string raw = optionLines is null
            ? optionFirstLine!
            : PythonWhitespace.StripEnd(string.Join('\n', optionLines)).ToString();
        section.SetRaw(optionName, raw);
        optionName = null;
        optionLines = null;
        optionFirstLine = null;
    }

    private static string Shorten(ReadOnlySpan<char> line) =>
        line.Length <= 80 ? line.ToString() : string.Concat(line[..80], "…");
}
