namespace StorageTyped.Generators.Analyzers;

/// <summary>
/// The parameter names a group query string mentions: "key", "key OP value" with OP one of &gt; &gt;= &lt; &lt;= == !=,
/// joined by 'and' / 'or'. Tolerant: what it cannot read is left for the run-time parser to report.
/// </summary>
internal static class QueryKeys
{
    private static readonly string[] Operators = { ">=", "<=", "==", "!=", ">", "<" };

    public static List<string> Extract(string query)
    {
        var keys = new List<string>();
        foreach (string clause in SplitClauses(query))
        {
            string left = clause;
            int earliest = -1;
            foreach (string op in Operators)
            {
                int at = clause.IndexOf(op, StringComparison.Ordinal);
                if (at >= 0 && (earliest < 0 || at < earliest)) earliest = at;
            }
            if (earliest >= 0) left = clause.Substring(0, earliest);
            left = left.Trim();
            if (left.Length > 0 && left.IndexOfAny(new[] { ' ', '\t', '(', ')', '\'', '"' }) < 0) keys.Add(left);
        }
        return keys;
    }

    private static IEnumerable<string> SplitClauses(string query)
    {
        var words = query.Split(new[] { ' ', '\t', '\n' }, StringSplitOptions.RemoveEmptyEntries);
        var clause = new List<string>();
        foreach (string word in words)
        {
            if (word is "and" or "or")
            {
                yield return string.Join(" ", clause);
                clause.Clear();
            }
            else
            {
                clause.Add(word);
            }
        }
        if (clause.Count > 0) yield return string.Join(" ", clause);
    }
}
