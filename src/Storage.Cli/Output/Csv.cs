namespace StorageTyped.Cli.Output;

/// <summary>CSV fields as RFC 4180 writes them.</summary>
internal static class Csv
{
    /// <summary>The field, quoted (with doubled quotes) when it holds a comma, quote, line break or surrounding space.</summary>
    public static string Field(string text)
    {
        bool quote = text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])));
        return quote ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
