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
/// <remarks>
/// Every input may be hostile, and a query is parsed and evaluated by recursion over its nesting: parentheses may
/// nest at most <see cref="MaxNesting"/> deep (Python's parser stops at 200), and a chain of and/or is one node
/// however long, so the depth of the tree — and of every walk over it — is bounded whatever the query's length.
/// </remarks>
internal sealed class QueryParser
{
    /// <summary>The deepest nesting of parentheses a query may have; deeper is a <see cref="FormatException"/> at the '(' too many.</summary>
    public const int MaxNesting = 100;

    private readonly string _query;
    private readonly List<QueryToken> _tokens;
    private int _next;
    private int _nesting;

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

    private QueryToken Peek => _tokens[_next];

    private QueryToken Take() => _tokens[_next++];

    private QueryNode ParseOr()
    {
        QueryNode first = ParseAnd();
        if (Peek.Kind != QueryTokenKind.Or) return first;
        var operands = new List<QueryNode> { first };
        while (Peek.Kind == QueryTokenKind.Or) operands.Add(ParseAnd(Take()));
        return new LogicalNode(false, operands, first.Position);
    }

    private QueryNode ParseAnd(QueryToken? after = null)
    {
        QueryNode first = ParsePrimary(after);
        if (Peek.Kind != QueryTokenKind.And) return first;
        var operands = new List<QueryNode> { first };
        while (Peek.Kind == QueryTokenKind.And) operands.Add(ParsePrimary(Take()));
        return new LogicalNode(true, operands, first.Position);
    }

    private QueryNode ParsePrimary(QueryToken? after)
    {
        QueryToken token = Peek;
        switch (token.Kind)
        {
            case QueryTokenKind.Open:
            {
                Take();
                if (++_nesting > MaxNesting)
                    throw Error(token.Position, $"parentheses nest more than {MaxNesting} deep here (Python's own limit is 200); write the condition with fewer parentheses");
                QueryNode inner = ParseOr();
                _nesting--;
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
