namespace StorageTyped.Generators.Analyzers;

/// <summary>
/// Which known name a mistyped one most likely meant: the nearest by edit distance (Levenshtein with a swap of two
/// adjacent characters as one edit; case ignored), when it is close enough to be a typo: one edit for short names, up
/// to three for long ones ("nope" is no typo of "name", "scroe" is one of "score"). One rule for the STG004 analyzer
/// and the runs tool's "Did you mean …?", which compiles this file too.
/// </summary>
internal static class NearMiss
{
    /// <summary>The most edits a typo of a name of <paramref name="length"/> characters may hold.</summary>
    public static int AllowedEdits(int length) => Math.Max(1, Math.Min(3, length / 4));

    /// <summary>The candidate nearest to <paramref name="name"/> (the first of equals), or null when none is within <see cref="AllowedEdits"/>.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string lower = name.ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = EditDistance(lower, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= AllowedEdits(lower.Length) ? best : null;
    }

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    public static int EditDistance(string a, string b)
    {
        var previousPrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, previousPrevious[j - 2] + 1);
                current[j] = value;
            }
            var recycled = previousPrevious;
            previousPrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.Length];
    }
}
