using StorageTyped.Groups;
using StorageTyped.Groups.Index;

namespace StorageTyped.Tests.Groups;

/// <summary>
/// SortBy's radix sort of numeric columns against a plain stable sort: ties in their order, runs lacking the value
/// last in both directions, negatives, infinities, -0.0 equal to 0.0, bools as 0 and 1, integers up to 2^53.
/// </summary>
public sealed class GroupSortTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void A_numeric_column_sorts_as_a_stable_comparison_sort_would(int seed, bool descending)
    {
        var random = new Random(seed);
        const int runs = 3000;
        var column = new Column(runs);
        double?[] values = new double?[runs];
        double[] few = [-0.0, 0.0, -1.5, 2.25, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.Epsilon];
        for (int run = 0; run < runs; run++)
        {
            switch (random.Next(6))
            {
                case 0: break; // missing
                case 1:
                    bool flag = random.Next(2) == 1;
                    column.Kinds[run] = flag ? CellKind.True : CellKind.False;
                    values[run] = flag ? 1 : 0;
                    break;
                case 2:
                    long integer = random.Next(4) == 0 ? (1L << 53) - 1 - random.Next(3) : random.Next(-50, 50); // below 2^53: the radix path
                    column.Kinds[run] = CellKind.Integer;
                    column.Bits[run] = integer;
                    values[run] = integer;
                    break;
                default:
                    double number = random.Next(3) == 0 ? few[random.Next(few.Length)] : Math.Round(random.NextDouble() * 200 - 100, random.Next(3));
                    column.Kinds[run] = CellKind.Double;
                    column.Bits[run] = BitConverter.DoubleToInt64Bits(number);
                    values[run] = number;
                    break;
            }
        }
        // A shuffled starting order, so that stability is tested against an order that is not the table's.
        int[] order = Enumerable.Range(0, runs).OrderBy(_ => random.Next()).ToArray();

        // LINQ's OrderBy is stable; the missing runs go last in their order, whatever the direction.
        var present = order.Where(run => values[run] is not null);
        int[] expected = (descending ? present.OrderByDescending(run => values[run]!.Value) : present.OrderBy(run => values[run]!.Value))
            .Concat(order.Where(run => values[run] is null)).ToArray();

        Assert.Equal(expected, GroupSort.Sort(order, column, descending));
        Assert.Equal(expected, GroupSort.Sort(order, CellSource.Of(column), descending));
    }
}
