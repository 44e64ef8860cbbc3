using System.Runtime.CompilerServices;
using StorageTyped.Groups.Query;
using StorageTyped.Groups.Index;
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
                default: return Sort(order, CellSource.Of(column), descending);
            }
            items[p] = new NumericItem(false, value, p, run);
        }
        StableSort(items, new NumericOrder(descending));
        var sorted = new int[items.Length];
        for (int p = 0; p < sorted.Length; p++) sorted[p] = items[p].Run;
        return sorted;
    }

    /// <summary>The runs of <paramref name="order"/> sorted by their cells; ties keep their order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Sort(int[] order, CellSource cellOf, bool descending)
    {
        if (TrySortNumeric(order, cellOf, descending, out int[]? sorted)) return sorted;
        var items = new GeneralItem[order.Length];
        for (int p = 0; p < order.Length; p++)
        {
            object? cell = cellOf[order[p]];
            bool missing = ReferenceEquals(cell, CellValue.Missing);
            items[p] = new GeneralItem(missing, missing ? default : new ValueComparison.Key(CellValue.Materialize(cell)), p, order[p]);
        }
        StableSort(items, new GeneralOrder(descending));
        var runs = new int[items.Length];
        for (int p = 0; p < runs.Length; p++) runs[p] = items[p].Run;
        return runs;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TrySortNumeric(int[] order, CellSource cellOf, bool descending, out int[] sorted)
    {
        const double ExactLimit = 9007199254740992; // 2^53: beyond it, doubles no longer hold every integer
        sorted = Array.Empty<int>();
        var items = new NumericItem[order.Length];
        for (int p = 0; p < order.Length; p++)
        {
            object? cell = cellOf[order[p]];
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
        StableSort(items, new NumericOrder(descending));
        sorted = new int[items.Length];
        for (int p = 0; p < sorted.Length; p++) sorted[p] = items[p].Run;
        return true;
    }

    /// <summary>
    /// A bottom-up merge sort, here rather than Span.Sort: a generic framework sort instantiated over these structs
    /// runs unoptimized for the whole first sort of a process, several times slower than this.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StableSort<T, TComparer>(T[] items, TComparer comparer) where TComparer : struct, IComparer<T>
    {
        const int Run = 16;
        int n = items.Length;
        for (int start = 0; start < n; start += Run)
        {
            int end = Math.Min(n, start + Run);
            for (int i = start + 1; i < end; i++)
            {
                T item = items[i];
                int j = i - 1;
                while (j >= start && comparer.Compare(items[j], item) > 0) { items[j + 1] = items[j]; j--; }
                items[j + 1] = item;
            }
        }
        if (n <= Run) return;
        var source = items;
        var target = new T[n];
        for (int width = Run; width < n; width *= 2)
        {
            for (int left = 0; left < n; left += 2 * width)
            {
                int middle = Math.Min(n, left + width), right = Math.Min(n, left + 2 * width);
                int a = left, b = middle, k = left;
                while (a < middle && b < right) target[k++] = comparer.Compare(source[b], source[a]) < 0 ? source[b++] : source[a++];
                while (a < middle) target[k++] = source[a++];
                while (b < right) target[k++] = source[b++];
            }
            (source, target) = (target, source);
        }
        if (!ReferenceEquals(source, items)) Array.Copy(source, items, n);
    }
}
