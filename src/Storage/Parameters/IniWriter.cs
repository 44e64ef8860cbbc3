using System.Text;

namespace StorageTyped.Parameters;

/// <summary>
/// Writes an <see cref="IniDocument"/> byte for byte as Python's ConfigParser.write does: DEFAULT first when it
/// has options, each section as "[name]", options as "key = value" with continuation lines indented by a tab,
/// and an empty line after each section. No byte order mark (configparser rejects one).
/// </summary>
internal static class IniWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The document as text.</summary>
    public static string ToText(IniDocument document)
    {
        var builder = new StringBuilder(256);
        if (document.Defaults.Count > 0) WriteSection(builder, document.Defaults);
        foreach (var section in document.Sections) WriteSection(builder, section);
        return builder.ToString();
    }

    /// <summary>The document as UTF-8 bytes without a byte order mark.</summary>
    public static byte[] ToBytes(IniDocument document) => Utf8NoBom.GetBytes(ToText(document));

    private static void WriteSection(StringBuilder builder, IniSection section)
    {
        builder.Append('[').Append(section.Name).Append("]\n");
        foreach (var (key, raw) in section.Entries)
        {
            builder.Append(key).Append(" = ");
            if (raw.Contains('\n')) builder.Append(raw.Replace("\n", "\n\t"));
            else builder.Append(raw);
            builder.Append('\n');
        }
        builder.Append('\n');
    }
}
