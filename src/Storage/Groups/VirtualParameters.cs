using System.Diagnostics.CodeAnalysis;
using StorageTyped.Groups.Index;

namespace StorageTyped.Groups;

/// <summary>
/// The parameters that live only in one group (PymoNNto's add_virtual_multi_parameter): for each name (lower case,
/// as configparser keeps keys) one cell per run of the group's table, <see cref="CellValue.Missing"/> where a run
/// lacks it, and the names in the order they were added.
/// </summary>
internal sealed class VirtualParameters
{
    private Dictionary<string, object?[]> _cells = new(StringComparer.Ordinal);
    private readonly List<string> _names = new();

    /// <summary>The names in the order they were added.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>A copy for a group made from this one: later additions to either are not seen by the other.</summary>
    public VirtualParameters Copy()
    {
        var copy = new VirtualParameters { _cells = new Dictionary<string, object?[]>(_cells, StringComparer.Ordinal) };
        copy._names.AddRange(_names);
        return copy;
    }

    /// <summary>True when <paramref name="normalized"/> is a virtual parameter.</summary>
    public bool Contains(string normalized) => _cells.ContainsKey(normalized);

    /// <summary>The cells of <paramref name="normalized"/>, one per table position.</summary>
    public bool TryGetCells(string normalized, [NotNullWhen(true)] out object?[]? cells) => _cells.TryGetValue(normalized, out cells);

    /// <summary>Adds or replaces a parameter.</summary>
    public void Set(string normalized, object?[] cells)
    {
        if (!_cells.ContainsKey(normalized)) _names.Add(normalized);
        _cells[normalized] = cells;
    }

    /// <summary>
    /// Keeps every value with its run when the table is read again: <paramref name="map"/>[i] is the old position of
    /// the run now at i, or -1 for a run that is new (it lacks every virtual parameter).
    /// </summary>
    public void MoveRuns(int[] map)
    {
        if (_cells.Count == 0) return;
        var moved = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var (name, oldValues) in _cells)
        {
            var values = new object?[map.Length];
            for (int i = 0; i < values.Length; i++) values[i] = map[i] >= 0 ? oldValues[map[i]] : CellValue.Missing;
            moved[name] = values;
        }
        _cells = moved;
    }
}
