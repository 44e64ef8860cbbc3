using StorageTyped.Groups.Index;
using StorageTyped.Provenance;

namespace StorageTyped.Groups;

/// <summary>
/// Reads runs' statuses from the [Provenance] columns of the table with <see cref="StatusInference"/>'s rule,
/// asking whether a process lives once per recorded process.
/// </summary>
internal sealed class RunStatusReader
{
    private readonly CellSource _status, _host, _pid, _processStart;
    private readonly object? _thisHost = CellValue.FromText(Environment.MachineName);
    private readonly Dictionary<(int, double), bool> _alive = new();

    public RunStatusReader(StorageManagerGroup group)
    {
        _status = group.StoredCells(ProvenanceKeys.Section, ProvenanceKeys.Status);
        _host = group.StoredCells(ProvenanceKeys.Section, ProvenanceKeys.Host);
        _pid = group.StoredCells(ProvenanceKeys.Section, ProvenanceKeys.ProcessId);
        _processStart = group.StoredCells(ProvenanceKeys.Section, ProvenanceKeys.ProcessStartUnix);
    }

    public RunStatus StatusOf(int run)
    {
        var recorded = _status[run] is string text ? ProvenanceKeys.Parse(text) : RunStatus.Unknown;
        if (recorded != RunStatus.Running) return recorded;
        bool onThisHost = Equals(_host[run], _thisHost);
        int? pid = _pid[run] is int id && id >= 0 ? id : null;
        double started = _processStart[run] switch
        {
            double d => d,
            int i => i,
            long l => l,
            _ => 0,
        };
        return StatusInference.Effective(recorded, onThisHost, pid, started, IsAlive);
    }

    private bool IsAlive(int pid, double started)
    {
        if (!_alive.TryGetValue((pid, started), out bool alive))
            _alive[(pid, started)] = alive = ProcessFacts.IsAlive(pid, started);
        return alive;
    }
}
