namespace StorageTyped.Groups.Index;

/// <summary>
/// Hands out a column's cells as the objects the group's lists hold, sharing one box among equal numbers within
/// one call: a sweep's parameters repeat a few values over 100,000 runs, and a box per run was measured here as
/// most of GetMultiParamList's time in a fresh process (allocation, and the collections that copy what survives).
/// A small direct-mapped table; a value that misses only costs the box it would have cost anyway.
/// </summary>
internal sealed class CellBoxes
{
    private const int Slots = 1024;

    private readonly long[] _doubleBits = new long[Slots];
    private readonly object?[] _doubles = new object?[Slots];
    private readonly long[] _integerBits = new long[Slots];
    private readonly object?[] _integers = new object?[Slots];

    /// <summary>The cell of <paramref name="run"/> in <see cref="CellValue"/>'s form, as <see cref="Column"/>'s indexer gives it.</summary>
    public object? Cell(Column column, int run)
    {
        long bits = column.Bits[run];
        return column.Kinds[run] switch
        {
            CellKind.Double => Shared(_doubleBits, _doubles, bits, isDouble: true),
            CellKind.Integer => bits is >= int.MinValue and <= int.MaxValue ? Shared(_integerBits, _integers, bits, isDouble: false) : column[run],
            _ => column[run],
        };
    }

    /// <summary>The value to hand out for run <paramref name="run"/> (<see cref="CellValue.Materialize"/> of its cell).</summary>
    public object? Value(Column column, int run) => CellValue.Materialize(Cell(column, run));

    private static object Shared(long[] keys, object?[] boxes, long bits, bool isDouble)
    {
        int slot = (int)(((ulong)bits * 0x9E3779B97F4A7C15UL) >> 54) & (Slots - 1);
        object? box = boxes[slot];
        if (box is not null && keys[slot] == bits) return box;
        box = isDouble ? BitConverter.Int64BitsToDouble(bits) : CellValue.FromInteger(bits);
        keys[slot] = bits;
        boxes[slot] = box;
        return box;
    }
}
