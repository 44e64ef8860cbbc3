using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using StorageTyped.Provenance;

namespace StorageTyped.Sweeps;

/// <summary>
/// Runs one sweep in this process: checks and identifies the points, takes this process's share, skips points that
/// have a completed run (one group load), and runs the others on <see cref="SweepOptions.MaxParallelism"/> workers,
/// each point under a claim (<see cref="ClaimStore"/>) so that no point runs twice at once in any process. Points a
/// live process holds are looked at again once the rest are done: taken over when that process dies, reported as it
/// ended them otherwise.
/// </summary>
internal sealed class SweepRunner<T>
{
    private static readonly TimeSpan FirstRecheck = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRecheck = TimeSpan.FromSeconds(2);
    private const string TakenOver = "TakenOver: another process took this point over after this process's heartbeat ran out";

    private readonly string _mainFolderName;
    private readonly StorageOptions _storage;
    private readonly SweepOptions _options;
    private readonly PointFormat<T> _format;
    private readonly Func<T, StorageManager, CancellationToken, Task> _body;
    private readonly Stopwatch _clock = new();
    private readonly object _outcomeGate = new();
    private readonly List<(int Index, SweepOutcome<T> Outcome)> _completed = new(), _skipped = new(), _failed = new(), _interrupted = new();
    private readonly ConcurrentQueue<HeldPoint> _held = new();
    private List<PreparedPoint<T>> _queue = [];
    private SweepSnapshot _snapshot = null!;
    private ClaimStore _claims = null!;
    private CancellationTokenSource _stop = null!;
    private DateTime _startUtc;
    private int _total, _next = -1, _inFlight, _running;
    private long _firstStartTicks = -1;

