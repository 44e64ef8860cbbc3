using StorageTyped.Groups.Index;
using StorageTyped.TypedParameters;

namespace StorageTyped.Groups;

/// <summary>
/// What the typed group reads of an untyped group, and all it reads: the runs the group holds (by table position, in
/// natural order), their folder names, why a run's config.ini could not be read, and a run's values as the index
/// keeps them (numbers already parsed, texts exact), so that the typed group never sees columns or cells.
/// </summary>
internal sealed class IndexedRuns(RunTable table, bool[]? members)
{
    /// <summary>Number of table positions (the runs of the main folder, including those the group's filters leave out).</summary>
    public int Count => table.Count;

    /// <summary>True when the group holds the run at <paramref name="run"/>.</summary>
    public bool Holds(int run) => members is null || members[run];

    /// <summary>The run folder's name.</summary>
    public string FolderName(int run) => table.Names[run];

    /// <summary>Why the run's config.ini could not be read; null when it was.</summary>
    public string? Problem(int run) =>
        table.States[run] == RunState.Loaded ? null : table.Problems.GetValueOrDefault(run) ?? "The run has no config.ini.";

    /// <summary>The run's value of <paramref name="key"/> in <paramref name="section"/>: missing, a parsed number, or its text.</summary>
    public ParameterCell Find(int run, string section, string key)
    {
        if (!table.TryGetColumn(section, key, out Column? column)) return ParameterCell.Missing;
        return column.Kinds[run] switch
        {
            CellKind.Missing => ParameterCell.Missing,
            CellKind.None => ParameterCell.FromText("None"),
            CellKind.False => ParameterCell.FromText("False"),
            CellKind.True => ParameterCell.FromText("True"),
            CellKind.Integer => new ParameterCell(ParameterCellKind.Integer, column.Bits[run], null),
            CellKind.Double => new ParameterCell(ParameterCellKind.Double, column.Bits[run], null),
            CellKind.Text => ParameterCell.FromText((string)column.Objects![run]!),
            _ => ParameterCell.FromText(((CellValue.Literal)column.Objects![run]!).Text),
        };
    }
}
