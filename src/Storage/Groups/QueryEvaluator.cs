namespace StorageTyped.Groups;

/// <summary>
/// Turns a parsed query into a test of one run, given how to read a key's cell for a run. A comparison with a key
/// the run lacks is false; a key alone means "the run has it" at the top of the query and Python's truth of its
/// value inside and/or.
/// </summary>
internal static class QueryEvaluator
{
    /// <summary>Builds the test for <paramref name="root"/>; <paramref name="cellsOf"/> gives a key's cell per run (<see cref="CellValue.Missing"/> when lacking).</summary>
    public static Func<int, bool> Compile(QueryNode root, Func<string, Func<int, object?>> cellsOf)
    {
        if (root is KeyNode only)
        {
            var cells = cellsOf(only.Key);
            return run => !ReferenceEquals(cells(run), CellValue.Missing);
        }
        return Build(root, cellsOf);
    }

    private static Func<int, bool> Build(QueryNode node, Func<string, Func<int, object?>> cellsOf)
    {
        switch (node)
        {
            case KeyNode key:
            {
                var cells = cellsOf(key.Key);
                return run =>
                {
                    object? cell = cells(run);
                    return !ReferenceEquals(cell, CellValue.Missing) && ValueComparison.IsTruthy(CellValue.Materialize(cell));
                };
            }
            case LogicalNode { IsAnd: true } and:
            {
                var left = Build(and.Left, cellsOf);
                var right = Build(and.Right, cellsOf);
                return run => left(run) && right(run);
            }
            case LogicalNode or:
            {
                var left = Build(or.Left, cellsOf);
                var right = Build(or.Right, cellsOf);
                return run => left(run) || right(run);
            }
            case ComparisonNode comparison:
            {
                var op = comparison.Operator;
                if (comparison.Right is LiteralNode literal && comparison.Left is KeyNode leftKey)
                {
                    var constant = new ValueComparison.Key(literal.Value);
                    var cells = cellsOf(leftKey.Key);
                    return run => TryKey(cells(run), out var value) && ValueComparison.Compare(value, op, constant);
                }
                if (comparison.Left is LiteralNode leftLiteral && comparison.Right is KeyNode rightKey)
                {
                    var constant = new ValueComparison.Key(leftLiteral.Value);
                    var cells = cellsOf(rightKey.Key);
                    return run => TryKey(cells(run), out var value) && ValueComparison.Compare(constant, op, value);
                }
                var leftCells = cellsOf(((KeyNode)comparison.Left).Key);
                var rightCells = cellsOf(((KeyNode)comparison.Right).Key);
                return run => TryKey(leftCells(run), out var a) && TryKey(rightCells(run), out var b) && ValueComparison.Compare(a, op, b);
            }
            default:
                throw new InvalidOperationException($"a {node.GetType().Name} cannot stand here");
        }
    }

    private static bool TryKey(object? cell, out ValueComparison.Key key)
    {
        if (ReferenceEquals(cell, CellValue.Missing))
        {
            key = default;
            return false;
        }
        key = new ValueComparison.Key(cell is CellValue.Literal ? CellValue.Materialize(cell) : cell);
        return true;
    }
}
