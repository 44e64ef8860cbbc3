using System.Globalization;
using System.Text;
using StorageTyped.Parameters;
using StorageTyped.Groups.Index;

namespace StorageTyped.Groups.Query;

/// <summary>
/// Parses the group's query language into a <see cref="QueryNode"/> tree:
/// <code>
/// query      := or
/// or         := and ("or" and)*
/// and        := primary ("and" primary)*
/// primary    := "(" or ")" | operand [OP operand]
/// operand    := key | number | 'string' | "string" | True | False | None
/// OP         := &gt; | &gt;= | &lt; | &lt;= | == | !=
/// </code>
/// A key is a run of characters other than white space, parentheses, quotes and &lt; &gt; = !. Keywords (and, or,
/// True, False, None) are matched in any case. A malformed query is a <see cref="FormatException"/> whose message
/// shows the query with a caret under the offending character.
/// </summary>
/// <remarks>
/// Every input may be hostile, and a query is parsed and evaluated by recursion over its nesting: parentheses may
/// nest at most <see cref="MaxNesting"/> deep (Python's parser stops at 200), and a chain of and/or is one node
/// however long, so the depth of the tree — and of every walk over it — is bounded whatever the query's length.
/// </remarks>
internal sealed class QueryParser
{
    /// <summary>The deepest nesting of parentheses a query may have; deeper is a <see cref="FormatException"/> at the '(' too many.</summary>
    public const int MaxNesting = 100;

    private enum TokenKind { Key, Literal, Operator, And, Or, Open, Close, End }

    private readonly record struct Token(TokenKind Kind, int Position, int Length, string? Key = null, object? Value = null, ComparisonOperator Operator = default);

    private readonly string _query;
    private readonly List<Token> _tokens;
    private int _next;
    private int _nesting;

    private QueryParser(string query)
    {
        _query = query;
        _tokens = Tokenize(query);
    }

