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

/// <summary>left and right / left or right.</summary>
internal sealed record LogicalNode(bool IsAnd, QueryNode Left, QueryNode Right, int Position) : QueryNode(Position);
