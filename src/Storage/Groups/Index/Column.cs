using System.Runtime.CompilerServices;

namespace StorageTyped.Groups.Index;

/// <summary>What a column holds for one run.</summary>
internal enum CellKind : byte
{
    /// <summary>The run lacks the parameter (the default of a new column).</summary>
    Missing = 0,
    None = 1,
    False = 2,
    True = 3,

    /// <summary>An integer that fits a long; <see cref="Column.Bits"/> holds it.</summary>
    Integer = 4,

    /// <summary>A double; <see cref="Column.Bits"/> holds its bits.</summary>
    Double = 5,

    /// <summary>A string in <see cref="Column.Objects"/>.</summary>
    Text = 6,

    /// <summary>A <see cref="CellValue.Literal"/> (list, dict, huge integer) in <see cref="Column.Objects"/>.</summary>
    Literal = 7,
}

/// <summary>
/// One parameter's values for every run, unboxed: a kind byte and 8 value bytes per run, plus an object slot only
/// where a run holds text. 100,000 runs of 9 parameters are 8 MB and no objects per number, so the garbage
/// collector has next to nothing to trace, and the index stores and loads a column as two memory blocks.
/// </summary>
internal sealed class Column
{
    public Column(int count)
    {
        Kinds = new CellKind[count];
        Bits = new long[count];
    }

    public Column(CellKind[] kinds, long[] bits, object?[]? objects)
    {
        Kinds = kinds;
        Bits = bits;
        Objects = objects;
    }

    public CellKind[] Kinds { get; }

    public long[] Bits { get; }

    /// <summary>Strings and literals by run; null until a run holds one.</summary>
    public object?[]? Objects { get; private set; }

    /// <summary>The cell of run <paramref name="run"/> in <see cref="CellValue"/>'s form (numbers boxed on the way out).</summary>
    public object? this[int run]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Kinds[run] switch
        {
            CellKind.Missing => CellValue.Missing,
            CellKind.None => null,
            CellKind.False => CellValue.False,
            CellKind.True => CellValue.True,
            CellKind.Integer => CellValue.FromInteger(Bits[run]),
            CellKind.Double => BitConverter.Int64BitsToDouble(Bits[run]),
            _ => Objects![run],
        };
    }

    /// <summary>True when some run has a value.</summary>
    public bool HasAny => Kinds.AsSpan().IndexOfAnyExcept(CellKind.Missing) >= 0;

    /// <summary>Stores a cell (as <see cref="CellValue"/> makes them).</summary>
    public void Set(int run, object? cell)
    {
        switch (cell)
        {
            case null: Kinds[run] = CellKind.None; break;
            case bool b: Kinds[run] = b ? CellKind.True : CellKind.False; break;
            case int i: Kinds[run] = CellKind.Integer; Bits[run] = i; break;
            case long l: Kinds[run] = CellKind.Integer; Bits[run] = l; break;
            case double d: Kinds[run] = CellKind.Double; Bits[run] = BitConverter.DoubleToInt64Bits(d); break;
            case string s: Kinds[run] = CellKind.Text; SetObject(run, s); break;
            case CellValue.Literal literal: Kinds[run] = CellKind.Literal; SetObject(run, literal); break;
            default:
                if (ReferenceEquals(cell, CellValue.Missing)) { Clear(run); break; }
                throw new ArgumentException($"A cell of type {cell.GetType()} cannot be stored in a column.", nameof(cell));
        }
    }

    /// <summary>Marks run <paramref name="run"/> as lacking the parameter.</summary>
    public void Clear(int run)
    {
        Kinds[run] = CellKind.Missing;
        Bits[run] = 0;
        if (Objects is not null) Objects[run] = null;
    }

    /// <summary>Copies run <paramref name="from"/> of <paramref name="source"/> to run <paramref name="to"/>.</summary>
    public void CopyFrom(Column source, int from, int to)
    {
        Kinds[to] = source.Kinds[from];
        Bits[to] = source.Bits[from];
        object? value = source.Objects?[from];
        if (value is not null) SetObject(to, value);
        else if (Objects is not null) Objects[to] = null;
    }

    private void SetObject(int run, object value) => (Objects ??= new object?[Kinds.Length])[run] = value;
}
