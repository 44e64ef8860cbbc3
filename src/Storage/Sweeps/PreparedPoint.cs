namespace StorageTyped.Sweeps;

/// <summary>A point of a sweep, checked and identified: its value, its identity and its place in the caller's list.</summary>
internal sealed record PreparedPoint<T>(T Value, string Id, int Index)
{
    /// <summary>Below this many points the identities are computed on the calling thread.</summary>
    private const int ParallelFrom = 2048;

    /// <summary>The checked parameters in raw INI form, for the run to be made (<see cref="Check"/>); null until then.</summary>
    public List<(string Key, string Raw)>? Entries { get; set; }

    /// <summary>
    /// Identifies every point (on every core for a large sweep: a finished sweep of 100,000 points is checked in about
    /// the time of one group load); a point given twice is kept once, at its first place, unless
    /// <paramref name="keepDuplicates"/>. Keys and values are checked only as far as the identity needs;
    /// <see cref="Check"/> checks the points that will be run.
    /// </summary>
    /// <exception cref="ArgumentException">A point is null, or a value cannot be written; the message names the point's position.</exception>
    public static List<PreparedPoint<T>> Prepare(IEnumerable<T> points, PointFormat<T> format, bool keepDuplicates = false)
    {
        ArgumentNullException.ThrowIfNull(points);
        var values = points as IReadOnlyList<T> ?? points.ToList();
        var ids = new string[values.Count];
        if (values.Count < ParallelFrom)
        {
            for (int i = 0; i < ids.Length; i++) ids[i] = IdOf(values[i], i, format);
        }
        else
        {
            int firstBad = int.MaxValue;
            ArgumentException? error = null;
            Parallel.For(0, ids.Length, i =>
            {
                try
                {
                    ids[i] = IdOf(values[i], i, format);
                }
                catch (ArgumentException e)
                {
                    lock (ids)
                        if (i < firstBad) (firstBad, error) = (i, e); // the first bad point, as the sequential pass reports it
                }
            });
            if (error is not null) throw error;
        }
        var prepared = new List<PreparedPoint<T>>(ids.Length);
        var seen = keepDuplicates ? null : new HashSet<string>(ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++)
            if (seen is null || seen.Add(ids[i])) prepared.Add(new PreparedPoint<T>(values[i], ids[i], i));
        return prepared;
    }

    /// <summary>
    /// Checks every key and value of the points to be run (as <see cref="StorageManager.Create{T}"/> does) and keeps
    /// their raw INI form, before any run is made.
    /// </summary>
    /// <exception cref="ArgumentException">A key or value cannot be stored; the message names the point's position.</exception>
    public static void Check(IEnumerable<PreparedPoint<T>> points, PointFormat<T> format)
    {
        foreach (var point in points)
        {
            try
            {
                point.Entries = StorageManager.PrepareTexts(format.Texts(point.Value), format.Section, "points");
            }
            catch (ArgumentException e)
            {
                throw Refused(point.Value, point.Index, e);
            }
        }
    }

    private static string IdOf(T point, int index, PointFormat<T> format)
    {
        if (point is null) throw new ArgumentException($"Point {index} of the sweep is null; give every point a value.", "points");
        try
        {
            return PointIdentity.Of(format.Texts(point));
        }
        catch (ArgumentException e)
        {
            throw Refused(point, index, e);
        }
    }

    private static ArgumentException Refused(T point, int index, ArgumentException e) =>
        new($"Point {index} of the sweep ({point}) cannot be stored, so no run was made: {e.Message}", "points", e);

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
