using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StorageTyped.Groups;
using StorageTyped.Groups.Scan;
using StorageTyped.Groups.Typed;
using StorageTyped.TypedParameters;

namespace StorageTyped;

/// <summary>
/// The runs of one tag with their parameters read into a [RunParameters] type: the typed face of
/// <see cref="StorageManagerGroup"/>, built on its index. Query it with lambdas over the parameters
/// (<c>smg.Where(p =&gt; p.NumberOfNeurons &gt; 1000).OrderBy(p =&gt; p.Score)</c>) or C# query syntax; every result is
/// a <see cref="Run{T}"/> that still reaches its run.
/// </summary>
/// <remarks>
/// Parameters come from the untyped group's index (numbers parsed once, texts exact), through the same generated
/// code and codec as <see cref="StorageManager.LoadParams{T}(string?)"/>, so a run reads the same either way. Runs
/// whose config.ini is missing or damaged, or whose values do not convert to <typeparamref name="T"/> (or lack a
/// required one), are left out and listed in <see cref="UnreadableRuns"/> with the reason.
/// </remarks>
/// <typeparam name="T">The [RunParameters] type.</typeparam>
public sealed class StorageManagerGroup<T> : RunQuery<T> where T : IRunParameters<T>
{
    private Run<T>[] _runs = [];
    private IReadOnlyDictionary<string, string> _unreadable = new Dictionary<string, string>();

    /// <summary>Loads the runs of <paramref name="tag"/> and reads their parameters (see <see cref="StorageManagerGroup"/>'s constructor).</summary>
    /// <param name="tag">The run name prefix: runs are tag followed by a number and optionally _k.</param>
    /// <param name="mainFolderName">The main folder; the tag when null.</param>
    /// <param name="options">The data folder and the logger; <see cref="StorageOptions.Default"/> when null.</param>
    /// <param name="progress">Told how many config.ini files were read, for the first scan of a large group.</param>
    /// <param name="check">How far runs found in the index are checked.</param>
    /// <exception cref="ArgumentException">The tag or main folder name is not a valid folder name.</exception>
    public StorageManagerGroup(string tag, string? mainFolderName = null, StorageOptions? options = null,
        IProgress<GroupScanProgress>? progress = null, IndexCheck check = IndexCheck.EveryRun)
        : this(new StorageManagerGroup(tag, mainFolderName, options, progress, check))
    {
    }

    /// <summary>Reads the parameters of the runs of an untyped group, which it keeps (see <see cref="Untyped"/>).</summary>
    public StorageManagerGroup(StorageManagerGroup untyped)
    {
        ArgumentNullException.ThrowIfNull(untyped);
        Untyped = untyped;
        Load();
    }

    /// <summary>The untyped group underneath: string-keyed queries, virtual parameters, arrays and objects of every run.</summary>
    public StorageManagerGroup Untyped { get; }

    /// <summary>The tag whose runs the group holds.</summary>
    public string Tag => Untyped.Tag;

    /// <summary>The main folder the runs are in.</summary>
    public string MainFolderPath => Untyped.MainFolderPath;

    /// <summary>The runs whose parameters were read, in natural order (MyName1, MyName2, … MyName10).</summary>
    public IReadOnlyList<Run<T>> Runs => _runs;

    /// <summary>Runs left out: run folder → why (no or damaged config.ini, a value that does not convert, a required key missing).</summary>
    public IReadOnlyDictionary<string, string> UnreadableRuns => _unreadable;

    /// <summary>Looks for added, removed and changed runs (PymoNNto's refresh) and reads the parameters again.</summary>
    public void Refresh()
    {
        Untyped.Refresh();
        Load();
    }

    /// <summary>The tag, main folder and number of runs.</summary>
    public override string ToString() => $"StorageManagerGroup<{typeof(T).Name}> '{Tag}' in '{MainFolderPath}': {_runs.Length} runs";

    private protected override IEnumerable<Run<T>> Source => _runs;

    private void Load()
    {
        IndexedRuns indexed = Untyped.IndexedRuns; // an untyped group made by Where or WhereStatus holds some runs only
        string main = MainFolderPath;
        string section = T.Section;
        var options = Untyped.Options;
        var loaded = new Run<T>?[indexed.Count];
        var unreadable = new ConcurrentDictionary<int, string>();
        // A few hundred runs a chunk: enough to amortize a thread's start, few enough to share work evenly.
        ChunkedParallel.For(indexed.Count, 512, (start, end) =>
        {
            for (int run = start; run < end; run++)
            {
                if (!indexed.Holds(run)) continue;
                string folder = indexed.FolderName(run);
                if (indexed.Problem(run) is { } problem)
                {
                    unreadable[run] = problem;
                    continue;
                }
                try
                {
                    var source = new ParameterSource(new IndexLookup(indexed, run, Path.Combine(main, folder)), section);
                    loaded[run] = new Run<T>(T.ReadParameters(source), main, folder, options);
                }
                catch (Exception e) when (e is FormatException or KeyNotFoundException or InvalidDataException or IOException)
                {
                    unreadable[run] = e.Message;
                }
            }
        });
        _runs = loaded.Where(run => run is not null).Select(run => run!).ToArray();
        _unreadable = unreadable.ToDictionary(entry => Path.Combine(main, indexed.FolderName(entry.Key)), entry => entry.Value, StringComparer.Ordinal);
        if (!unreadable.IsEmpty)
            options.Logger.LogWarning("{Count} runs of {Tag} are left out of the typed group: their parameters cannot be read as {Type} (see UnreadableRuns). First: {Problem}",
                unreadable.Count, Tag, typeof(T).Name, unreadable.OrderBy(entry => entry.Key).First().Value);
    }
}
