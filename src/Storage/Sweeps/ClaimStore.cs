using StorageTyped.Provenance;

namespace StorageTyped.Sweeps;

/// <summary>What trying to claim a point found.</summary>
internal enum ClaimOutcome
{
    /// <summary>This process owns the point now (<see cref="ClaimAttempt.Claim"/>).</summary>
    Owned,

    /// <summary>The point has a completed run (<see cref="ClaimAttempt.Latest"/> names it).</summary>
    Completed,

    /// <summary>Another process ended the point failed or interrupted while this sweep ran.</summary>
    Ended,

    /// <summary>A live process works on the point now.</summary>
    Held,
}

/// <summary>The outcome of <see cref="ClaimStore.TryClaim"/>: the claim when owned, else the latest record seen.</summary>
internal readonly record struct ClaimAttempt(ClaimOutcome Outcome, PointClaim? Claim, ClaimRecord? Latest);

/// <summary>
/// The claims of a main folder's sweep points, in the library's folder (<see cref="LibraryFolder"/>), never in the
/// main folder itself: &lt;library folder&gt;/claims/&lt;point id&gt;.&lt;generation&gt;. A point is claimed by
/// creating generation 1 exclusively; a claim whose owner is gone, or that ended failed or interrupted, is taken over by
/// creating the next generation exclusively. Exclusive creation is atomic on local file systems and NFS alike, so two
/// processes never own one generation, and since generations only grow, a takeover never needs to delete anything
/// another process might be reading. Claim files stay after their point ended: they say how, and which run it made.
/// </summary>
internal sealed class ClaimStore
{
    /// <summary>The claims folder's name in a library folder.</summary>
    public const string FolderName = "claims";

    /// <summary>Claim files are a few hundred bytes; more is never read (a damaged or hostile file).</summary>
    private const int MaxClaimBytes = 16 * 1024;

    private const int MaxGenerations = 1_000_000;

    private readonly string _folder;
    private readonly string _libraryFolder;
    private readonly TimeSpan _heartbeatTimeout;
    private bool _folderExists;

    public ClaimStore(string mainFolder, TimeSpan heartbeatTimeout)
    {
        MainFolder = mainFolder;
        _libraryFolder = LibraryFolder.For(mainFolder);
        _folder = Path.Combine(_libraryFolder, FolderName);
        _heartbeatTimeout = heartbeatTimeout;
    }

    /// <summary>The main folder whose points these are.</summary>
    public string MainFolder { get; }

    /// <summary>The library folder (owner files live in it too).</summary>
    public string LibraryFolderPath => _libraryFolder;