    public SweepRunner(string mainFolderName, IEnumerable<T> points, PointFormat<T> format, Func<T, StorageManager, CancellationToken, Task> body, SweepOptions? options)
    {
        RunKey.ValidateFolderName(mainFolderName, nameof(mainFolderName));
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(body);
        _options = options ?? SweepOptions.Default;
        if (_options.MaxParallelism < 0)
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxParallelism, "SweepOptions.MaxParallelism is the number of points run at once, or 0 for one per core.");
        if (_options.Retries < 0)
            throw new ArgumentOutOfRangeException(nameof(options), _options.Retries, "SweepOptions.Retries is how often a failed point is run again: 0 or more.");
        if (_options.HeartbeatTimeout < TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(options), _options.HeartbeatTimeout, "SweepOptions.HeartbeatTimeout must be at least a second (2 minutes by default).");
        _storage = _options.Storage ?? StorageOptions.Default;
        if (!_storage.RecordProvenance)
            throw new ArgumentException("A sweep tells completed points from the others by the status in each run's [Provenance] section; StorageOptions.RecordProvenance must stay true.", nameof(options));
        if (_storage.Last || _storage.RunNumber is not null)
            throw new ArgumentException("A sweep makes a new run for each point; StorageOptions.Last and RunNumber (which reopen or fix a run) cannot be used with it.", nameof(options));
        if (format.Section is SweepKeys.Section or ProvenanceKeys.Section)
            throw new ArgumentException($"The points' section [{format.Section}] is the library's own; give the parameter type another section.", nameof(points));
        _mainFolderName = mainFolderName;
        _format = format;
        _body = body;
        Points = points;
    }

    private IEnumerable<T> Points { get; }

    public async Task<SweepResult<T>> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        _startUtc = DateTime.UtcNow;
        // The group load (reading the runs) and the points' identities (hashing) do not depend on each other: together
        // they take about the longer of the two, which is what checking a finished sweep costs.
        var loading = Task.Run(() => SweepSnapshot.Load(_mainFolderName, _storage, IndexCheck.AddedAndRemovedRunsOnly), CancellationToken.None);
        List<PreparedPoint<T>> prepared;
        try
        {
            prepared = PreparedPoint<T>.Prepare(Points, _format);
        }
        catch
        {
            _ = loading.ContinueWith(static task => task.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            throw;
        }
        var share = PreparedPoint<T>.ShareOf(prepared, _options.Shard ?? SweepShard.FromEnvironment());
        _total = share.Count;
        _snapshot = await loading.ConfigureAwait(false);
        _claims = new ClaimStore(_snapshot.MainFolder, _options.HeartbeatTimeout);

        var queue = new List<PreparedPoint<T>>(share.Count);
        foreach (var point in share)
        {
            if (_snapshot.CompletedRun(point.Id) is { } done)
            {
                _skipped.Add((point.Index, SweepOutcome<T>.InFolder(point.Value, point.Id, _snapshot.MainFolder, done))); // one report for all, below
            }
            else
                queue.Add(point);
        }
        PreparedPoint<T>.Check(queue, _format); // a point that cannot be stored refuses the sweep before any run
        _queue = queue;
        Report();
        if (queue.Count == 0 || cancellationToken.IsCancellationRequested) return Result(cancellationToken.IsCancellationRequested && queue.Count > 0);

        using (_stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        using (SweepOwner.Join(_claims.LibraryFolderPath, _options.HeartbeatTimeout / 4))
        using (SweepSignals.Listen(_stop))
        {
            int parallelism = _options.MaxParallelism == 0 ? DefaultParallelism(Environment.GetEnvironmentVariable) : _options.MaxParallelism;
            var workers = new Task[Math.Min(parallelism, queue.Count)];
            for (int i = 0; i < workers.Length; i++) workers[i] = Task.Run(WorkAsync);
            await Task.WhenAll(workers).ConfigureAwait(false);
            return Result(_stop.IsCancellationRequested);
        }
    }

    /// <summary>
    /// Points at a time when <see cref="SweepOptions.MaxParallelism"/> is 0: the CPUs Slurm gave the task
    /// (SLURM_CPUS_PER_TASK; without CPU binding a task sees the whole node's cores), else one per core.
    /// </summary>
    internal static int DefaultParallelism(Func<string, string?> variable) =>
        int.TryParse(variable("SLURM_CPUS_PER_TASK"), NumberStyles.None, CultureInfo.InvariantCulture, out int cpus) && cpus > 0
            ? cpus
            : Environment.ProcessorCount;

    /// <summary>One worker: points of the queue in order, then the points live processes held, until none is left.</summary>
    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                int index = Interlocked.Increment(ref _next);
                if (index < _queue.Count)
                {
                    await ProcessAsync(_queue[index], firstLook: true).ConfigureAwait(false);
                    continue;
                }
                if (_held.TryDequeue(out var held))
                {
                    var wait = held.NextLook - _clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        _held.Enqueue(held);
                        await Delay(wait < TimeSpan.FromMilliseconds(50) ? wait : TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
                        continue;
                    }
                    await ProcessAsync(held.Point, firstLook: false, held.Wait).ConfigureAwait(false);
                    continue;
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
            // Nothing to take now: done once no other worker can still hand back a held point.
            if (Volatile.Read(ref _inFlight) == 0 && _held.IsEmpty) return;
            await Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        }
    }

    private async Task Delay(TimeSpan wait)
    {
        try { await Task.Delay(wait, _stop.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    /// <summary>Claims a point and runs it, or notes why not.</summary>
    private async Task ProcessAsync(PreparedPoint<T> point, bool firstLook, TimeSpan lastWait = default)
    {
        var runs = _snapshot.Of(point.Id);
        ClaimAttempt attempt;
        try
        {
            attempt = _claims.TryClaim(point.Id, runs?.Attempts ?? 0, takeEndedBefore: _startUtc, IsCompletedRun);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AddOutcome(_failed, point, new SweepOutcome<T>(point.Value, point.Id, null, Describe(e), e));
            return;
        }
        switch (attempt.Outcome)
        {
            case ClaimOutcome.Owned:
                await ExecuteAsync(point, attempt.Claim!, runs).ConfigureAwait(false);
                break;
            case ClaimOutcome.Completed:
                AddOutcome(_skipped, point, new SweepOutcome<T>(point.Value, point.Id, _snapshot.PathOf(attempt.Latest!.Run!)));
                break;
            case ClaimOutcome.Ended:
                ReportEndedElsewhere(point, attempt.Latest!);
                break;
            case ClaimOutcome.Held:
                var wait = firstLook ? FirstRecheck : TimeSpan.FromTicks(Math.Min(LongestRecheck.Ticks, (long)(lastWait.Ticks * 1.5)));
                _held.Enqueue(new HeldPoint(point, _clock.Elapsed + wait, wait));
                break;
        }
    }

    /// <summary>Runs an owned point: earlier runs marked superseded first, then attempts until one completes or none are left.</summary>
    private async Task ExecuteAsync(PreparedPoint<T> point, PointClaim claim, PointRuns? runs)
    {
        int attempts = Math.Max(runs?.Attempts ?? 0, Math.Max(claim.Previous?.Attempt ?? 0, claim.Previous?.AttemptsBefore ?? 0));
        int made = 0;
        string? lastPath = null;
        try
        {
            // Runs that still say running may yet complete (a process on another host whose heartbeat ran out): they are
            // superseded, unless completed, before a new run of the point exists. Ended runs only get their successor's name.
            var earlier = new List<string>();
            var mayComplete = new List<string>();
            if (runs is not null)
                foreach (var run in runs.Runs)
                {
                    if (run.Superseded || run.Status == RunStatus.Completed) continue;
                    (run.RecordedRunning ? mayComplete : earlier).Add(run.FolderName);
                }
            if (claim.Previous?.Run is { } previousRun && RunFolderName.IsRunOf(previousRun, _mainFolderName) && !mayComplete.Contains(previousRun))
            {
                earlier.Remove(previousRun);
                mayComplete.Add(previousRun);
            }
            if (claim.Previous is { Final: null } gone)
                foreach (string name in UnnamedRunsOf(point.Id, claim, gone))
                    if (!mayComplete.Contains(name)) mayComplete.Add(name);
            foreach (string name in mayComplete)
            {
                if (RunMarks.SupersedeUnlessCompleted(_snapshot.PathOf(name), null, _storage.FlushToDisk))
                {
                    claim.ReleaseAsCompleted(name, attempts);
                    AddOutcome(_skipped, point, new SweepOutcome<T>(point.Value, point.Id, _snapshot.PathOf(name)));
                    return;
                }
                earlier.Add(name);
            }

            while (true)
            {
                int number = attempts + made + 1;
                var run = CreateRun(point, number);
                made++;
                lastPath = run.Path;
                RunLifetime.HandToSweep(run.Path);
                claim.RecordRun(run.FolderName, number);
                if (claim.IsTakenOver)
                {
                    // This process was too slow to show its heartbeat, and another took the point over before it could see
                    // this run: the point is that process's now, and this run never starts its body.
                    RunMarks.GiveUp(run);
                    claim.Release(PointState.Interrupted);
                    AddOutcome(_interrupted, point, new SweepOutcome<T>(point.Value, point.Id, run.Path, TakenOver, attempts: made));
                    return;
                }
                foreach (string name in earlier) RunMarks.NameSuccessor(_snapshot.PathOf(name), run.FolderName, _storage.FlushToDisk);
                earlier.Clear();

                Exception? error = await RunBodyAsync(point, run).ConfigureAwait(false);
                if (error is null)
                {
                    if (RunMarks.CompleteUnlessSuperseded(run))
                    {
                        claim.Release(PointState.Completed);
                        AddOutcome(_completed, point, new SweepOutcome<T>(point.Value, point.Id, run.Path, attempts: made));
                    }
                    else
                    {
                        // Another process took the point over while this one could not show its heartbeat: the point is its now.
                        claim.Release(PointState.Interrupted);
                        AddOutcome(_interrupted, point, new SweepOutcome<T>(point.Value, point.Id, run.Path, TakenOver, attempts: made));
                    }
                    return;
                }
                if (_stop.IsCancellationRequested)
                {
                    run.RecordEnd(RunStatus.Interrupted, "Cancelled", "the sweep was stopped (Ctrl+C, SIGTERM or its cancellation token) while this point ran");
                    claim.Release(PointState.Interrupted);
                    AddOutcome(_interrupted, point, new SweepOutcome<T>(point.Value, point.Id, run.Path, null, error, made));
                    return;
                }
                run.RecordEnd(RunStatus.Failed, error.GetType().FullName, error.Message);
                if (made <= _options.Retries)
                {
                    earlier.Add(run.FolderName);
                    continue;
                }
                claim.Release(PointState.Failed);
                AddOutcome(_failed, point, new SweepOutcome<T>(point.Value, point.Id, run.Path, Describe(error), error, made));
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            // The library could not make or mark a run (a full disk, a damaged file): the point failed here.
            TryRelease(claim, PointState.Failed);
            AddOutcome(_failed, point, new SweepOutcome<T>(point.Value, point.Id, lastPath, Describe(e), e, made));
        }
        finally
        {
            TryRelease(claim, PointState.Interrupted); // no-op when released above
        }
    }

    private async Task<Exception?> RunBodyAsync(PreparedPoint<T> point, StorageManager run)
    {
        Interlocked.CompareExchange(ref _firstStartTicks, _clock.Elapsed.Ticks, -1);
        Interlocked.Increment(ref _running);
        Report();
        try
        {
            var task = _body(point.Value, run, _stop.Token)
                ?? throw new InvalidOperationException("The sweep's body returned null instead of a Task; return Task.CompletedTask from a body that has nothing to await.");
            await task.ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private StorageManager CreateRun(PreparedPoint<T> point, int attempt)
    {
        var entries = point.Entries ?? StorageManager.PrepareTexts(_format.Texts(point.Value), _format.Section, "points");
        var sections = new[]
        {
            new InitialSection(_format.Section, entries),
            new InitialSection(SweepKeys.Section, [
                (SweepKeys.Point, point.Id),
                (SweepKeys.Attempt, attempt.ToString(CultureInfo.InvariantCulture)),
            ]),
        };
        return StorageManager.CreateWithSections(_mainFolderName, null, randomNr: false, _storage, sections);
    }

    /// <summary>
    /// The runs of point <paramref name="id"/> that a claim's owner made after the snapshot and died before naming in
    /// <paramref name="gone"/> (between making the run and the next line of its claim). Such a run says running with a
    /// dead owner; it is found by the point in its [Sweep] section among the run folders the snapshot does not know
    /// that changed after the claim's last line. Only a takeover of a claim left unfinished looks, so the listing is rare.
    /// </summary>
    private List<string> UnnamedRunsOf(string id, PointClaim claim, ClaimRecord gone)
    {
        var found = new List<string>();
        try
        {
            // Modification times come from the file system holding both folders; two seconds allow for coarse clocks.
            DateTime after = File.GetLastWriteTimeUtc(_claims.PathOf(id, claim.Generation - 1)) - TimeSpan.FromSeconds(2);
            foreach (var folder in new DirectoryInfo(_snapshot.MainFolder).EnumerateDirectories())
            {
                string name = folder.Name;
                if (!RunFolderName.IsRunOf(name, _mainFolderName) || name == gone.Run || _snapshot.Knows(name)) continue;
                if ((folder.Attributes & FileAttributes.ReparsePoint) != 0 || folder.LastWriteTimeUtc < after) continue;
                try
                {
                    if (ConfigFile.Read(folder.FullName).Get(SweepKeys.Section, SweepKeys.Point) == id) found.Add(name);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return found;
    }

    /// <summary>True when the run a claim names is a run of this main folder and completed.</summary>
    private bool IsCompletedRun(string folderName)
    {
        if (!RunFolderName.IsRunOf(folderName, _mainFolderName)) return false;
        try
        {
            var document = ConfigFile.Read(_snapshot.PathOf(folderName));
            return ProvenanceKeys.Parse(document.Get(ProvenanceKeys.Section, ProvenanceKeys.Status)) == RunStatus.Completed;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A point another process ended during this sweep: reported as it ended there, with that run's error.</summary>
    private void ReportEndedElsewhere(PreparedPoint<T> point, ClaimRecord record)
    {
        string? path = record.Run is { } run && RunFolderName.IsRunOf(run, _mainFolderName) ? _snapshot.PathOf(run) : null;
        string? error = null;
        if (path is not null)
        {
            try
            {
                var document = ConfigFile.Read(path);
                string? type = document.Get(ProvenanceKeys.Section, ProvenanceKeys.ErrorType);
                string? message = document.Get(ProvenanceKeys.Section, ProvenanceKeys.ErrorMessage);
                error = type is null && message is null ? null : $"{type}: {message}";
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { }
        }
        var outcome = new SweepOutcome<T>(point.Value, point.Id, path, error ?? $"{record.Final} in another process ({record.Owner})");
        AddOutcome(record.Final == PointState.Interrupted ? _interrupted : _failed, point, outcome);
    }

    private static void TryRelease(PointClaim claim, PointState state)
    {
        try { claim.Release(state); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static string Describe(Exception e) => $"{e.GetType().FullName}: {e.Message}";

    private void AddOutcome(List<(int, SweepOutcome<T>)> list, PreparedPoint<T> point, SweepOutcome<T> outcome)
    {
        lock (_outcomeGate) list.Add((point.Index, outcome));
        Report();
    }

    private void Report()
    {
        if (_options.Progress is not { } progress) return;
        int completed, skipped, failed, interrupted;
        lock (_outcomeGate) (completed, skipped, failed, interrupted) = (_completed.Count, _skipped.Count, _failed.Count, _interrupted.Count);
        var elapsed = _clock.Elapsed;
        long first = Interlocked.Read(ref _firstStartTicks);
        int ended = completed + failed;
        double rate = first < 0 || ended == 0 ? 0 : ended / Math.Max((elapsed - TimeSpan.FromTicks(first)).TotalSeconds, 1e-3);
        int left = _total - completed - skipped - failed - interrupted;
        progress.Report(new SweepProgress
        {
            Total = _total,
            Completed = completed,
            Skipped = skipped,
            Failed = failed,
            Interrupted = interrupted,
            Running = Volatile.Read(ref _running),
            Elapsed = elapsed,
            Rate = rate,
            EstimatedTimeLeft = rate > 0 ? TimeSpan.FromSeconds(left / rate) : null,
        });
    }

    private SweepResult<T> Result(bool cancelled)
    {
        lock (_outcomeGate)
            return new SweepResult<T>(_total, cancelled, _clock.Elapsed, Sorted(_completed), Sorted(_skipped), Sorted(_failed), Sorted(_interrupted));

        static SweepOutcome<T>[] Sorted(List<(int Index, SweepOutcome<T> Outcome)> list)
        {
            bool inOrder = true;
            for (int i = 1; i < list.Count && inOrder; i++) inOrder = list[i - 1].Index < list[i].Index;
            return inOrder ? [.. list.Select(static entry => entry.Outcome)] : [.. list.OrderBy(static entry => entry.Index).Select(static entry => entry.Outcome)];
        }
    }

    /// <summary>A point a live process held when last looked at, and when to look again.</summary>
    private sealed record HeldPoint(PreparedPoint<T> Point, TimeSpan NextLook, TimeSpan Wait);
}