    /// <summary>Parses <paramref name="query"/>.</summary>
    /// <exception cref="FormatException">The query is malformed; the message points at the offending position.</exception>
    public static QueryNode Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parser = new QueryParser(query);
        if (parser.Peek.Kind == TokenKind.End) throw parser.Error(0, "the query is empty; write a parameter name such as score, or a condition such as score > 0.5");
        QueryNode root = parser.ParseOr();
        Token end = parser.Peek;
        if (end.Kind != TokenKind.End)
        {
            string what = end.Kind == TokenKind.Close ? "a ')' that closes no '('" : $"'{parser.TextOf(end)}' after a complete condition; join conditions with 'and' or 'or'";
            throw parser.Error(end.Position, "unexpected " + what);
        }
        return root;
    }

    /// <summary>The first key the query names (the values the indexer returns).</summary>
    public static string FirstKey(QueryNode node)
    {
        while (node is LogicalNode logical) node = logical.Operands[0];
        return node switch
        {
            KeyNode key => key.Key,
            ComparisonNode comparison => comparison.Left is KeyNode left ? left.Key : ((KeyNode)comparison.Right).Key,
            _ => throw new InvalidOperationException("a query always names a key"),
        };
    }

    /// <summary>The keys the query names, in order of first appearance (a key named twice is listed once).</summary>
    public static IReadOnlyList<string> Keys(QueryNode root)
    {
        var keys = new List<string>();
        var pending = new Stack<QueryNode>([root]);
        while (pending.TryPop(out QueryNode? node))
        {
            switch (node)
            {
                case KeyNode key when !keys.Contains(key.Key, StringComparer.OrdinalIgnoreCase): keys.Add(key.Key); break;
                case ComparisonNode comparison: pending.Push(comparison.Right); pending.Push(comparison.Left); break;
                case LogicalNode logical:
                    for (int i = logical.Operands.Count - 1; i >= 0; i--) pending.Push(logical.Operands[i]);
                    break;
            }
        }
        return keys;
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private QueryNode ParseOr()
    {
        QueryNode first = ParseAnd();
        if (Peek.Kind != TokenKind.Or) return first;
        var operands = new List<QueryNode> { first };
        while (Peek.Kind == TokenKind.Or) operands.Add(ParseAnd(Take()));
        return new LogicalNode(false, operands, first.Position);
    }

    private QueryNode ParseAnd(Token? after = null)
    {
        QueryNode first = ParsePrimary(after);
        if (Peek.Kind != TokenKind.And) return first;
        var operands = new List<QueryNode> { first };
        while (Peek.Kind == TokenKind.And) operands.Add(ParsePrimary(Take()));
        return new LogicalNode(true, operands, first.Position);
    }

    private QueryNode ParsePrimary(Token? after)
    {
        Token token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Open:
            {
                Take();
                if (++_nesting > MaxNesting)
                    throw Error(token.Position, $"parentheses nest more than {MaxNesting} deep here (Python's own limit is 200); write the condition with fewer parentheses");
                QueryNode inner = ParseOr();
                _nesting--;
                if (Peek.Kind != TokenKind.Close)
                    throw Error(Peek.Position, Peek.Kind == TokenKind.End ? $"the '(' at position {token.Position} is never closed; add ')'" : $"expected ')' or 'and'/'or' but found '{TextOf(Peek)}'");
                Take();
                return inner;
            }
            case TokenKind.Key or TokenKind.Literal:
            {
                QueryNode left = Operand(Take());
                if (Peek.Kind != TokenKind.Operator)
                {
                    if (left is LiteralNode)
                        throw Error(token.Position, $"'{TextOf(token)}' is a value, not a condition; compare a parameter with it, as in score > {TextOf(token)}");
                    if (Peek.Kind is TokenKind.Key or TokenKind.Literal or TokenKind.Open)
                        throw Error(Peek.Position, $"expected an operator (> >= < <= == !=), 'and', 'or' or the end after '{TextOf(token)}', but found '{TextOf(Peek)}'");
                    return left;
                }
                Token op = Take();
                Token rightToken = Peek;
                if (rightToken.Kind is not (TokenKind.Key or TokenKind.Literal))
                    throw Error(rightToken.Position, $"expected a value (a number, a quoted string, True, False or None) or a parameter after '{TextOf(op)}'");
                QueryNode right = Operand(Take());
                if (left is LiteralNode && right is LiteralNode)
                    throw Error(token.Position, "a comparison needs a parameter name on one side; both sides are values");
                if (Peek.Kind == TokenKind.Operator)
                    throw Error(Peek.Position, $"chained comparisons are not supported; write them as two conditions joined by 'and', as in 0.1 < score and score < 0.5");
                return new ComparisonNode(left, op.Operator, right, token.Position);
            }
            case TokenKind.End:
                throw Error(token.Position, after is { } previous ? $"expected a condition after '{TextOf(previous)}'" : "the query ends where a condition was expected");
            default:
                throw Error(token.Position, $"expected a parameter name, a condition or '(' but found '{TextOf(token)}'");
        }
    }

    private static QueryNode Operand(Token token) =>
        token.Kind == TokenKind.Key ? new KeyNode(token.Key!, token.Position) : new LiteralNode(token.Value, token.Position);

    private string TextOf(Token token) => token.Kind == TokenKind.End ? "the end" : _query.Substring(token.Position, token.Length);

    private FormatException Error(int position, string problem) => Error(_query, position, problem);

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

    private List<Token> Tokenize(string query)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < query.Length)
        {
            char c = query[i];
            if (PythonWhitespace.IsSpace(c)) { i++; continue; }
            int start = i;
            switch (c)
            {
                case '(': tokens.Add(new Token(TokenKind.Open, i, 1)); i++; continue;
                case ')': tokens.Add(new Token(TokenKind.Close, i, 1)); i++; continue;
                case '\'' or '"': tokens.Add(ReadString(query, ref i)); continue;
                case '<' or '>' or '=' or '!':
                {
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
                    tokens.Add(new Token(TokenKind.Operator, i, length, Operator: op.Value));
                    i += length;
                    continue;
                }
            }
            while (i < query.Length && IsWordCharacter(query[i])) i++;
            string word = query[start..i];
            if (word is "&&" or "&") throw Error(query, start, "use 'and' to join conditions");
            if (word is "||" or "|") throw Error(query, start, "use 'or' to join conditions");
            if (word.Equals("not", StringComparison.OrdinalIgnoreCase)) throw Error(query, start, "'not' is not supported; negate the comparison instead (!= for ==, <= for >)");
            tokens.Add(WordToken(word, start));
        }
        tokens.Add(new Token(TokenKind.End, query.Length, 0));
        return tokens;
    }

    private static bool IsWordCharacter(char c) =>
        !PythonWhitespace.IsSpace(c) && c is not ('(' or ')' or '\'' or '"' or '<' or '>' or '=' or '!');

    private static Token WordToken(string word, int start)
    {
        if (word.Equals("and", StringComparison.OrdinalIgnoreCase)) return new Token(TokenKind.And, start, word.Length);
        if (word.Equals("or", StringComparison.OrdinalIgnoreCase)) return new Token(TokenKind.Or, start, word.Length);
        if (word.Equals("true", StringComparison.OrdinalIgnoreCase)) return new Token(TokenKind.Literal, start, word.Length, Value: CellValue.True);
        if (word.Equals("false", StringComparison.OrdinalIgnoreCase)) return new Token(TokenKind.Literal, start, word.Length, Value: CellValue.False);
        if (word.Equals("none", StringComparison.OrdinalIgnoreCase)) return new Token(TokenKind.Literal, start, word.Length, Value: null);
        if (IsNumberWord(word) && PythonLiteral.TryNumber(word, out var number))
        {
            object value = number.IsInteger
                ? long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer) ? CellValue.FromInteger(integer) : PythonLiteral.ToInteger(number)
                : PythonLiteral.ToDouble(number);
            return new Token(TokenKind.Literal, start, word.Length, Value: value);
        }
        return new Token(TokenKind.Key, start, word.Length, Key: IniSection.NormalizeKey(word));
    }

    /// <summary>Numbers start with a digit, or a sign or point followed by a digit (nan and inf are names, as in Python).</summary>
    private static bool IsNumberWord(string word)
    {
        int i = word[0] is '+' or '-' ? 1 : 0;
        if (i < word.Length && word[i] == '.') i++;
        return i < word.Length && char.IsAsciiDigit(word[i]);
    }

    private static Token ReadString(string query, ref int i)
    {
        int start = i;
        char quote = query[i++];
        var text = new StringBuilder();
        while (i < query.Length)
        {
            char c = query[i++];
            if (c == quote) return new Token(TokenKind.Literal, start, i - start, Value: text.ToString());
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
