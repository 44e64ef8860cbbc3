using StorageTyped.Provenance;
using StorageTyped.Sweeps;

namespace StorageTyped;

/// <summary>
/// Runs a parameter sweep: one run per point, on every core, resumable, and never one point twice at once in any
/// number of processes or hosts sharing the Data folder.
/// </summary>
/// <remarks>
/// <para>
/// Each point becomes a run folder made by <see cref="StorageManager.Create{T}"/>: its parameters, [Provenance] and a
/// [Sweep] section (<c>point</c>, the point's identity; <c>attempt</c>) appear in one atomic write before the body
/// runs. The body gets the point, the run and a token; when it returns the run is completed, when it throws the run is
/// failed with the exception's type and message (and the point is run again <see cref="SweepOptions.Retries"/> times,
/// each attempt in a new run folder). Ctrl+C, SIGTERM or the token stop the sweep from taking new points, cancel the
/// bodies' token and mark their runs interrupted.
/// </para>
/// <para>
/// A point's identity is a hash of its parameters as config.ini holds them (keys in lower case and sorted, values as
/// their INI text, <c>time</c> left out): the same in every process, host and culture, for any property order, and
/// for a typed point and a dictionary with equal values. Running a sweep again skips every point with a completed run
/// and runs again the points whose run failed or was interrupted; a retried point gets a new run folder, and its
/// earlier runs are marked <c>[Sweep] superseded = True</c> with the new folder's name in <c>superseded_by</c>. A
/// point never has two completed runs.
/// </para>
/// <para>
/// Points are claimed by an exclusive create in the library's folder beside the main folders
/// (&lt;Data&gt;/.storagetyped/StorageManager/&lt;main&gt;/claims), so that processes running the same sweep share
/// the points out. A claim is taken over when its process is gone: at once on the same host, and once its heartbeat
/// is older than <see cref="SweepOptions.HeartbeatTimeout"/> for a process on another host.
/// </para>
/// </remarks>
public static class Sweep
{
    /// <summary>Runs a sweep over [RunParameters] points (a generated <c>Grid(...)</c>, LINQ, a list read from a file …).</summary>
    /// <typeparam name="T">The [RunParameters] type of the points.</typeparam>
    /// <param name="mainFolderName">The main folder of the sweep's runs (run folders are named after it).</param>
    /// <param name="points">The points; a point given twice is run once.</param>
    /// <param name="body">The work for one point: it gets the point, its run (already holding the point's parameters) and a token that a cancellation trips.</param>
    /// <param name="options">Parallelism, retries, storage, progress and shard; <see cref="SweepOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the sweep as Ctrl+C does: no new points, the bodies' token cancelled, their runs interrupted.</param>
    /// <returns>The completed, skipped, failed and interrupted points, with their run folders.</returns>
    /// <exception cref="ArgumentException">A point holds a value that cannot be stored (nothing is run then), or the options cannot be used.</exception>
    public static Task<SweepResult<T>> RunAsync<T>(string mainFolderName, IEnumerable<T> points, Func<T, StorageManager, CancellationToken, Task> body,
        SweepOptions? options = null, CancellationToken cancellationToken = default)
        where T : IRunParameters<T> =>
        new SweepRunner<T>(mainFolderName, points, TypedPointFormat<T>.Instance, body, options).RunAsync(cancellationToken);

    /// <summary>Runs a sweep over untyped points: each a dictionary of parameters, written as <see cref="StorageManager.SaveParamDict"/> writes them.</summary>
    /// <param name="mainFolderName">The main folder of the sweep's runs (run folders are named after it).</param>
    /// <param name="points">The points; a point given twice is run once.</param>
    /// <param name="body">The work for one point: it gets the point, its run (already holding the point's parameters) and a token that a cancellation trips.</param>
    /// <param name="options">Parallelism, retries, storage, progress and shard; <see cref="SweepOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the sweep as Ctrl+C does: no new points, the bodies' token cancelled, their runs interrupted.</param>
    /// <returns>The completed, skipped, failed and interrupted points, with their run folders.</returns>
    /// <exception cref="ArgumentException">A point holds a key or value that cannot be stored (nothing is run then), or the options cannot be used.</exception>
    public static Task<SweepResult<IReadOnlyDictionary<string, object?>>> RunAsync(string mainFolderName, IEnumerable<IReadOnlyDictionary<string, object?>> points,
        Func<IReadOnlyDictionary<string, object?>, StorageManager, CancellationToken, Task> body, SweepOptions? options = null, CancellationToken cancellationToken = default) =>
        new SweepRunner<IReadOnlyDictionary<string, object?>>(mainFolderName, points, DictionaryPointFormat.Instance, body, options).RunAsync(cancellationToken);

