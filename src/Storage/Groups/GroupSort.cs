using System.Runtime.CompilerServices;
namespace StorageTyped.Groups;

/// <summary>
/// Stable sorting of the group's runs by one parameter in <see cref="ValueComparison.Order"/>'s order, runs lacking
/// it last. Plain numeric columns (the usual case) take a path without per-comparison type tests.
/// </summary>
internal static class GroupSort
{
    private readonly record struct NumericItem(bool Missing, double Value, int Position, int Run);

    private readonly record struct GeneralItem(bool Missing, ValueComparison.Key Key, int Position, int Run);

    private struct NumericOrder(bool descending) : IComparer<NumericItem>
    {
        public readonly int Compare(NumericItem a, NumericItem b)
        {
            if (a.Missing != b.Missing) return a.Missing ? 1 : -1;
            int order = a.Missing ? 0 : a.Value.CompareTo(b.Value);
            if (descending) order = -order;
            return order != 0 ? order : a.Position.CompareTo(b.Position);
        }
    }

    private struct GeneralOrder(bool descending) : IComparer<GeneralItem>
    {
        public readonly int Compare(GeneralItem a, GeneralItem b)
        {
            if (a.Missing != b.Missing) return a.Missing ? 1 : -1;
            int order = a.Missing ? 0 : ValueComparison.Order(a.Key, b.Key);
            if (descending) order = -order;
            return order != 0 ? order : a.Position.CompareTo(b.Position);
        }
    }

    /// <summary>The runs of <paramref name="order"/> sorted by a stored column; ties keep their order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Sort(int[] order, Column column, bool descending)
    {
        const double ExactLimit = 9007199254740992; // 2^53
        var items = new NumericItem[order.Length];
        CellKind[] kinds = column.Kinds;
        long[] bits = column.Bits;
        for (int p = 0; p < order.Length; p++)
        {
            int run = order[p];
            double value;
            switch (kinds[run])
            {
                case CellKind.Missing: items[p] = new NumericItem(true, 0, p, run); continue;
                case CellKind.False: value = 0; break;
                case CellKind.True: value = 1; break;
                case CellKind.Integer when Math.Abs((double)bits[run]) < ExactLimit: value = bits[run]; break;
                case CellKind.Double when !double.IsNaN(BitConverter.Int64BitsToDouble(bits[run])): value = BitConverter.Int64BitsToDouble(bits[run]); break;
                default: return Sort(order, run => column[run], descending);
            }
            items[p] = new NumericItem(false, value, p, run);
        }
        items.AsSpan().Sort(new NumericOrder(descending));
        var sorted = new int[items.Length];
        for (int p = 0; p < sorted.Length; p++) sorted[p] = items[p].Run;
        return sorted;
    }

    /// <summary>The runs of <paramref name="order"/> sorted by their cells; ties keep their order.</summary>
    public static int[] Sort(int[] order, Func<int, object?> cellOf, bool descending)
    {
        if (TrySortNumeric(order, cellOf, descending, out int[]? sorted)) return sorted;
        var items = new GeneralItem[order.Length];
        for (int p = 0; p < order.Length; p++)
        {
            object? cell = cellOf(order[p]);
            bool missing = ReferenceEquals(cell, CellValue.Missing);
            items[p] = new GeneralItem(missing, missing ? default : new ValueComparison.Key(CellValue.Materialize(cell)), p, order[p]);
        }
        items.AsSpan().Sort(new GeneralOrder(descending));
        return Array.ConvertAll(items, item => item.Run);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TrySortNumeric(int[] order, Func<int, object?> cellOf, bool descending, out int[] sorted)
    {
        const double ExactLimit = 9007199254740992; // 2^53: beyond it, doubles no longer hold every integer
        sorted = Array.Empty<int>();
        var items = new NumericItem[order.Length];
        for (int p = 0; p < order.Length; p++)
        {
            object? cell = cellOf(order[p]);
            double value;
            switch (cell)
            {
                case double d when !double.IsNaN(d): value = d; break;
                case int i: value = i; break;
                case long l when Math.Abs((double)l) < ExactLimit: value = l; break;
                case bool b: value = b ? 1 : 0; break;
                default:
                    if (!ReferenceEquals(cell, CellValue.Missing)) return false;
                    items[p] = new NumericItem(true, 0, p, order[p]);
                    continue;
            }
            items[p] = new NumericItem(false, value, p, order[p]);
        }
        items.AsSpan().Sort(new NumericOrder(descending));
        sorted = Array.ConvertAll(items, item => item.Run);
        return true;
    }
}
