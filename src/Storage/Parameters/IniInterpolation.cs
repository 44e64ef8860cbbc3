using System.Text;

namespace StorageTyped.Parameters;

/// <summary>
/// configparser's BasicInterpolation, applied when a value is read: "%%" stands for "%", and "%(name)s" for the
/// value of option name in the same section (or DEFAULT). Python raises on a malformed reference; files Python
/// writes never hold one, so here a malformed reference is kept as literal text rather than failing a read.
/// </summary>
/// <remarks>
/// configparser bounds only the depth of references (10), not what they expand to: twelve lines of ten references
/// each make an 857-byte file whose value would be 10¹² characters. Here an expansion may produce at most
/// <see cref="MaxExpandedLength"/> characters (or the length of the value as written, when that is more: text without
/// references is never refused), each reference counting one more; beyond that the read is an
/// <see cref="InvalidDataException"/> naming file, section and key. Each referenced value is expanded once per depth,
/// so the work is bounded by the limit too, whatever the references (ten levels of ten references to an empty value
/// are 10¹⁰ references to configparser, and a few hundred here).
/// </remarks>
internal static class IniInterpolation
{
    private const int MaxDepth = 10; // configparser.MAX_INTERPOLATION_DEPTH

    /// <summary>The most characters one value may expand to (1 MiB of text), each reference counting one more.</summary>
    public const int MaxExpandedLength = 1 << 20;

    /// <summary>Escapes a value for writing: every '%' becomes "%%".</summary>
    public static string Escape(string value) => value.Contains('%') ? value.Replace("%", "%%") : value;

    /// <summary>Expands the raw value of <paramref name="key"/> read from <paramref name="sectionName"/> of <paramref name="document"/>.</summary>
    /// <exception cref="InvalidDataException">The value expands to more than <see cref="MaxExpandedLength"/> characters.</exception>
    public static string Expand(IniDocument document, string sectionName, string key, string raw)
    {
        int limit = Math.Max(MaxExpandedLength, raw.Length);
        return new Expander(document, sectionName).Expand(raw, depth: 1, limit)
            ?? throw new InvalidDataException($"'{document.SourceName}', [{sectionName}] {key}: the value's %(name)s references expand to more than {limit:N0} characters (the limit of one interpolated value), so it is not read. configparser would build it whole; fix the references in the file.");
    }

    /// <summary>
    /// One expansion. A referenced value is expanded once per depth and kept (references many times to one value
    /// cost one expansion); what each value appends, and one per reference, counts against its cap.
    /// </summary>
    private sealed class Expander(IniDocument document, string sectionName)
    {
        private Dictionary<(string Name, int Depth), string>? _expanded;

        /// <summary>The expansion of <paramref name="text"/>, or null when it would need more than <paramref name="cap"/>.</summary>
        public string? Expand(string text, int depth, int cap)
        {
            var output = new StringBuilder(Math.Min(text.Length, cap));
            int spent = 0;
            int position = 0;
            while (position < text.Length)
            {
                int percent = text.IndexOf('%', position);
                int literal = (percent < 0 ? text.Length : percent) - position;
                if ((spent += literal) > cap) return null;
                output.Append(text, position, literal);
                if (percent < 0) break;
                char next = percent + 1 < text.Length ? text[percent + 1] : '\0';
                if (++spent > cap) return null; // the '%' below, or the reference
                if (next == '%')
                {
                    output.Append('%');
                    position = percent + 2;
                    continue;
                }
                if (next == '(')
                {
                    int close = text.IndexOf(')', percent + 2);
                    if (close > percent + 2 && close + 1 < text.Length && text[close + 1] == 's' && depth <= MaxDepth)
                    {
                        string name = IniSection.NormalizeKey(text.Substring(percent + 2, close - percent - 2));
                        string? referenced = document.GetRaw(sectionName, name);
                        if (referenced is not null)
                        {
                            string? value = referenced.Contains('%') ? Expanded(name, referenced, depth + 1, cap - spent) : referenced;
                            if (value is null || (spent += value.Length) > cap) return null;
                            output.Append(value);
                            position = close + 2;
                            continue;
                        }
                    }
                }
                // Not a valid escape or reference: keep the '%' as written.
                output.Append('%');
                position = percent + 1;
            }
            return output.ToString();
        }

        /// <summary>A referenced value expanded at <paramref name="depth"/>: kept from before, or expanded now within <paramref name="cap"/>.</summary>
        private string? Expanded(string name, string raw, int depth, int cap)
        {
            _expanded ??= new Dictionary<(string, int), string>();
            if (_expanded.TryGetValue((name, depth), out string? known)) return known;
            string? value = Expand(raw, depth, cap);
            if (value is not null) _expanded[(name, depth)] = value;
            return value;
        }
    }
}
