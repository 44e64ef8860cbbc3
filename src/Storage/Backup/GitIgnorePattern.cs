using System.Text;
using System.Text.RegularExpressions;

namespace StorageTyped.Backup;

/// <summary>
/// One line of a .gitignore file, with git's rules (gitignore(5)): '!' negates, a trailing '/' matches only
/// folders, a '/' at the start or in the middle anchors the pattern to the folder of the .gitignore file (otherwise
/// it matches a name at any depth), '*' and '?' do not match '/', '[…]' is a set, '**/' at the start, '/**' at the
/// end and '/**/' in the middle match any number of folders, and '\' escapes the next character.
/// </summary>
internal sealed class GitIgnorePattern
{
    private readonly Regex _regex;

    private GitIgnorePattern(Regex regex, bool negated, bool directoryOnly, bool matchesName)
    {
        _regex = regex;
        Negated = negated;
        DirectoryOnly = directoryOnly;
        MatchesName = matchesName;
    }

    /// <summary>A '!' pattern: a match includes the path again.</summary>
    public bool Negated { get; }

    /// <summary>A pattern ending in '/': it matches folders only.</summary>
    public bool DirectoryOnly { get; }

    /// <summary>A pattern without a '/' before its end: it matches the last name of a path at any depth.</summary>
    public bool MatchesName { get; }

    /// <summary>Parses one line; null for blank lines, comments and patterns that can match nothing.</summary>
    public static GitIgnorePattern? Parse(string line)
    {
        string text = TrimTrailingSpaces(line.TrimEnd('\r'));
        if (text.Length == 0 || text[0] == '#') return null;
        bool negated = false;
        if (text[0] == '!')
        {
            negated = true;
            text = text[1..];
        }
        bool directoryOnly = false;
        if (text.EndsWith('/') && !EndsWithEscaped(text))
        {
            directoryOnly = true;
            text = text.TrimEnd('/');
        }
        if (text.Length == 0) return null;
        bool anchored = text.Contains('/');
        if (text[0] == '/') text = text[1..];
        if (text.Length == 0) return null;
        string? regex = ToRegex(text);
        if (regex is null) return null;
        return new GitIgnorePattern(new Regex(regex, RegexOptions.CultureInvariant | RegexOptions.Singleline), negated, directoryOnly, matchesName: !anchored);
    }

    /// <summary>
    /// True when the pattern matches <paramref name="relativePath"/>, the path relative to the folder of the
    /// .gitignore file, with '/' separators.
    /// </summary>
    public bool IsMatch(string relativePath, bool isDirectory)
    {
        if (DirectoryOnly && !isDirectory) return false;
        string subject = MatchesName ? relativePath[(relativePath.LastIndexOf('/') + 1)..] : relativePath;
        return _regex.IsMatch(subject);
    }

    private static string? ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (c == '*')
            {
                int stars = 1;
                while (i + stars < pattern.Length && pattern[i + stars] == '*') stars++;
                bool startsSegment = i == 0 || pattern[i - 1] == '/';
                bool endsSegment = i + stars == pattern.Length || pattern[i + stars] == '/';
                if (stars >= 2 && startsSegment && endsSegment)
                {
                    if (i + stars == pattern.Length)
                        regex.Append(i == 0 ? ".*" : ".+");     // "**" alone or trailing "/**": everything inside
                    else
                    {
                        regex.Append("(?:.*/)?");                // leading "**/" or middle "/**/": zero or more folders
                        stars++;                                 // the '/' after the stars is part of it
                    }
                }
                else
                {
                    regex.Append("[^/]*");
                }
                i += stars;
                continue;
            }
            if (c == '?')
            {
                regex.Append("[^/]");
                i++;
                continue;
            }
            if (c == '[')
            {
                int end = ParseBracket(pattern, i, out string? set);
                if (end < 0)
                {
                    // An unclosed '[' makes git's wildmatch fail for every path.
                    return null;
                }
                regex.Append(set);
                i = end;
                continue;
            }
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length) return null; // a trailing backslash matches nothing in git
                regex.Append(Regex.Escape(pattern[i + 1].ToString()));
                i += 2;
                continue;
            }
            regex.Append(Regex.Escape(c.ToString()));
            i++;
        }
        return regex.Append('$').ToString();
    }

    /// <summary>Translates the set starting at <paramref name="start"/>; returns the index after it, or -1 when it is not closed.</summary>
    private static int ParseBracket(string pattern, int start, out string? set)
    {
        set = null;
        int i = start + 1;
        var body = new StringBuilder();
        bool negated = false;
        if (i < pattern.Length && pattern[i] is '!' or '^')
        {
            negated = true;
            i++;
        }
        bool first = true;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (c == ']' && !first)
            {
                set = body.Length == 0 ? (negated ? "[^/]" : "(?!)") : $"[{(negated ? "^/" : "")}{body}]";
                return i + 1;
            }
            first = false;
            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                int close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close < 0) return -1;
                string? cls = pattern[(i + 2)..close] switch
                {
                    "alnum" => "a-zA-Z0-9",
                    "alpha" => "a-zA-Z",
                    "blank" => " \\t",
                    "cntrl" => "\\x00-\\x1f\\x7f",
                    "digit" => "0-9",
                    "graph" => "\\x21-\\x7e",
                    "lower" => "a-z",
                    "print" => "\\x20-\\x7e",
                    "punct" => "!-/:-@\\[-`{-~",
                    "space" => " \\t\\n\\r\\f\\v",
                    "upper" => "A-Z",
                    "xdigit" => "0-9a-fA-F",
                    _ => null,
                };
                if (cls is null) return -1;
                body.Append(cls);
                i = close + 2;
                continue;
            }
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i++;
                c = pattern[i];
            }
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                char high = pattern[i + 2];
                int next = i + 3;
                if (high == '\\' && i + 3 < pattern.Length)
                {
                    high = pattern[i + 3];
                    next = i + 4;
                }
                if (high >= c) body.Append(EscapeInSet(c)).Append('-').Append(EscapeInSet(high));
                i = next;
                continue;
            }
            body.Append(EscapeInSet(c));
            i++;
        }
        return -1;
    }

    private static string EscapeInSet(char c) => c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString();

    private static string TrimTrailingSpaces(string text)
    {
        int end = text.Length;
        while (end > 0 && text[end - 1] == ' ')
        {
            // "\ " keeps the space.
            int backslashes = 0;
            for (int j = end - 2; j >= 0 && text[j] == '\\'; j--) backslashes++;
            if (backslashes % 2 == 1) break;
            end--;
        }
        return text[..end];
    }

    private static bool EndsWithEscaped(string text)
    {
        int backslashes = 0;
        for (int j = text.Length - 2; j >= 0 && text[j] == '\\'; j--) backslashes++;
        return backslashes % 2 == 1;
    }
}
