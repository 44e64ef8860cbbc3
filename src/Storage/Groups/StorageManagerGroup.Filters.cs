using StorageTyped.Groups;
using StorageTyped.Provenance;
using StorageTyped.Groups.Query;
using StorageTyped.Groups.Index;

namespace StorageTyped;

public sealed partial class StorageManagerGroup
{
    /// <summary>The filters that made this group from the runs of its main folder, applied in order (none for a loaded group).</summary>
    private GroupFilter[] _filters = [];

    /// <summary>A group of some of <paramref name="source"/>'s runs, sharing what it has loaded.</summary>
    private StorageManagerGroup(StorageManagerGroup source, GroupFilter filter)
    {
        Tag = source.Tag;
        Options = source.Options;
        Check = source.Check;
        MainFolderPath = source.MainFolderPath;
        _indexPath = source._indexPath;
        _progress = source._progress;
        _table = source._table;
        _runs = source._runs;
        _virtual = new Dictionary<string, object?[]>(source._virtual, StringComparer.Ordinal);
        _virtualNames = new List<string>(source._virtualNames);
        _filters = [.. source._filters, filter];
        _order = filter.Apply(this, source._order);
    }

    /// <summary>
    /// A new group of the runs of this one that a query selects, in this group's order (see <see cref="Select"/>
    /// for the query language). This group is not changed. The new group shares what this one has loaded (no file is
    /// read); it sorts, queries, aggregates and refreshes on its own, and <see cref="Refresh"/> applies the query
    /// again to the runs as they are then.
    /// </summary>
    /// <param name="query">The query, such as <c>number_of_neurons &gt; 1000 and score &gt;= 0.5</c>.</param>
    /// <param name="section">The INI section the keys are in.</param>
    /// <exception cref="FormatException">The query is malformed; the message shows it with a caret at the offending position.</exception>
    public StorageManagerGroup Where(string query, string section = StorageManager.DefaultSection)
    {
        ArgumentNullException.ThrowIfNull(section);
        QueryParser.Parse(query); // a malformed query fails here, not at a later refresh
        return new StorageManagerGroup(this, new QueryFilter(query, section));
    }

    /// <summary>
    /// A new group of the runs of this one whose status (<see cref="StorageManager.Status"/>, from the [Provenance]
    /// section) is one of <paramref name="statuses"/>, in this group's order: <c>smg.WhereStatus(RunStatus.Completed)</c>
    /// leaves out unfinished and failed runs. A run recorded as running whose process is gone from this host counts as
    /// <see cref="RunStatus.Interrupted"/>; a run without a recorded status (PymoNNto's, or with provenance off) is
    /// <see cref="RunStatus.Unknown"/>. This group is not changed; <see cref="Refresh"/> on the new group looks at the
    /// statuses again.
    /// </summary>
    /// <param name="statuses">The statuses to keep; at least one.</param>
    /// <exception cref="ArgumentException">No status, or a value that is not a <see cref="RunStatus"/>.</exception>
    public StorageManagerGroup WhereStatus(params RunStatus[] statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Length == 0)
            throw new ArgumentException("Give at least one status to keep, such as RunStatus.Completed.", nameof(statuses));
        foreach (var status in statuses)
            if (!Enum.IsDefined(status))
                throw new ArgumentException($"{(int)status} is not a RunStatus; use Unknown, Running, Completed, Failed or Interrupted.", nameof(statuses));
        return new StorageManagerGroup(this, new StatusFilter([.. statuses.Distinct()]));
    }

    /// <summary>
    /// The status of every run in the group's order, as <see cref="StorageManager.Status"/> gives it, read from the
    /// group's index (a process is looked for only for runs recorded as running on this host).
    /// </summary>
    public List<RunStatus> GetStatusList()
    {
        var statuses = new RunStatusReader(this);
        var result = new List<RunStatus>(_order.Length);
        foreach (int run in _order) result.Add(statuses.StatusOf(run));
        return result;
    }

    /// <summary>
    /// The parameter names a query refers to, in order of first appearance and in lower case (as configparser keeps
    /// keys and <see cref="GetAllParams"/> lists them): to check a query a user typed before running it, since a key
    /// no run has selects nothing.
    /// </summary>
    /// <exception cref="FormatException">The query is malformed; the message shows it with a caret at the offending position.</exception>
    public static IReadOnlyList<string> GetQueryKeys(string query)
    {
        var keys = new List<string>();
        Collect(QueryParser.Parse(query));
        return keys;

        void Collect(QueryNode node)
        {
            switch (node)
            {
                case KeyNode key when !keys.Contains(key.Key, StringComparer.OrdinalIgnoreCase): keys.Add(key.Key); break;
                case ComparisonNode comparison: Collect(comparison.Left); Collect(comparison.Right); break;
                case LogicalNode logical: Collect(logical.Left); Collect(logical.Right); break;
            }
        }
    }

    /// <summary>The runs of <paramref name="order"/> the group's filters keep, in that order.</summary>
    private int[] ApplyFilters(int[] order)
    {
        foreach (var filter in _filters) order = filter.Apply(this, order);
        return order;
    }

    /// <summary>A stored parameter's cells, never a virtual parameter's (the status is what the run recorded).</summary>
    private CellSource StoredCells(string section, string key) =>
        _table.TryGetColumn(section, key, out Column? column) ? CellSource.Of(column) : CellSource.None;

    /// <summary>For the typed group: which runs of <see cref="Table"/> this group holds; null when it holds them all.</summary>
    internal bool[]? Members => MembershipMask();

    /// <summary>Which table positions are in the group; null when every run is (a group without filters).</summary>
    private bool[]? MembershipMask()
    {
        if (_filters.Length == 0) return null;
        var mask = new bool[_table.Count];
        foreach (int run in _order) mask[run] = true;
        return mask;
    }

    private static bool HasAny(Column column, bool[]? inGroup)
    {
        if (inGroup is null) return column.HasAny;
        for (int run = 0; run < inGroup.Length; run++)
            if (inGroup[run] && column.Kinds[run] != CellKind.Missing) return true;
        return false;
    }

    /// <summary>A condition that keeps some runs of a group, applied again on every refresh.</summary>
    private abstract class GroupFilter
    {
        public abstract int[] Apply(StorageManagerGroup group, int[] order);
    }

    private sealed class QueryFilter(string query, string section) : GroupFilter
    {
        public override int[] Apply(StorageManagerGroup group, int[] order)
        {
            var matches = QueryEvaluator.Compile(QueryParser.Parse(query), key => group.CellsOf(key, section));
            return Array.FindAll(order, matches.Matches);
        }
    }

    private sealed class StatusFilter(RunStatus[] statuses) : GroupFilter
    {
        public override int[] Apply(StorageManagerGroup group, int[] order)
        {
            var reader = new RunStatusReader(group);
            return Array.FindAll(order, run => Array.IndexOf(statuses, reader.StatusOf(run)) >= 0);
        }
    }

    /// <summary>
    /// Reads runs' statuses from the [Provenance] columns of the table with <see cref="StatusInference"/>'s rule,
    /// asking whether a process lives once per recorded process.
    /// </summary>
    private sealed class RunStatusReader
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
}
