using StorageTyped.Groups.Query;
using StorageTyped.Groups.Index;
namespace StorageTyped.Groups;

/// <summary>
/// Stable sorting of the group's runs by one parameter in <see cref="ValueComparison.Order"/>'s order, runs lacking
/// it last. Plain numeric columns (the usual case) are sorted by a radix sort of their values' bits, without
/// comparisons; other columns by a merge sort over <see cref="ValueComparison.Key"/>s.
/// </summary>
internal static class GroupSort
{
    private const double ExactLimit = 9007199254740992; // 2^53: beyond it, doubles no longer hold every integer

    private readonly record struct GeneralItem(bool Missing, ValueComparison.Key Key, int Position, int Run);

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
    public static int[] Sort(int[] order, Column column, bool descending)
    {
        var keys = new ulong[order.Length];
        var runs = new int[order.Length];
        var missing = new List<int>();
        CellKind[] kinds = column.Kinds;
        long[] bits = column.Bits;
        int count = 0;
        for (int p = 0; p < order.Length; p++)
        {
            int run = order[p];
            double value;
            switch (kinds[run])
            {
                case CellKind.Missing: missing.Add(run); continue;
                case CellKind.False: value = 0; break;
                case CellKind.True: value = 1; break;
                case CellKind.Integer when Math.Abs((double)bits[run]) < ExactLimit: value = bits[run]; break;
                case CellKind.Double when !double.IsNaN(BitConverter.Int64BitsToDouble(bits[run])): value = BitConverter.Int64BitsToDouble(bits[run]); break;
                default: return Sort(order, CellSource.Of(column), descending);
            }
            keys[count] = OrderedBits(value, descending);
            runs[count++] = run;
        }
        return RadixSorted(keys, runs, count, missing);
    }

    /// <summary>The runs of <paramref name="order"/> sorted by their cells; ties keep their order.</summary>
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

    private static bool TrySortNumeric(int[] order, CellSource cellOf, bool descending, out int[] sorted)
    {
        sorted = Array.Empty<int>();
        var keys = new ulong[order.Length];
        var runs = new int[order.Length];
        var missing = new List<int>();
        int count = 0;
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
                    missing.Add(order[p]);
                    continue;
            }
            keys[count] = OrderedBits(value, descending);
            runs[count++] = order[p];
        }
        sorted = RadixSorted(keys, runs, count, missing);
        return true;
    }

    /// <summary>
    /// A number's bits as an unsigned key whose order is the numbers' order (descending: the reverse); -0.0 and 0.0
    /// are one key, as they compare equal. NaN never gets here.
    /// </summary>
    private static ulong OrderedBits(double value, bool descending)
    {
        if (value == 0) value = 0; // -0.0
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        ulong key = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
        return descending ? ~key : key;
    }

    /// <summary>
    /// The first <paramref name="count"/> runs ordered by their keys, then the <paramref name="missing"/> runs: a
    /// least-significant-digit radix sort by bytes, which is stable (equal keys keep their order) and skips the
    /// bytes that all keys share. One pass over 100,000 keys takes a fraction of a millisecond; a comparison sort's
    /// first call in a process was measured here at 30-60 ms, most of it the JIT.
    /// </summary>
    private static int[] RadixSorted(ulong[] keys, int[] runs, int count, List<int> missing)
    {
        var counts = new int[8 * 256];
        for (int i = 0; i < count; i++)
        {
            ulong key = keys[i];
            for (int digit = 0; digit < 8; digit++) counts[(digit << 8) | (int)((key >> (digit * 8)) & 0xFF)]++;
        }
        var otherKeys = new ulong[count];
        var otherRuns = new int[count];
        for (int digit = 0; digit < 8; digit++)
        {
            int shift = digit * 8;
            var bucket = counts.AsSpan(digit << 8, 256);
            if (count == 0 || bucket[(int)((keys[0] >> shift) & 0xFF)] == count) continue; // every key has this byte
            int total = 0;
            for (int b = 0; b < 256; b++) (bucket[b], total) = (total, total + bucket[b]);
            for (int i = 0; i < count; i++)
            {
                int target = bucket[(int)((keys[i] >> shift) & 0xFF)]++;
                otherKeys[target] = keys[i];
                otherRuns[target] = runs[i];
            }
            (keys, otherKeys) = (otherKeys, keys);
            (runs, otherRuns) = (otherRuns, runs);
        }
        var sorted = new int[count + missing.Count];
        Array.Copy(runs, sorted, count);
        missing.CopyTo(sorted, count);
        return sorted;
    }

    /// <summary>
    /// A bottom-up merge sort, here rather than Span.Sort: a generic framework sort instantiated over these structs
    /// runs unoptimized for the whole first sort of a process, several times slower than this.
    /// </summary>
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
