namespace StorageTyped.Rules;

/// <summary>
/// Python's idea of white space (str.isspace, used by str.strip): what configparser strips from keys and values.
/// It differs from char.IsWhiteSpace in the information separators U+001C–U+001F.
/// </summary>
internal static class PythonWhitespace
{
    /// <summary>True when Python's str.isspace would be true for <paramref name="c"/>.</summary>
    public static bool IsSpace(char c) =>
        c is >= '\u0009' and <= '\u000D' or >= '\u001C' and <= '\u0020' or '\u0085' or '\u00A0' or '\u1680'
            or >= '\u2000' and <= '\u200A' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000';

    /// <summary>Python's str.strip() with no arguments.</summary>
    public static ReadOnlySpan<char> Strip(ReadOnlySpan<char> text)
    {
        int start = 0, end = text.Length;
        while (start < end && IsSpace(text[start])) start++;
        while (end > start && IsSpace(text[end - 1])) end--;
        return text[start..end];
    }

    /// <summary>Python's str.rstrip() with no arguments.</summary>
    public static ReadOnlySpan<char> StripEnd(ReadOnlySpan<char> text)
    {
        int end = text.Length;
        while (end > 0 && IsSpace(text[end - 1])) end--;
        return text[..end];
    }
}
