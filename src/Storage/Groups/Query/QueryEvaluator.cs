using System.Runtime.CompilerServices;
using StorageTyped.Groups.Index;

namespace StorageTyped.Groups.Query;

/// <summary>
/// Turns a parsed query into a test of one run, given each key's cells. A comparison with a key the run lacks is
/// false; a key alone means "the run has it" at the top of the query and Python's truth of its value inside
/// and/or. The test is a tree of small objects (not lambdas) whose methods are optimized from their first call; it is
/// as deep as the query's nesting (bounded by <see cref="QueryParser.MaxNesting"/>), a chain of and/or being one level.
/// </summary>
internal static class QueryEvaluator
{
    /// <summary>A compiled query: whether a run (by table position) matches.</summary>
    public abstract class Test
    {
        public abstract bool Matches(int run);
    }

    /// <summary>Builds the test for <paramref name="root"/>; <paramref name="cellsOf"/> gives a key's cells.</summary>
    public static Test Compile(QueryNode root, Func<string, CellSource> cellsOf) =>
        root is KeyNode only ? new HasKey(cellsOf(only.Key)) : Build(root, cellsOf);

    private static Test Build(QueryNode node, Func<string, CellSource> cellsOf) => node switch
    {
        KeyNode key => new KeyIsTrue(cellsOf(key.Key)),
        LogicalNode { IsAnd: true } and => new All(and.Operands.Select(operand => Build(operand, cellsOf)).ToArray()),
        LogicalNode or => new Any(or.Operands.Select(operand => Build(operand, cellsOf)).ToArray()),
        ComparisonNode { Left: KeyNode left, Right: LiteralNode right } c => WithConstant(cellsOf(left.Key), c.Operator, new ValueComparison.Key(right.Value), constantOnLeft: false),
        ComparisonNode { Left: LiteralNode left, Right: KeyNode right } c => WithConstant(cellsOf(right.Key), c.Operator, new ValueComparison.Key(left.Value), constantOnLeft: true),
        ComparisonNode { Left: KeyNode left, Right: KeyNode right } c => new KeyWithKey(cellsOf(left.Key), c.Operator, cellsOf(right.Key)),
        _ => throw new InvalidOperationException($"a {node.GetType().Name} cannot stand here"),
    };

    /// <summary>A stored column against a plain number compares unboxed; anything else through <see cref="ValueComparison"/>.</summary>
    private static Test WithConstant(CellSource cells, ComparisonOperator op, ValueComparison.Key constant, bool constantOnLeft)
    {
        var general = new KeyWithConstant(cells, op, constant, constantOnLeft);
        if (cells.StoredColumn is not { } column || constant.Kind != ValueComparison.KeyKind.Number || Math.Abs(constant.Number) >= ExactLimit)
            return general;
        // "5 < x" is "x > 5".
        ComparisonOperator flipped = !constantOnLeft ? op : op switch
        {
            ComparisonOperator.Less => ComparisonOperator.Greater,
            ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
            ComparisonOperator.Greater => ComparisonOperator.Less,
            ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
            _ => op,
        };
        return new ColumnWithNumber(column, flipped, constant.Number, general);
    }

    /// <summary>2^53: doubles hold every integer below it, so comparing there as doubles is exact.</summary>
    private const double ExactLimit = 9007199254740992;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    private sealed class HasKey(CellSource cells) : Test
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Matches(int run) => !ReferenceEquals(cells[run], CellValue.Missing);
    }

    private sealed class KeyIsTrue(CellSource cells) : Test
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Matches(int run)
        {
            object? cell = cells[run];
            return !ReferenceEquals(cell, CellValue.Missing) && ValueComparison.IsTruthy(CellValue.Materialize(cell));
        }
    }

    /// <summary>A chain of and: true when every test is, tried in order until one is false.</summary>
    private sealed class All(Test[] tests) : Test
    {
        public override bool Matches(int run)
        {
            foreach (Test test in tests)
                if (!test.Matches(run)) return false;
            return true;
        }
    }

    /// <summary>A chain of or: true when a test is, tried in order until one is true.</summary>
    private sealed class Any(Test[] tests) : Test
    {
        public override bool Matches(int run)
        {
            foreach (Test test in tests)
                if (test.Matches(run)) return true;
            return false;
        }
    }

    private sealed class KeyWithConstant(CellSource cells, ComparisonOperator op, ValueComparison.Key constant, bool constantOnLeft) : Test
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Matches(int run)
        {
            if (!TryKey(cells[run], out var value)) return false;
            return constantOnLeft ? ValueComparison.Compare(constant, op, value) : ValueComparison.Compare(value, op, constant);
        }
    }

    private sealed class ColumnWithNumber(Column column, ComparisonOperator op, double constant, Test general) : Test
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Matches(int run)
        {
            double value;
            switch (column.Kinds[run])
            {
                case CellKind.Missing: return false;
                case CellKind.False: value = 0; break;
                case CellKind.True: value = 1; break;
                case CellKind.Integer when Math.Abs((double)column.Bits[run]) < ExactLimit: value = column.Bits[run]; break;
                case CellKind.Double: value = BitConverter.Int64BitsToDouble(column.Bits[run]); break;
                default: return general.Matches(run);
            }
            // NaN compares false except with != (as in Python): C#'s operators already do that.
            return op switch
            {
                ComparisonOperator.Less => value < constant,
                ComparisonOperator.LessOrEqual => value <= constant,
                ComparisonOperator.Greater => value > constant,
                ComparisonOperator.GreaterOrEqual => value >= constant,
                ComparisonOperator.Equal => value == constant,
                _ => value != constant,
            };
        }
    }

    private sealed class KeyWithKey(CellSource left, ComparisonOperator op, CellSource right) : Test
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool Matches(int run) =>
            TryKey(left[run], out var a) && TryKey(right[run], out var b) && ValueComparison.Compare(a, op, b);
    }
}
