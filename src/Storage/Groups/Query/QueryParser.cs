using System.Globalization;
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
/// The tokens come from <see cref="QueryTokenizer"/>: a word is a key unless it reads as a Python number; keywords
/// (and, or, True, False, None) are matched in any case. A malformed query is a <see cref="FormatException"/> whose
/// message shows the query with a caret under the offending character.
/// </summary>
internal sealed class QueryParser
{
    private readonly string _query;
    private readonly List<QueryToken> _tokens;
    private int _next;

    private QueryParser(string query)
    {
        _query = query;
        _tokens = QueryTokenizer.Tokenize(query);
    }

    /// <summary>Parses <paramref name="query"/>.</summary>
    /// <exception cref="FormatException">The query is malformed; the message points at the offending position.</exception>
    public static QueryNode Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parser = new QueryParser(query);
        if (parser.Peek.Kind == QueryTokenKind.End) throw parser.Error(0, "the query is empty; write a parameter name such as score, or a condition such as score > 0.5");
        QueryNode root = parser.ParseOr();
        QueryToken end = parser.Peek;
        if (end.Kind != QueryTokenKind.End)
        {
            string what = end.Kind == QueryTokenKind.Close ? "a ')' that closes no '('" : $"'{parser.TextOf(end)}' after a complete condition; join conditions with 'and' or 'or'";
            throw parser.Error(end.Position, "unexpected " + what);
        }
        return root;
    }

    /// <summary>The first key the query names (the values the indexer returns).</summary>
    public static string FirstKey(QueryNode node) => node switch
    {
        KeyNode key => key.Key,
        ComparisonNode comparison => comparison.Left is KeyNode left ? left.Key : FirstKey(comparison.Right),
        LogicalNode logical => FirstKey(logical.Left),
        _ => throw new InvalidOperationException("a query always names a key"),
    };

    private QueryToken Peek => _tokens[_next];

    private QueryToken Take() => _tokens[_next++];

    private QueryNode ParseOr()
    {
        QueryNode left = ParseAnd();
        while (Peek.Kind == QueryTokenKind.Or)
        {
            QueryToken or = Take();
            left = new LogicalNode(false, left, ParseAnd(or), left.Position);
        }
        return left;
    }

    private QueryNode ParseAnd(QueryToken? after = null)
    {
        QueryNode left = ParsePrimary(after);
        while (Peek.Kind == QueryTokenKind.And)
        {
            QueryToken and = Take();
            left = new LogicalNode(true, left, ParsePrimary(and), left.Position);
        }
        return left;
    }

    private QueryNode ParsePrimary(QueryToken? after)
    {
        QueryToken token = Peek;
        switch (token.Kind)
        {
            case QueryTokenKind.Open:
            {
                Take();
                QueryNode inner = ParseOr();
                if (Peek.Kind != QueryTokenKind.Close)
                    throw Error(Peek.Position, Peek.Kind == QueryTokenKind.End ? $"the '(' at position {token.Position} is never closed; add ')'" : $"expected ')' or 'and'/'or' but found '{TextOf(Peek)}'");
                Take();
                return inner;
            }
            case QueryTokenKind.Word or QueryTokenKind.String or QueryTokenKind.True or QueryTokenKind.False or QueryTokenKind.None:
            {
                QueryNode left = Operand(Take());
                if (Peek.Kind != QueryTokenKind.Operator)
                {
                    if (left is LiteralNode)
                        throw Error(token.Position, $"'{TextOf(token)}' is a value, not a condition; compare a parameter with it, as in score > {TextOf(token)}");
                    if (Peek.IsOperand || Peek.Kind == QueryTokenKind.Open)
                        throw Error(Peek.Position, $"expected an operator (> >= < <= == !=), 'and', 'or' or the end after '{TextOf(token)}', but found '{TextOf(Peek)}'");
                    return left;
                }
                QueryToken op = Take();
                QueryToken rightToken = Peek;
                if (!rightToken.IsOperand)
                    throw Error(rightToken.Position, $"expected a value (a number, a quoted string, True, False or None) or a parameter after '{TextOf(op)}'");
                QueryNode right = Operand(Take());
                if (left is LiteralNode && right is LiteralNode)
                    throw Error(token.Position, "a comparison needs a parameter name on one side; both sides are values");
                if (Peek.Kind == QueryTokenKind.Operator)
                    throw Error(Peek.Position, $"chained comparisons are not supported; write them as two conditions joined by 'and', as in 0.1 < score and score < 0.5");
                return new ComparisonNode(left, op.Operator, right, token.Position);
            }
            case QueryTokenKind.End:
                throw Error(token.Position, after is { } previous ? $"expected a condition after '{TextOf(previous)}'" : "the query ends where a condition was expected");
            default:
                throw Error(token.Position, $"expected a parameter name, a condition or '(' but found '{TextOf(token)}'");
        }
    }

    /// <summary>The node of an operand token: a literal, or a key (in lower case, as configparser keeps keys).</summary>
    private static QueryNode Operand(QueryToken token)
    {
        switch (token.Kind)
        {
            case QueryTokenKind.String: return new LiteralNode(token.Text, token.Position);
            case QueryTokenKind.True: return new LiteralNode(CellValue.True, token.Position);
            case QueryTokenKind.False: return new LiteralNode(CellValue.False, token.Position);
            case QueryTokenKind.None: return new LiteralNode(null, token.Position);
        }
        string word = token.Text!;
        if (QueryTokenizer.StartsAsNumber(word) && PythonLiteral.TryNumber(word, out var number))
        {
            object value = number.IsInteger
                ? long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer) ? CellValue.FromInteger(integer) : PythonLiteral.ToInteger(number)
                : PythonLiteral.ToDouble(number);
            return new LiteralNode(value, token.Position);
        }
        return new KeyNode(IniSection.NormalizeKey(word), token.Position);
    }

    private string TextOf(QueryToken token) => token.Kind == QueryTokenKind.End ? "the end" : _query.Substring(token.Position, token.Length);

    private FormatException Error(int position, string problem) => QueryTokenizer.Error(_query, position, problem);
}
