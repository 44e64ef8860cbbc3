using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using StorageTyped.Files;

namespace StorageTyped.Runs;

/// <summary>
/// Claims new run folders without ever handing one name to two callers: every claim is an exclusive mkdir
/// (<see cref="ExclusiveDirectory"/>), never a check followed by a create. Enumerated numbers start from a hint
/// (a small file in the main folder, plus what this process claimed last) and gallop past taken numbers, so a
/// claim costs O(1) amortized instead of a scan over every earlier run.
/// </summary>
internal static class RunFolderAllocator
{
    /// <summary>Random run numbers are drawn from [1, this): wide enough that collisions are rare, and retried.</summary>
    public const long RandomNumberBound = 1_000_000_000;

    private const int MaxAttempts = 100_000;
    private const int HintInterval = 16;
    private static readonly ConcurrentDictionary<string, long> LastClaimedInProcess = new(StringComparer.Ordinal);

    /// <summary>
    /// Claims a run folder: the fixed <paramref name="runNumber"/> when given, else a random or the next enumerated
    /// number. The main folder usually exists, so it is made only when a claim finds no parent (no stat per run).
    /// </summary>
    /// <returns>The folder, and false when a fixed number's existing folder was reopened.</returns>
    public static (string Path, bool Created) Claim(string mainFolder, string prefix, bool randomNr, long? runNumber, bool addNewWhenExists)
    {
        try
        {
            return ClaimIn(mainFolder, prefix, randomNr, runNumber, addNewWhenExists);
        }
        catch (DirectoryNotFoundException)
        {
            // Creating it is idempotent: another thread or process may be making it at this very moment.
            Directory.CreateDirectory(mainFolder);
            return ClaimIn(mainFolder, prefix, randomNr, runNumber, addNewWhenExists);
        }
    }

    private static (string Path, bool Created) ClaimIn(string mainFolder, string prefix, bool randomNr, long? runNumber, bool addNewWhenExists) =>
        runNumber is { } number ? ClaimFixed(mainFolder, prefix, number, addNewWhenExists)
        : (randomNr ? ClaimRandom(mainFolder, prefix) : ClaimEnumerated(mainFolder, prefix), true);

