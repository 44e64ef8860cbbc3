using StorageTyped.Groups.Query;

namespace StorageTyped.Groups;

/// <summary>A condition that keeps some runs of a group (<see cref="StorageManagerGroup.Where"/>, <see cref="StorageManagerGroup.WhereStatus"/>), applied again on every refresh.</summary>
internal abstract class GroupFilter
{
    /// <summary>The runs of <paramref name="order"/> (table positions) the condition keeps, in that order.</summary>
    public abstract int[] Apply(StorageManagerGroup group, int[] order);
}

/// <summary>Keeps the runs a query selects.</summary>
internal sealed class QueryFilter(string query, string section) : GroupFilter
{
    public override int[] Apply(StorageManagerGroup group, int[] order)
    {
        var matches = QueryEvaluator.Compile(QueryParser.Parse(query), key => group.CellsOf(key, section));
        return Array.FindAll(order, matches.Matches);
    }
}

/// <summary>Keeps the runs whose status is one of the given ones.</summary>
internal sealed class StatusFilter(RunStatus[] statuses) : GroupFilter
{
    public override int[] Apply(StorageManagerGroup group, int[] order)
    {
        var reader = new RunStatusReader(group);
        return Array.FindAll(order, run => Array.IndexOf(statuses, reader.StatusOf(run)) >= 0);
    }
}