    /// <summary>
    /// Where each point stands, from what the runs say (one group load) and, for runs on other hosts, the claims'
    /// heartbeats: pending, running, completed, failed or interrupted, with the deciding run.
    /// </summary>
    /// <typeparam name="T">The [RunParameters] type of the points.</typeparam>
    /// <param name="mainFolderName">The main folder of the sweep's runs.</param>
    /// <param name="points">The points, in the order the result lists them (every point, whatever the shard).</param>
    /// <param name="options">The data folder; <see cref="StorageOptions.Default"/> when null.</param>
    public static IReadOnlyList<PointStatus<T>> GetStatus<T>(string mainFolderName, IEnumerable<T> points, StorageOptions? options = null)
        where T : IRunParameters<T> =>
        StatusOf(mainFolderName, points, TypedPointFormat<T>.Instance, options);

    /// <summary>Where each untyped point stands (see <see cref="GetStatus{T}"/>).</summary>
    /// <param name="mainFolderName">The main folder of the sweep's runs.</param>
    /// <param name="points">The points, in the order the result lists them.</param>
    /// <param name="options">The data folder; <see cref="StorageOptions.Default"/> when null.</param>
    public static IReadOnlyList<PointStatus<IReadOnlyDictionary<string, object?>>> GetStatus(string mainFolderName,
        IEnumerable<IReadOnlyDictionary<string, object?>> points, StorageOptions? options = null) =>
        StatusOf(mainFolderName, points, DictionaryPointFormat.Instance, options);

    /// <summary>
    /// Where every point that has a run in main folder <paramref name="mainFolderName"/> stands, from what the runs say
    /// (points without a run are not known here: <see cref="GetStatus{T}"/> with the program's points tells them as
    /// pending). Each point is the deciding run's [Parameters] (without <c>time</c>), in the order of the runs.
    /// </summary>
    /// <param name="mainFolderName">The main folder of the sweep's runs.</param>
    /// <param name="options">The data folder; <see cref="StorageOptions.Default"/> when null.</param>
    public static IReadOnlyList<PointStatus<IReadOnlyDictionary<string, object?>>> GetStatus(string mainFolderName, StorageOptions? options = null)
    {
        RunKey.ValidateFolderName(mainFolderName, nameof(mainFolderName));
        var snapshot = SweepSnapshot.Load(mainFolderName, options ?? StorageOptions.Default);
        var claims = new ClaimStore(snapshot.MainFolder, SweepOptions.Default.HeartbeatTimeout);
        var result = new List<PointStatus<IReadOnlyDictionary<string, object?>>>();
        foreach (var (id, runs) in snapshot.Points)
        {
            var (state, deciding) = StateOf(id, runs, claims);
            result.Add(new PointStatus<IReadOnlyDictionary<string, object?>>(snapshot.ParametersOf(deciding.Position), id, state,
                snapshot.PathOf(deciding.FolderName), runs.Runs.Count));
        }
        return result;
    }

    /// <summary>A point's state from its runs: completed when one is; else what the latest says (a running run whose claim's owner is gone is interrupted).</summary>
    private static (PointState State, SweepRun Deciding) StateOf(string id, PointRuns runs, ClaimStore claims)
    {
        if (runs.Completed is { } completed) return (PointState.Completed, completed);
        var latest = runs.Latest!;
        var state = latest.Status switch
        {
            RunStatus.Failed => PointState.Failed,
            RunStatus.Running => claims.Latest(id) is { } claim && (claim.Record.Run != latest.FolderName || claim.OwnerLives)
                ? PointState.Running
                : PointState.Interrupted,
            _ => PointState.Interrupted,
        };
        return (state, latest);
    }

    private static PointStatus<T>[] StatusOf<T>(string mainFolderName, IEnumerable<T> points, PointFormat<T> format, StorageOptions? options)
    {
        RunKey.ValidateFolderName(mainFolderName, nameof(mainFolderName));
        var prepared = PreparedPoint<T>.Prepare(points, format, keepDuplicates: true);
        var snapshot = SweepSnapshot.Load(mainFolderName, options ?? StorageOptions.Default);
        var claims = new ClaimStore(snapshot.MainFolder, SweepOptions.Default.HeartbeatTimeout);
        var result = new PointStatus<T>[prepared.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var point = prepared[i];
            var runs = snapshot.Of(point.Id);
            if (runs is null)
            {
                // No run yet; a live claim means a process is about to make one.
                bool claimed = claims.Latest(point.Id) is { OwnerLives: true };
                result[i] = new PointStatus<T>(point.Value, point.Id, claimed ? PointState.Running : PointState.Pending, null, 0);
                continue;
            }
            var (state, deciding) = StateOf(point.Id, runs, claims);
            result[i] = new PointStatus<T>(point.Value, point.Id, state, snapshot.PathOf(deciding.FolderName), runs.Runs.Count);
        }
        return result;
    }
}