    /// <summary>The claim file of <paramref name="id"/>'s generation <paramref name="generation"/>.</summary>
    public string PathOf(string id, int generation) => Path.Combine(_folder, id + "." + generation.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Claims point <paramref name="id"/>: owns it when no one has, when its owner is gone, or when its last claim ended
    /// failed or interrupted before <paramref name="takeEndedBefore"/> (a resume runs such points again; one that another
    /// process ended during this sweep is reported as <see cref="ClaimOutcome.Ended"/>, not run twice by the same sweep).
    /// </summary>
    /// <param name="id">The point's identity.</param>
    /// <param name="attemptsBefore">Runs of the point known before (written into a new claim).</param>
    /// <param name="takeEndedBefore">When this sweep started (UTC).</param>
    /// <param name="isCompletedRun">Whether a run a completed claim names is there and completed (a deleted run is run again).</param>
    public ClaimAttempt TryClaim(string id, int attemptsBefore, DateTime takeEndedBefore, Func<string, bool> isCompletedRun)
    {
        ClaimRecord? previous = null;
        for (int generation = 1; generation <= MaxGenerations; generation++)
        {
            string path = PathOf(id, generation);
            // Another sweep of this process reads this process's claims as alive only while they are registered, so a
            // claim is registered before its file exists. Registered already: a sweep of this process claims or holds
            // this very generation now.
            if (!PointClaim.TryReserve(path)) return new ClaimAttempt(ClaimOutcome.Held, null, previous);
            bool created;
            try
            {
                created = TryCreate(path, ClaimRecord.Start(Math.Max(attemptsBefore, previous is null ? 0 : Math.Max(previous.Attempt, previous.AttemptsBefore))));
            }
            catch
            {
                PointClaim.Unreserve(path);
                throw;
            }
            if (created)
            {
                // A takeover reads the claim it took over again now that its own exists: an owner that was only slow (a
                // heartbeat that ran out on another host) names its run before it looks for a newer generation
                // (PointClaim.IsTakenOver), so either that owner gives the point up or this read finds the run.
                if (previous is not null) previous = Read(PathOf(id, generation - 1));
                return new ClaimAttempt(ClaimOutcome.Owned, new PointClaim(id, generation, path, previous, this), previous);
            }
            PointClaim.Unreserve(path);

            var record = Read(path);
            if (File.Exists(PathOf(id, generation + 1)))
            {
                previous = record;
                continue; // a newer generation decides
            }
            switch (record.Final)
            {
                case PointState.Completed when record.Run is { } run && isCompletedRun(run):
                    return new ClaimAttempt(ClaimOutcome.Completed, null, record);
                case PointState.Completed:
                    break; // its run is gone: run the point again
                case PointState.Failed or PointState.Interrupted when File.GetLastWriteTimeUtc(path) >= takeEndedBefore:
                    return new ClaimAttempt(ClaimOutcome.Ended, null, record);
                case PointState.Failed or PointState.Interrupted:
                    break;
                default:
                    if (OwnerLives(record, path)) return new ClaimAttempt(ClaimOutcome.Held, null, record);
                    break;
            }
            previous = record; // take over with the next generation
        }
        throw new IOException($"Point {id} has more than {MaxGenerations} claims in '{_folder}'; the folder is damaged. Remove it (no run is lost: claims only coordinate) and run the sweep again.");
    }

    /// <summary>The latest claim of <paramref name="id"/> and whether its owner still works on it; null when it has none.</summary>
    public (ClaimRecord Record, bool OwnerLives)? Latest(string id)
    {
        if (!File.Exists(PathOf(id, 1))) return null;
        int generation = 1;
        while (generation < MaxGenerations && File.Exists(PathOf(id, generation + 1))) generation++;
        string path = PathOf(id, generation);
        var record = Read(path);
        return (record, record.Final is null && OwnerLives(record, path));
    }

    /// <summary>
    /// Whether the process that made <paramref name="record"/> still works: on this host, a process with its id and
    /// start time lives; on another host, its owner file (or the claim itself) changed within the heartbeat timeout.
    /// A record still being written (the owner line incomplete) counts as alive while the file is young.
    /// </summary>
    public bool OwnerLives(ClaimRecord record, string claimPath)
    {
        // This process knows its own claims (a claim left unreleased by a failed release is not worked on any more).
        if (record.Owner == SweepOwner.Id) return PointClaim.IsActive(claimPath);
        if (record.IsComplete && record.Host == Environment.MachineName && record.ProcessId is { } pid)
            return ProcessFacts.IsAlive(pid, record.ProcessStartUnix);
        var newest = File.GetLastWriteTimeUtc(claimPath);
        if (record.Owner is { } owner && IsSafeName(owner))
        {
            var beat = File.GetLastWriteTimeUtc(SweepOwner.FileOf(_libraryFolder, owner));
            if (beat > newest) newest = beat;
        }
        return DateTime.UtcNow - newest < _heartbeatTimeout;
    }

    /// <summary>Reads a claim file; a file that is still being created is read again for a moment.</summary>
    public static ClaimRecord Read(string path)
    {
        ClaimRecord record = new();
        for (int attempt = 0; attempt < 20; attempt++)
        {
            record = ClaimRecord.Parse(ReadBounded(path));
            if (record.IsComplete) return record;
            Thread.Sleep(1); // created but not written yet: the owner writes its first lines right after the create
        }
        return record;
    }

    private static byte[] ReadBounded(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long length = Math.Min(RandomAccess.GetLength(handle), MaxClaimBytes);
            var buffer = new byte[length];
            int read = RandomAccess.Read(handle, buffer, 0);
            return read == buffer.Length ? buffer : buffer[..read];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Creates <paramref name="path"/> with <paramref name="content"/> if no file has that name; false when one has.</summary>
    private bool TryCreate(string path, byte[] content)
    {
        if (!_folderExists)
        {
            Directory.CreateDirectory(_folder);
            _folderExists = true;
        }
        try
        {
            return ClaimFile.TryCreate(path, content);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(_folder); // removed from outside: make it again
            return ClaimFile.TryCreate(path, content);
        }
    }

    /// <summary>Appends to a claim this process owns (its only writer).</summary>
    internal static void Append(string path, byte[] content) => ClaimFile.Append(path, content);

    private static bool IsSafeName(string name)
    {
        if (name.Length is 0 or > 255 || name is "." or "..") return false;
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) return false;
        return true;
    }
}

/// <summary>A claim this process owns: it names the runs it makes and ends with the point's state.</summary>
internal sealed class PointClaim
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> ActiveClaims = new(StringComparer.Ordinal);

