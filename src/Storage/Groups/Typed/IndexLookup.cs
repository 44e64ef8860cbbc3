using StorageTyped.Parameters;
using StorageTyped.TypedParameters;
using StorageTyped.Groups.Index;

namespace StorageTyped.Groups.Typed;

/// <summary>
/// One run's parameters as the group's index holds them: numbers already parsed, texts and list literals exactly
/// as configparser's get() gave them. The exact text of a number is read from the run's config.ini only when a
/// property that is not a number asks for it (a string parameter holding "007", say).
/// </summary>
internal sealed class IndexLookup(RunTable table, int run, string runPath) : ParameterLookup
{
    private IniDocument? _document;

    public override string RunPath => runPath;

    public override ParameterCell Find(string section, string key)
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

    public override string? ExactText(string section, string key) =>
        (_document ??= ConfigFile.Read(runPath)).Get(section, key);
}