    /// <summary>Claims &lt;prefix&gt;&lt;random number&gt;; a taken number is replaced by a fresh draw.</summary>
    public static string ClaimRandom(string mainFolder, string prefix)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            long number = Random.Shared.NextInt64(1, RandomNumberBound);
            string path = Path.Combine(mainFolder, RunFolderName.Format(prefix, number));
            if (ExclusiveDirectory.TryCreate(path)) return path;
        }
        throw new IOException($"Could not find a free random run number in '{mainFolder}' after {MaxAttempts} attempts; the folder holds too many runs of '{prefix}' for random numbers. Use enumerated numbers (randomNr: false).");
    }

    /// <summary>Claims &lt;prefix&gt;&lt;n&gt; for the next free enumerated n (from 1).</summary>
    public static string ClaimEnumerated(string mainFolder, string prefix)
    {
        string processKey = mainFolder + '\0' + prefix;
        string hintPath = HintPath(mainFolder, prefix);
        // What this process claimed last is a good start; the hint file (other processes' progress) is read only
        // on the first claim and whenever that start turns out to be taken.
        long start = LastClaimedInProcess.TryGetValue(processKey, out long last) ? last + 1 : ReadHint(hintPath);
        if (last > 0 && Exists(mainFolder, prefix, start)) start = Math.Max(start, ReadHint(hintPath));
        long number = Math.Max(start, 1);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            // The start is usually free: claim it at once (one mkdir, no stat first); when it is taken, gallop
            // past the taken numbers with stats and claim the first free one.
            if (attempt > 0) number = FirstFreeFrom(mainFolder, prefix, number);
            string path = Path.Combine(mainFolder, RunFolderName.Format(prefix, number));
            if (ExclusiveDirectory.TryCreate(path))
            {
                LastClaimedInProcess.AddOrUpdate(processKey, number, (_, previous) => Math.Max(previous, number));
                // Other processes start from the hint; refreshing it every few claims keeps their probe short.
                if (attempt > 0 || number - start > 0 || number % HintInterval == 0) WriteHint(hintPath, number + 1);
                return path;
            }
            number++; // taken (or lost the race for it): somebody else has it now
        }
        throw new IOException($"Could not claim an enumerated run folder for '{prefix}' in '{mainFolder}' after {MaxAttempts} attempts.");
    }

    /// <summary>
    /// Gives back the enumerated numbers this process claimed in a main folder after a claimed folder was removed
    /// again (its creation failed): the next claim starts from the hint and probes, so the number is taken again.
    /// </summary>
    public static void ForgetClaims(string mainFolder, string prefix) => LastClaimedInProcess.TryRemove(mainFolder + '\0' + prefix, out _);

    /// <summary>
    /// Claims &lt;prefix&gt;&lt;number&gt;; when it exists, either reopens it (returns it with created = false) or
    /// claims &lt;prefix&gt;&lt;number&gt;_&lt;k&gt; for the first free k, as PymoNNto names repeated runs.
    /// </summary>
    public static (string Path, bool Created) ClaimFixed(string mainFolder, string prefix, long number, bool addNewWhenExists)
    {
        string name = RunFolderName.Format(prefix, number);
        string path = Path.Combine(mainFolder, name);
        if (ExclusiveDirectory.TryCreate(path)) return (path, true);
        if (!addNewWhenExists)
        {
            if (!Directory.Exists(path))
                throw new IOException($"'{path}' exists but is not a folder; remove it or choose another run number.");
            return (path, false);
        }
        for (long k = 0; k < MaxAttempts; k++)
        {
            string candidate = Path.Combine(mainFolder, name + "_" + k.ToString(CultureInfo.InvariantCulture));
            if (ExclusiveDirectory.TryCreate(candidate)) return (candidate, true);
        }
        throw new IOException($"Could not claim a folder for run '{name}' in '{mainFolder}' after {MaxAttempts} attempts.");
    }

    /// <summary>
    /// The first number at or after <paramref name="start"/> whose folder does not exist, assuming taken numbers
    /// form a run from <paramref name="start"/>: probe start+1, +2, +4 … until a free one, then bisect.
    /// </summary>
    private static long FirstFreeFrom(string mainFolder, string prefix, long start)
    {
        if (!Exists(start)) return start;
        long taken = start, step = 1, free;
        while (true)
        {
            long probe = start + step;
            if (!Exists(probe)) { free = probe; break; }
            taken = probe;
            step *= 2;
        }
        while (free - taken > 1)
        {
            long middle = taken + (free - taken) / 2;
            if (Exists(middle)) taken = middle; else free = middle;
        }
        return free;

        bool Exists(long number) => RunFolderAllocator.Exists(mainFolder, prefix, number);
    }

    private static bool Exists(string mainFolder, string prefix, long number) =>
        Directory.Exists(Path.Combine(mainFolder, RunFolderName.Format(prefix, number)));

    private static string HintPath(string mainFolder, string prefix) => Path.Combine(mainFolder, "." + prefix + ".next");

    /// <summary>The hint is advisory: missing, torn or stale content only costs a few extra probes.</summary>
    private static long ReadHint(string hintPath)
    {
        try
        {
            Span<byte> buffer = stackalloc byte[32];
            using var handle = RegularFile.OpenRead(hintPath);
            int read = RandomAccess.Read(handle, buffer, 0);
            string text = Encoding.ASCII.GetString(buffer[..read]).Trim();
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0 ? value : 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return 1; // missing, unreadable, or not a regular file (a pipe would block)
        }
    }

    private static void WriteHint(string hintPath, long next)
    {
        try
        {
            // Fixed width and written in place with one write: no truncation window for readers.
            byte[] content = Encoding.ASCII.GetBytes(next.ToString("D19", CultureInfo.InvariantCulture) + "\n");
            using var handle = RegularFile.OpenWrite(hintPath);
            RandomAccess.Write(handle, content, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Only a hint: the next claim probes a little longer.
        }
    }
}
