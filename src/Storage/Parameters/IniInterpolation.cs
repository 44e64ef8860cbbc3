using System.Text;

namespace StorageTyped.Parameters;

/// <summary>
/// configparser's BasicInterpolation, applied when a value is read: "%%" stands for "%", and "%(name)s" for the
/// value of option name in the same section (or DEFAULT). Python raises on a malformed reference; files Python
/// writes never hold one, so here a malformed reference is kept as literal text rather than failing a read.
/// </summary>
internal static class IniInterpolation
{
    private const int MaxDepth = 10; // configparser.MAX_INTERPOLATION_DEPTH

    /// <summary>Escapes a value for writing: every '%' becomes "%%".</summary>
    public static string Escape(string value) => value.Contains('%') ? value.Replace("%", "%%") : value;

    /// <summary>Expands a raw value read from <paramref name="sectionName"/> of <paramref name="document"/>.</summary>
    public static string Expand(IniDocument document, string sectionName, string raw)
    {
        var builder = new StringBuilder(raw.Length);
        Expand(document, sectionName, raw, builder, depth: 1);
        return builder.ToString();
    }

    private static void Expand(IniDocument document, string sectionName, string rest, StringBuilder output, int depth)
    {
        int position = 0;
        while (position < rest.Length)
        {
            int percent = rest.IndexOf('%', position);
            if (percent < 0)
            {
                output.Append(rest, position, rest.Length - position);
                return;
            }
            output.Append(rest, position, percent - position);
            char next = percent + 1 < rest.Length ? rest[percent + 1] : '\0';
            if (next == '%')
            {
                output.Append('%');
                position = percent + 2;
                continue;
            }
            if (next == '(')
            {
                int close = rest.IndexOf(')', percent + 2);
                if (close > percent + 2 && close + 1 < rest.Length && rest[close + 1] == 's' && depth <= MaxDepth)
                {
                    string name = rest.Substring(percent + 2, close - percent - 2);
                    string? referenced = document.GetRaw(sectionName, name);
                    if (referenced is not null)
                    {
                        if (referenced.Contains('%')) Expand(document, sectionName, referenced, output, depth + 1);
                        else output.Append(referenced);
                        position = close + 2;
                        continue;
                    }
                }
            }
            // Not a valid escape or reference: keep the '%' as written.
            output.Append('%');
            position = percent + 1;
        }
    }
}
