namespace StorageTyped.Groups.Query;

/// <summary>A node of a parsed query (the abstract syntax tree; it is evaluated, never compiled to code).</summary>
/// <param name="Position">Where the node starts in the query text.</param>
internal abstract record QueryNode(int Position);

/// <summary>A parameter name: in a comparison its value; alone, "the run has it" (top level) or its truth (inside and/or).</summary>
internal sealed record KeyNode(string Key, int Position) : QueryNode(Position);

/// <summary>A constant: a number (int, long or double), a string, True, False or None (null).</summary>
internal sealed record LiteralNode(object? Value, int Position) : QueryNode(Position);

/// <summary>left OP right, at least one side a key.</summary>
internal sealed record ComparisonNode(QueryNode Left, ComparisonOperator Operator, QueryNode Right, int Position) : QueryNode(Position);

/// <summary>
/// a and b and … / a or b or …: every operand of one chain in one node (two or more), so that a chain of 100,000
/// conditions is one level deep, not 100,000.
/// </summary>
internal sealed record LogicalNode(bool IsAnd, IReadOnlyList<QueryNode> Operands, int Position) : QueryNode(Position);
