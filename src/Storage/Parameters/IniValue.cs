using StorageTyped.Runs;

namespace StorageTyped.Parameters;

/// <summary>
/// Turns a value's text into what stands in config.ini, refusing text that configparser could not give back
/// unchanged: it strips white space at the ends of every line, drops continuation lines that start with '#' or
/// ';', folds '\r' into line ends and drops trailing empty lines. '%' is escaped as "%%".
/// </summary>
internal static class IniValue
{
    /// <summary>The raw INI form of <paramref name="text"/>; throws an ArgumentException naming the key when it cannot round-trip.</summary>
    public static string ToRaw(string key, string text)
    {
        string? problem = FindProblem(text);
        if (problem is not null)
            throw new ArgumentException($"The value of {RunKey.Quote(key)} cannot be stored in config.ini: {problem}", nameof(text));
        return IniInterpolation.Escape(text);
    }

    /// <summary>Why <paramref name="text"/> would not survive configparser unchanged; null when it would.</summary>
    public static string? FindProblem(string text)
    {
        if (text.Length == 0) return null;
        if (text.Contains('\r'))
            return "it contains a carriage return ('\\r'), which Python's text files turn into a line end. Use '\\n' for line breaks.";
        // Lines as configparser sees them: Python reads the file with universal newlines, which end a line at '\n'
        // ('\r' is refused above) and nowhere else. EnumerateLines would also split at U+2028, U+2029, U+0085 and
        // '\f', which are white space inside a line to configparser and are stripped at its ends.
        int lineNumber = 0;
        foreach (var line in text.AsSpan().Split('\n'))
        {
            ReadOnlySpan<char> lineText = text.AsSpan()[line];
            if (lineText.Length > 0 && (PythonWhitespace.IsSpace(lineText[0]) || PythonWhitespace.IsSpace(lineText[^1])))
                return lineNumber == 0
                    ? "it starts or ends with white space, which configparser strips. Remove it, or store the text with SaveStr."
                    : $"line {lineNumber + 1} of the value starts or ends with white space, which configparser strips from each line. Remove it, or store the text with SaveStr.";
            if (lineNumber > 0 && lineText.Length > 0 && (lineText[0] == '#' || lineText[0] == ';'))
                return $"line {lineNumber + 1} of the value starts with '{lineText[0]}', which configparser reads as a comment and drops. Store the text with SaveStr.";
            lineNumber++;
        }
        if (text[^1] == '\n')
            return "it ends with a line break, which configparser strips. Remove it, or store the text with SaveStr.";
        return null;
    }
}
