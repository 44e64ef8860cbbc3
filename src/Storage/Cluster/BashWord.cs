using System.Text;

namespace StorageTyped.Cluster;

/// <summary>
/// Quotes a string as one bash word that bash turns back into exactly that string: bare when it holds only
/// characters bash gives no meaning to, in single quotes otherwise, and with ANSI-C quoting (<c>$'…'</c>) when it
/// holds control characters, so that every script line stays one line (sbatch refuses a script with a carriage return).
/// </summary>
internal static class BashWord
{
    /// <summary>The word for <paramref name="value"/>; NUL cannot be passed to a program and must be refused before.</summary>
    public static string Quote(string value)
    {
        if (value.Length == 0) return "''";
        if (value.All(IsPlain)) return value;
        if (!value.Any(char.IsControl)) return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var quoted = new StringBuilder("$'");
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': quoted.Append("\\\\"); break;
                case '\'': quoted.Append("\\'"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case var control when char.IsControl(control):
                    // As UTF-8 bytes: \xHH means a byte whatever the locale (\u would depend on it).
                    foreach (byte b in Encoding.UTF8.GetBytes([control])) quoted.Append($"\\x{b:x2}");
                    break;
                default: quoted.Append(c); break;
            }
        }
        return quoted.Append('\'').ToString();
    }

    /// <summary>
    /// Characters that mean nothing to bash anywhere in a word (as Python's shlex.quote counts them), nor to sbatch's
    /// directive parser.
    /// </summary>
    public static bool IsPlain(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '_' or '-';
}
