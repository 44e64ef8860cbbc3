
namespace StorageTyped.Groups.Index;

/// <summary>
/// Where a parameter's cells come from for each run (by table position): a stored <see cref="Column"/>, a virtual
/// parameter's values, or nothing. A class rather than a delegate: the loops over 100,000 runs that read it are
/// optimized from their first call, which a lambda's body is not.
/// </summary>
internal abstract class CellSource
{
    /// <summary>The cell of run <paramref name="run"/> (<see cref="CellValue.Missing"/> when it lacks the parameter).</summary>
    public abstract object? this[int run] { get; }

    /// <summary>No run has the parameter.</summary>
    public static CellSource None { get; } = new NoCells();

    /// <summary>A stored column.</summary>
    public static CellSource Of(Column column) => new ColumnCells(column);

    /// <summary>A virtual parameter's values.</summary>
    public static CellSource Of(object?[] values) => new VirtualCells(values);

    /// <summary>The stored column behind this source; null for virtual parameters and missing ones.</summary>
    public virtual Column? StoredColumn => null;

    private sealed class ColumnCells(Column column) : CellSource
    {
        public override Column? StoredColumn => column;

        public override object? this[int run]
        {
            get => column[run];
        }
    }

    private sealed class VirtualCells(object?[] values) : CellSource
    {
        public override object? this[int run] => values[run];
    }

    private sealed class NoCells : CellSource
    {
        public override object? this[int run] => CellValue.Missing;
    }
}