    private readonly ClaimStore _store;

    /// <summary>A claim whose file this process has just created (reserved with <see cref="TryReserve"/> before).</summary>
    public PointClaim(string id, int generation, string path, ClaimRecord? previous, ClaimStore store)
    {
        Id = id;
        Generation = generation;
        Path = path;
        Previous = previous;
        _store = store;
    }

    /// <summary>
    /// True while this process owns the claim file <paramref name="path"/> (or is creating it) and has not ended it.
    /// </summary>
    public static bool IsActive(string path) => ActiveClaims.ContainsKey(path);

    /// <summary>Registers <paramref name="path"/> as this process's before it creates the file; false when a sweep of this process has already.</summary>
    public static bool TryReserve(string path) => ActiveClaims.TryAdd(path, 0);

    /// <summary>Undoes <see cref="TryReserve"/> when the file could not be created (another process has it).</summary>
    public static void Unreserve(string path) => ActiveClaims.TryRemove(path, out _);

    /// <summary>
    /// True when another process has taken the point over (a newer generation exists): then this claim's run must
    /// not go on. Asked after <see cref="RecordRun"/>, the order that lets a takeover see the run or this claim see
    /// the takeover.
    /// </summary>
    public bool IsTakenOver => File.Exists(_store.PathOf(Id, Generation + 1));

    /// <summary>The point's identity.</summary>
    public string Id { get; }

    /// <summary>The claim's generation (1 for the point's first claim).</summary>
    public int Generation { get; }

    /// <summary>The claim file.</summary>
    public string Path { get; }

    /// <summary>The claim this one took over (its owner gone, or it ended failed or interrupted), or null.</summary>
    public ClaimRecord? Previous { get; }

    /// <summary>True once the claim is ended.</summary>
    public bool IsReleased { get; private set; }

    /// <summary>Records the run made for the point (so that a process taking the point over finds it).</summary>
    public void RecordRun(string folderName, int attempt) => ClaimStore.Append(Path, ClaimRecord.RunLine(folderName, attempt));

    /// <summary>Ends the claim with the point's state; other processes then skip (completed) or may run it again.</summary>
    public void Release(PointState state)
    {
        if (IsReleased) return;
        try
        {
            ClaimStore.Append(Path, ClaimRecord.FinalLine(state));
        }
        finally
        {
            IsReleased = true;
            ActiveClaims.TryRemove(Path, out _);
        }
    }

    /// <summary>Ends the claim of a point whose run turned out completed already, naming that run.</summary>
    public void ReleaseAsCompleted(string folderName, int attempt)
    {
        if (IsReleased) return;
        try
        {
            ClaimStore.Append(Path, [.. ClaimRecord.RunLine(folderName, attempt), .. ClaimRecord.FinalLine(PointState.Completed)]);
        }
        finally
        {
            IsReleased = true;
            ActiveClaims.TryRemove(Path, out _);
        }
    }
}
