namespace StorageTyped.Cli;

/// <summary>"Did you mean …?" for a name that is not there, by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>" Did you mean 'x'?" when a candidate is within a few edits (case ignored), else empty.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        return best is not null && bestDistance <= Math.Max(2, name.Length / 3) ? $" Did you mean '{best}'?" : "";
    }

    /// <summary>The Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
