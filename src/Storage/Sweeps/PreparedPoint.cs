namespace StorageTyped.Sweeps;

/// <summary>A point of a sweep, checked and identified: its value, its identity and its place in the caller's list.</summary>
internal sealed record PreparedPoint<T>(T Value, string Id, int Index)
{
    /// <summary>The checked parameters in raw INI form, kept for the run to be made (null once not needed).</summary>
    public List<(string Key, string Raw)>? Entries { get; set; }

    /// <summary>
    /// Checks every point (each value can be stored, as <see cref="StorageManager.Create{T}"/> checks it) and gives its
    /// identity, before anything is written; a point given twice is kept once (at its first place) unless
    /// <paramref name="keepDuplicates"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A point is null or holds a key or value that cannot be stored; the message names the point's position.</exception>
    public static List<PreparedPoint<T>> Prepare(IEnumerable<T> points, PointFormat<T> format, bool keepDuplicates = false, bool keepEntries = false)
    {
        ArgumentNullException.ThrowIfNull(points);
        var prepared = points is ICollection<T> collection ? new List<PreparedPoint<T>>(collection.Count) : new List<PreparedPoint<T>>();
        var seen = keepDuplicates ? null : new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (T point in points)
        {
            if (point is null) throw new ArgumentException($"Point {index} of the sweep is null; give every point a value.", nameof(points));
            string id;
            List<(string Key, string Raw)> entries;
            try
            {
                var texts = format.Texts(point);
                entries = StorageManager.PrepareTexts(texts, format.Section, nameof(points));
                id = PointIdentity.Of(texts);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Point {index} of the sweep ({point}) cannot be stored, so no run was made: {e.Message}", nameof(points), e);
            }
            if (seen is null || seen.Add(id)) prepared.Add(new PreparedPoint<T>(point, id, index) { Entries = keepEntries ? entries : null });
            index++;
        }
        return prepared;
    }

    /// <summary>
    /// The points of <paramref name="shard"/>: ranked by identity and dealt out in turn (shares differ by at most one
    /// point and do not depend on the order of the list), kept in the list's order.
    /// </summary>
    public static List<PreparedPoint<T>> ShareOf(List<PreparedPoint<T>> points, SweepShard? shard)
    {
        if (shard is null || shard.Count == 1) return points;
        var byId = new int[points.Count];
        for (int i = 0; i < byId.Length; i++) byId[i] = i;
        Array.Sort(byId, (a, b) => string.CompareOrdinal(points[a].Id, points[b].Id));
        var member = new bool[points.Count];
        for (int rank = shard.Index; rank < byId.Length; rank += shard.Count) member[byId[rank]] = true;
        var share = new List<PreparedPoint<T>>(points.Count / shard.Count + 1);
        for (int i = 0; i < points.Count; i++)
            if (member[i]) share.Add(points[i]);
        return share;
    }
}
