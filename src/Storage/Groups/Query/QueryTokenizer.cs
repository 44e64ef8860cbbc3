using System.Collections.Generic;
using System.Globalization;
using System.Text;
using StorageTyped.Rules;

namespace StorageTyped.Groups.Query;

/// <summary>The comparison operators of the query language.</summary>
internal enum ComparisonOperator : byte { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual }

/// <summary>What a token of a query is.</summary>
internal enum QueryTokenKind : byte
{
    /// <summary>A bare word that is no keyword: a parameter name, or a number (the parser tells them apart).</summary>
    Word,

    /// <summary>A quoted string; <see cref="QueryToken.Text"/> holds it unescaped.</summary>
    String,
    True,
    False,
    None,
    Operator,
    And,
    Or,
    Open,
    Close,
    End,
}

/// <summary>One token: its kind, where it stands in the query, and its text (a word as written, a string unescaped).</summary>
internal readonly record struct QueryToken(QueryTokenKind Kind, int Position, int Length, string? Text = null, ComparisonOperator Operator = default)
{
    /// <summary>A word, string or keyword value: what may stand on either side of an operator.</summary>
    public bool IsOperand => Kind is QueryTokenKind.Word or QueryTokenKind.String or QueryTokenKind.True or QueryTokenKind.False or QueryTokenKind.None;
}

/// <summary>
/// Splits a query of the group's language into tokens (QueryParser has the grammar). A word is a
/// run of characters other than white space (Python's), parentheses, quotes and &lt; &gt; = !; the keywords and, or,
/// True, False and None are matched in any case. The one tokenizer of the language: the [RunParameters] generator
/// compiles this file too (netstandard2.0), so that its STG004 analyzer reads a query's parameter names as the
/// group does.
/// </summary>
internal static class QueryTokenizer
{
    /// <summary>The tokens of <paramref name="query"/>, ending with an End token.</summary>
    /// <exception cref="FormatException">A character that starts no token; the message points at it.</exception>
    public static List<QueryToken> Tokenize(string query)
    {
        var tokens = new List<QueryToken>();
        int i = 0;
        while (i < query.Length)
        {
            char c = query[i];
            if (PythonWhitespace.IsSpace(c)) { i++; continue; }
            int start = i;
            switch (c)
            {
                case '(': tokens.Add(new QueryToken(QueryTokenKind.Open, i, 1)); i++; continue;
                case ')': tokens.Add(new QueryToken(QueryTokenKind.Close, i, 1)); i++; continue;
                case '\'' or '"': tokens.Add(ReadString(query, ref i)); continue;
                case '<' or '>' or '=' or '!': tokens.Add(ReadOperator(query, ref i)); continue;
            }
            while (i < query.Length && IsWordCharacter(query[i])) i++;
            string word = query.Substring(start, i - start);
            if (word is "&&" or "&") throw Error(query, start, "use 'and' to join conditions");
            if (word is "||" or "|") throw Error(query, start, "use 'or' to join conditions");
            if (word.Equals("not", StringComparison.OrdinalIgnoreCase)) throw Error(query, start, "'not' is not supported; negate the comparison instead (!= for ==, <= for >)");
            tokens.Add(new QueryToken(KindOfWord(word), start, word.Length, word));
        }
        tokens.Add(new QueryToken(QueryTokenKind.End, query.Length, 0));
        return tokens;
    }

    /// <summary>
    /// The words of a query that are parameter names, as written, in order: every word that is no keyword and does
    /// not start as a number does (+1, -2.5, .5, 3e8 are numbers; nan and inf are names, as in Python).
    /// </summary>
    /// <exception cref="FormatException">The query cannot be split into tokens.</exception>
    public static List<string> Keys(string query)
    {
        var keys = new List<string>();
        foreach (var token in Tokenize(query))
            if (token.Kind == QueryTokenKind.Word && !StartsAsNumber(token.Text!)) keys.Add(token.Text!);
        return keys;
    }

    /// <summary>True when a word starts with a digit, or a sign or point followed by a digit: it is read as a number.</summary>
    public static bool StartsAsNumber(string word)
    {
        int i = word[0] is '+' or '-' ? 1 : 0;
        if (i < word.Length && word[i] == '.') i++;
        return i < word.Length && word[i] is >= '0' and <= '9';
    }

    /// <summary>A FormatException showing the query with a caret at <paramref name="position"/>.</summary>
    public static FormatException Error(string query, int position, string problem)
    {
        string oneLine = query.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
        var message = new StringBuilder();
        message.Append("The query is malformed at position ").Append(position.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(problem).Append('.');
        message.Append('\n').Append("  ").Append(oneLine);
        message.Append('\n').Append("  ").Append(' ', position).Append('^');
        return new FormatException(message.ToString());
    }

    private static QueryTokenKind KindOfWord(string word)
    {
        if (word.Equals("and", StringComparison.OrdinalIgnoreCase)) return QueryTokenKind.And;
        if (word.Equals("or", StringComparison.OrdinalIgnoreCase)) return QueryTokenKind.Or;
        if (word.Equals("true", StringComparison.OrdinalIgnoreCase)) return QueryTokenKind.True;
        if (word.Equals("false", StringComparison.OrdinalIgnoreCase)) return QueryTokenKind.False;
        if (word.Equals("none", StringComparison.OrdinalIgnoreCase)) return QueryTokenKind.None;
        return QueryTokenKind.Word;
    }

    private static bool IsWordCharacter(char c) =>
        !PythonWhitespace.IsSpace(c) && c is not ('(' or ')' or '\'' or '"' or '<' or '>' or '=' or '!');

    private static QueryToken ReadOperator(string query, ref int i)
    {
        char c = query[i];
        bool withEquals = i + 1 < query.Length && query[i + 1] == '=';
        ComparisonOperator? op = (c, withEquals) switch
        {
            ('<', false) => ComparisonOperator.Less,
            ('<', true) => ComparisonOperator.LessOrEqual,
            ('>', false) => ComparisonOperator.Greater,
            ('>', true) => ComparisonOperator.GreaterOrEqual,
            ('=', true) => ComparisonOperator.Equal,
            ('!', true) => ComparisonOperator.NotEqual,
            _ => null,
        };
        if (op is null)
            throw Error(query, i, c == '=' ? "'=' alone is not an operator; compare with '=='" : "'!' alone is not an operator; use '!=' for 'not equal'");
        int length = withEquals ? 2 : 1;
        if (i + length < query.Length && query[i + length] is '<' or '>' or '=' or '!')
            throw Error(query, i + length, $"'{query.Substring(i, length + 1)}' is not an operator; use one of > >= < <= == !=");
        var token = new QueryToken(QueryTokenKind.Operator, i, length, Operator: op.Value);
        i += length;
        return token;
    }

    private static QueryToken ReadString(string query, ref int i)
    {
        int start = i;
        char quote = query[i++];
        var text = new StringBuilder();
        while (i < query.Length)
        {
            char c = query[i++];
            if (c == quote) return new QueryToken(QueryTokenKind.String, start, i - start, text.ToString());
            if (c == '\\' && i < query.Length)
            {
                char escaped = query[i++];
                text.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => escaped });
                continue;
            }
            text.Append(c);
        }
        throw Error(query, start, $"the string starting here is never closed; add a closing {quote}");
    }
}
