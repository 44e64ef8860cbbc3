using StorageTyped.Groups;
using StorageTyped.Provenance;
using StorageTyped.Groups.Query;
using StorageTyped.Groups.Index;

namespace StorageTyped;

public sealed partial class StorageManagerGroup
{
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
        return WithFilter(new QueryFilter(query, section));
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
        return WithFilter(new StatusFilter([.. statuses.Distinct()]));
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
    public static IReadOnlyList<string> GetQueryKeys(string query) => QueryParser.Keys(QueryParser.Parse(query));
}
