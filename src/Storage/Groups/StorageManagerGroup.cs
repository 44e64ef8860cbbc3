using System.Collections;
using Microsoft.Extensions.Logging;
using StorageTyped.Groups;
using StorageTyped.Groups.Query;
using StorageTyped.Groups.Index;
using StorageTyped.Groups.Scan;

namespace StorageTyped;

/// <summary>
/// The runs of one tag in a main folder, loaded at once to sort, filter, compare and aggregate them: the C#
/// counterpart of PymoNNto's StorageManagerGroup. It reads what PymoNNto and this library write, and never writes
/// into a run.
/// </summary>
/// <remarks>
/// <para>
/// Runs are the folders of &lt;Data&gt;/StorageManager/&lt;main folder&gt;/ whose names are the tag followed by a
/// run suffix (MyName, MyName12, MyName_0, MyName12_3; not MyNameOther), without hidden folders, in natural order:
/// by number, then by the _k counter, then by name.
/// </para>
/// <para>
/// The parameters of every run are cached in an index outside the main folder, in the Data folder's hidden
/// .storagetyped folder (&lt;Data&gt;/.storagetyped/StorageManager/&lt;main folder&gt;/&lt;tag&gt;.group-index), so
/// that nothing but runs is a folder of the main folder, as PymoNNto requires. Loading a group again reads that one file, checks each run's config.ini against the size, times and inode recorded with it
/// (see <see cref="IndexCheck"/>), and reads only new and changed runs. The index is written atomically, may be
/// refreshed by several processes at once, and is rebuilt whenever it is missing or damaged.
/// </para>
/// <para>
/// Values are what <see cref="StorageManager.LoadParam(string, string, object?)"/> returns: bool, int, long,
/// double, string, arrays, null for None. Parameter names match case-insensitively, as in config.ini. A run whose
/// config.ini cannot be parsed has no parameters and is listed in <see cref="UnreadableRuns"/>.
/// </para>
/// <para>Reading a group from several threads at once is safe; sorting, refreshing and adding virtual parameters are not.</para>
/// </remarks>
public sealed partial class StorageManagerGroup : IEnumerable<StorageManager>
{
    private readonly string _indexPath;
    private readonly IProgress<GroupScanProgress>? _progress;
    private RunTable _table;
    private StorageManager?[] _runs;
    private int[] _order;
    private VirtualParameters _virtual = new();

    /// <summary>The filters that made this group from the runs of its main folder, applied in order (none for a loaded group).</summary>
    private GroupFilter[] _filters = [];

    /// <summary>
    /// Loads the runs of <paramref name="tag"/> (PymoNNto's StorageManagerGroup(Tag, main_folder_name)). A main
    /// folder that does not exist (yet) gives an empty group, as in PymoNNto; <see cref="Refresh"/> finds runs
    /// created later.
    /// </summary>
    /// <param name="tag">The run name prefix: runs are tag followed by a number and optionally _k.</param>
    /// <param name="mainFolderName">The main folder; the tag when null.</param>
    /// <param name="options">The data folder and the logger; <see cref="StorageOptions.Default"/> when null.</param>
    /// <param name="progress">Told how many config.ini files were read, for the first scan of a large group.</param>
    /// <param name="check">How far runs found in the index are checked; <see cref="IndexCheck.EveryRun"/> by default.</param>
    /// <exception cref="ArgumentException">The tag or main folder name is not a valid folder name.</exception>
    public StorageManagerGroup(string tag, string? mainFolderName = null, StorageOptions? options = null,
        IProgress<GroupScanProgress>? progress = null, IndexCheck check = IndexCheck.EveryRun)
    {
        RunKey.ValidateFolderName(tag, nameof(tag));
        if (mainFolderName is not null) RunKey.ValidateFolderName(mainFolderName, nameof(mainFolderName));
        if (!Enum.IsDefined(check)) throw new ArgumentOutOfRangeException(nameof(check), check, "Use IndexCheck.EveryRun or IndexCheck.AddedAndRemovedRunsOnly.");
        Tag = tag;
        Options = options ?? StorageOptions.Default;
        Check = check;
        _progress = progress;
        MainFolderPath = DataFolderLocator.MainFolderPath(DataFolderLocator.Resolve(Options), mainFolderName ?? tag);
        _indexPath = IndexPathFor(MainFolderPath, tag);

        RunTable? indexed = RunIndexFile.TryRead(_indexPath, tag, out string? problem);
        if (problem is not null)
            Options.Logger.LogWarning("The group index {Index} cannot be used and is rebuilt: {Problem}", _indexPath, problem);
        (_table, _runs, _order) = Load(indexed, progress);
    }

    /// <summary>The tag whose runs the group holds.</summary>
    public string Tag { get; }

    /// <summary>The main folder the runs are in.</summary>
    public string MainFolderPath { get; }

    /// <summary>The settings the group was made with.</summary>
    public StorageOptions Options { get; }

    /// <summary>How far runs found in the index are checked.</summary>
    public IndexCheck Check { get; }

    /// <summary>Number of runs (of the runs the filters keep, for a group made by <see cref="Where"/> or <see cref="WhereStatus"/>).</summary>
    public int Count => _order.Length;

    /// <summary>The runs and their indexed parameters, as the typed group reads them.</summary>
    internal IndexedRuns IndexedRuns => new(_table, MembershipMask());

    /// <summary>The runs in the group's current order (PymoNNto's StorageManagerList). A later sort does not change a list already taken.</summary>
    public IReadOnlyList<StorageManager> StorageManagerList => new RunListView(_order, RunAt);

    /// <summary>Runs whose config.ini could not be read or parsed (they have no parameters here): run folder → reason.</summary>
    public IReadOnlyDictionary<string, string> UnreadableRuns
    {
        get
        {
            bool[]? inGroup = MembershipMask();
            return _table.Problems.Where(entry => inGroup is null || inGroup[entry.Key])
                .ToDictionary(entry => Path.Combine(MainFolderPath, _table.Names[entry.Key]), entry => entry.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Looks for added, removed and changed runs (PymoNNto's refresh). The order goes back to the natural order;
    /// virtual parameters stay with their runs; the filters of a group made by <see cref="Where"/> or
    /// <see cref="WhereStatus"/> are applied again to the runs as they are now.
    /// </summary>
    public void Refresh()
    {
        RunTable previous = _table;
        (_table, _runs, _order) = Load(previous, _progress);
        if (_virtual.Names.Count > 0) _virtual.MoveRuns(MapByName(previous.Names, _table.Names));
        _order = ApplyFilters(_order);
    }

    /// <summary>
    /// Sorts the runs by a parameter (PymoNNto's sort_by), stably: numbers by value (bools as 0 and 1), then NaN,
    /// then strings (ordinal), then None, then other values (lists, dicts) by their text; runs lacking the parameter
    /// come last, in either direction.
    /// </summary>
    /// <param name="param">The parameter (or virtual parameter).</param>
    /// <param name="section">The INI section.</param>
    /// <param name="descending">Largest first (runs lacking the parameter still last).</param>
    public void SortBy(string param, string section = StorageManager.DefaultSection, bool descending = false)
    {
        ArgumentNullException.ThrowIfNull(param);
        ArgumentNullException.ThrowIfNull(section);
        string normalized = Parameters.IniSection.NormalizeKey(param);
        _order = !_virtual.Contains(normalized) && _table.TryGetColumn(section, normalized, out Column? column)
            ? GroupSort.Sort(_order, column, descending)
            : GroupSort.Sort(_order, CellsOf(param, section), descending);
    }

    /// <summary>
    /// The values of a parameter, or of the first parameter a query names for the runs the query selects, in the
    /// group's order; runs lacking it are left out (section Parameters). <c>smg["score"]</c> gives every score,
    /// <c>smg["number_of_neurons&gt;1000"]</c> the numbers of neurons above 1000. See <see cref="Select"/> for the query language.
    /// </summary>
    /// <exception cref="FormatException">The query is malformed; the message points at the position.</exception>
    public IReadOnlyList<object?> this[string query]
    {
        get
        {
            QueryNode root = QueryParser.Parse(query);
            var valuesOf = CellsOf(QueryParser.FirstKey(root), StorageManager.DefaultSection);
            var matches = root is KeyNode ? null : QueryEvaluator.Compile(root, key => CellsOf(key, StorageManager.DefaultSection));
            var result = new List<object?>();
            Column? stored = valuesOf.StoredColumn;
            var boxes = new CellBoxes();
            foreach (int run in _order)
            {
                if (matches is not null && !matches.Matches(run)) continue;
                if (stored is not null)
                {
                    if (stored.Kinds[run] != CellKind.Missing) result.Add(boxes.Value(stored, run));
                    continue;
                }
                object? cell = valuesOf[run];
                if (!ReferenceEquals(cell, CellValue.Missing)) result.Add(CellValue.Materialize(cell));
            }
            return result;
        }
    }

    /// <summary>
    /// The runs a query selects, in the group's order. The query language: <c>key</c> (runs that have it),
    /// <c>key OP value</c> with OP one of <c>&gt; &gt;= &lt; &lt;= == !=</c> (the value may also stand on the left, or be
    /// another key), conditions joined by <c>and</c> / <c>or</c> and grouped with parentheses; values are numbers,
    /// quoted strings ('a' or "a"), True, False and None. A comparison with a parameter a run lacks is false;
    /// numbers compare by value, strings ordinally, values of different kinds are unequal. A key alone inside
    /// and/or is true when its value is (Python's truth: not 0, False, None or empty). The query is parsed and
    /// evaluated here, never run as code.
    /// </summary>
    /// <param name="query">The query, such as <c>number_of_neurons &gt; 1000 and (plastic == True or score &gt;= 0.5)</c>.</param>
    /// <param name="section">The INI section the keys are in.</param>
    /// <exception cref="FormatException">The query is malformed; the message shows it with a caret at the offending position.</exception>
    public IReadOnlyList<StorageManager> Select(string query, string section = StorageManager.DefaultSection)
    {
        ArgumentNullException.ThrowIfNull(section);
        var matches = QueryEvaluator.Compile(QueryParser.Parse(query), key => CellsOf(key, section));
        var result = new List<StorageManager>();
        foreach (int run in _order)
            if (matches.Matches(run)) result.Add(RunAt(run));
        return result;
    }

    /// <summary>The values of a parameter in the group's order (PymoNNto's get_param_list); null where a run lacks it.</summary>
    /// <param name="param">The parameter (or virtual parameter).</param>
    /// <param name="section">The INI section.</param>
    /// <param name="removeNone">Leave out runs lacking the parameter or holding None.</param>
    /// <param name="nanIsMissing">With <paramref name="removeNone"/>, leave out NaN values too.</param>
    public List<object?> GetParamList(string param, string section = StorageManager.DefaultSection, bool removeNone = false, bool nanIsMissing = false) =>
        GetMultiParamList([param], section, removeNone, nanIsMissing)[0];

    /// <summary>
    /// The values of several parameters, one list each, aligned run by run in the group's order (PymoNNto's
    /// get_multi_param_list). With <paramref name="removeNone"/> (the default, as in PymoNNto) a run lacking any of
    /// them, or holding None for any, is left out of every list, so the lists stay aligned.
    /// </summary>
    /// <param name="params">The parameters (virtual parameters included).</param>
    /// <param name="section">The INI section.</param>
    /// <param name="removeNone">Leave out, row-wise, runs lacking any parameter or holding None.</param>
    /// <param name="nanIsMissing">With <paramref name="removeNone"/>, treat NaN as missing too.</param>
    public List<object?>[] GetMultiParamList(IReadOnlyList<string> @params, string section = StorageManager.DefaultSection, bool removeNone = true, bool nanIsMissing = false)
    {
        ArgumentNullException.ThrowIfNull(@params);
        ArgumentNullException.ThrowIfNull(section);
        int count = @params.Count;
        var sources = new CellSource[count];
        for (int k = 0; k < count; k++)
            sources[k] = CellsOf(@params[k] ?? throw new ArgumentException("A parameter name is null.", nameof(@params)), section);
        // Column by column, not row by row: after a sort the runs come in random table order, and one column's
        // arrays stay in the cache where three do not (measured: 30–50 % less CPU at 100,000 runs after SortBy).
        bool[]? left = removeNone ? new bool[_order.Length] : null;
        int kept = _order.Length;
        if (left is not null)
            foreach (var source in sources) kept -= MarkIncomplete(source, left, nanIsMissing);
        var lists = new List<object?>[count];
        for (int k = 0; k < count; k++) lists[k] = ValuesOf(sources[k], left, kept);
        return lists;
    }

    /// <summary>Marks in <paramref name="left"/> the positions whose run lacks the value or holds None (or NaN); returns how many it newly marked.</summary>
    private int MarkIncomplete(CellSource source, bool[] left, bool nanIsMissing)
    {
        int marked = 0;
        int[] order = _order;
        if (source.StoredColumn is { } column)
        {
            CellKind[] kinds = column.Kinds;
            long[] bits = column.Bits;
            for (int p = 0; p < order.Length; p++)
            {
                CellKind kind = kinds[order[p]];
                bool incomplete = kind is CellKind.Missing or CellKind.None
                    || (nanIsMissing && kind == CellKind.Double && double.IsNaN(BitConverter.Int64BitsToDouble(bits[order[p]])));
                if (incomplete && !left[p]) { left[p] = true; marked++; }
            }
            return marked;
        }
        for (int p = 0; p < order.Length; p++)
        {
            object? cell = source[order[p]];
            bool incomplete = cell is null || ReferenceEquals(cell, CellValue.Missing) || (nanIsMissing && IsNaN(cell));
            if (incomplete && !left[p]) { left[p] = true; marked++; }
        }
        return marked;
    }

    /// <summary>The values of <paramref name="source"/> in the group's order, without the positions marked in <paramref name="left"/>.</summary>
    private List<object?> ValuesOf(CellSource source, bool[]? left, int kept)
    {
        var list = new List<object?>(kept);
        System.Runtime.InteropServices.CollectionsMarshal.SetCount(list, kept);
        Span<object?> values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        int[] order = _order;
        int i = 0;
        if (source.StoredColumn is { } column)
        {
            var boxes = new CellBoxes();
            for (int p = 0; p < order.Length; p++)
                if (left is null || !left[p]) values[i++] = boxes.Value(column, order[p]);
        }
        else
        {
            for (int p = 0; p < order.Length; p++)
                if (left is null || !left[p]) values[i++] = CellValue.Materialize(source[order[p]]);
        }
        return list;
    }

    /// <summary>
    /// <see cref="GetMultiParamList"/> as a dictionary from each name as given to its list (PymoNNto's get_multi_param_dict).
    /// </summary>
    public Dictionary<string, List<object?>> GetMultiParamDict(IReadOnlyList<string> @params, string section = StorageManager.DefaultSection, bool removeNone = true, bool nanIsMissing = false)
    {
        var lists = GetMultiParamList(@params, section, removeNone, nanIsMissing);
        var result = new Dictionary<string, List<object?>>(StringComparer.OrdinalIgnoreCase);
        for (int k = 0; k < lists.Length; k++)
        {
            if (!result.TryAdd(@params[k], lists[k]))
                throw new ArgumentException($"The parameter '{@params[k]}' is asked for twice (names are not case-sensitive).", nameof(@params));
        }
        return result;
    }

    /// <summary>
    /// The object saved under <paramref name="name"/> (<see cref="StorageManager.SaveObj{T}"/>) of every run, in the
    /// group's order (PymoNNto's get_obj_list); default where a run has none.
    /// </summary>
    /// <param name="name">The object's key.</param>
    /// <param name="removeNone">Leave out runs that have no such object or whose object is null.</param>
    /// <exception cref="InvalidDataException">A run's object file is damaged or holds another type.</exception>
    public List<T?> GetObjList<T>(string name, bool removeNone = false)
    {
        RunKey.Validate(name, nameof(name));
        var values = new T?[_order.Length];
        var present = new bool[_order.Length];
        int[] order = _order;
        ChunkedParallel.For(order.Length, 64, (start, end) =>
        {
            for (int p = start; p < end; p++)
            {
                StorageManager run = RunAt(order[p]);
                if (!run.HasObj(name)) continue;
                values[p] = run.LoadObj<T>(name);
                present[p] = true;
            }
        });
        var result = new List<T?>(values.Length);
        for (int p = 0; p < values.Length; p++)
            if (!removeNone || (present[p] && values[p] is not null)) result.Add(values[p]);
        return result;
    }

    /// <summary>
    /// Every parameter name some run has in <paramref name="section"/> (PymoNNto's get_all_params), in order of
    /// first appearance, then the virtual parameters.
    /// </summary>
    public IReadOnlyCollection<string> GetAllParams(string section = StorageManager.DefaultSection, bool includeVirtualParameters = true)
    {
        ArgumentNullException.ThrowIfNull(section);
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool[]? inGroup = MembershipMask();
        for (int field = 0; field < _table.Fields.Count; field++)
        {
            var name = _table.Fields[field];
            if (name.Section != section) continue;
            if (HasAny(_table.ColumnOf(field), inGroup) && seen.Add(name.Key)) keys.Add(name.Key);
        }
        if (includeVirtualParameters)
            foreach (string name in _virtual.Names)
                if (seen.Add(name)) keys.Add(name);
        return keys;
    }

    /// <summary>
    /// Adds a parameter that lives only in this group (PymoNNto's add_virtual_multi_parameter), one value per run
    /// in the group's current order. It then reads like a stored parameter in every section (and wins over a
    /// stored one of the same name): in the lists, sorting and queries. It stays with its run when the group is
    /// sorted or refreshed; runs found by a later refresh lack it.
    /// </summary>
    /// <param name="name">The parameter name (case-insensitive).</param>
    /// <param name="values">One value per run, in the group's current order.</param>
    /// <exception cref="ArgumentException">The number of values differs from <see cref="Count"/>.</exception>
    public void AddVirtualMultiParameter<T>(string name, IReadOnlyList<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Count)
            throw new ArgumentException($"'{name}' has {values.Count} values but the group has {Count} runs; pass one value per run in the group's current order, or a single value for all runs.", nameof(values));
        var cells = new object?[_table.Count];
        if (cells.Length != _order.Length) Array.Fill(cells, CellValue.Missing); // runs the filters left out lack it
        for (int p = 0; p < _order.Length; p++) cells[_order[p]] = values[p];
        SetVirtual(name, cells);
    }

    /// <summary>Adds a virtual parameter with the same value for every run (see <see cref="AddVirtualMultiParameter{T}(string, IReadOnlyList{T})"/>).</summary>
    public void AddVirtualMultiParameter(string name, object? value)
    {
        var cells = new object?[_table.Count];
        Array.Fill(cells, value);
        SetVirtual(name, cells);
    }

    /// <summary>
    /// For x values with duplicates, the sorted unique x values and, for each, the y values of its pairs combined
    /// (PymoNNto's remove_duplicates_get_eval): <c>np.unique(x)</c> and <c>aggregation(y[x == u])</c>. x and y are
    /// the values of <see cref="GetMultiParamList"/> or the indexer (numbers and bools, as 0 and 1); typed groups
    /// have <see cref="RunQuery{T}.RemoveDuplicatesGetEval{TKey}(Func{T, TKey}, Func{T, double?}, Aggregate)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">x and y differ in length, or a value is not a number (None included: use removeNone: true).</exception>
    public (double[] X, double[] Y) RemoveDuplicatesGetEval(IReadOnlyList<object?> x, IReadOnlyList<object?> y, Aggregate aggregation = Aggregate.Mean) =>
        RemoveDuplicatesGetEval(x, y, Aggregation.Function(aggregation));

    /// <summary>As <see cref="RemoveDuplicatesGetEval(IReadOnlyList{object}, IReadOnlyList{object}, Aggregate)"/>, combining with any function.</summary>
    /// <exception cref="ArgumentException">x and y differ in length, or a value is not a number (None included: use removeNone: true).</exception>
    public (double[] X, double[] Y) RemoveDuplicatesGetEval(IReadOnlyList<object?> x, IReadOnlyList<object?> y, Func<double[], double> aggregation) =>
        Aggregation.RemoveDuplicates(ToDoubles(x, nameof(x)), ToDoubles(y, nameof(y)), aggregation);

    /// <summary>
    /// As <see cref="RemoveDuplicatesGetEval(IReadOnlyList{object}, IReadOnlyList{object}, Aggregate)"/>, with the
    /// eval string of a PymoNNto script: "np.average(a)", "np.mean(a)", "np.std(a)", "np.median(a)", "np.min(a)",
    /// "np.max(a)", "np.sum(a)" or "len(a)". The string is looked up, never evaluated.
    /// </summary>
    /// <exception cref="ArgumentException">Another string (the message lists the accepted ones), or a value that is not a number.</exception>
    public (double[] X, double[] Y) RemoveDuplicatesGetEval(IReadOnlyList<object?> x, IReadOnlyList<object?> y, string evalString) =>
        RemoveDuplicatesGetEval(x, y, Aggregation.FromEvalString(evalString, nameof(evalString)));

    /// <summary>The runs in the group's current order.</summary>
    public IEnumerator<StorageManager> GetEnumerator() => StorageManagerList.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The tag, main folder and number of runs.</summary>
    public override string ToString() => $"StorageManagerGroup '{Tag}' in '{MainFolderPath}': {Count} runs";

    private (RunTable Table, StorageManager?[] Runs, int[] Order) Load(RunTable? previous, IProgress<GroupScanProgress>? progress)
    {
        // Before the scan stats the main folder: removing the old index folder changes its modification time.
        if (RunIndexFile.RemoveFolderInMainFolder(MainFolderPath) is { } kept)
            Options.Logger.LogWarning("The old group index folder {Folder} is a run to PymoNNto for the tags its name contains, and could not be removed: {Problem}",
                Path.Combine(MainFolderPath, RunIndexFile.OldFolderName), kept);
        var result = RunScanner.Scan(MainFolderPath, Tag, previous, Check == IndexCheck.EveryRun, progress);
        RunTable table = result.Table;
        if (result.Changed && !table.MainFolderStat.IsMissing)
        {
            try
            {
                RunIndexFile.Write(_indexPath, table, Tag);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // The index is a cache: a read-only main folder (or a big-endian machine) only makes the next load slower.
                Options.Logger.LogWarning("Could not write the group index {Index}: {Problem}", _indexPath, e.Message);
            }
        }
        if (result.RunsRead > 0 && table.Problems.Count > 0)
            Options.Logger.LogWarning("{Count} runs of {Tag} have a config.ini that cannot be read; they have no parameters in the group (see UnreadableRuns). First: {Problem}",
                table.Problems.Count, Tag, table.Problems.First().Value);
        var order = new int[table.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        return (table, new StorageManager?[table.Count], order);
    }

    /// <summary>Where the index of <paramref name="tag"/>'s runs in <paramref name="mainFolder"/> lives: in the main folder's library folder.</summary>
    internal static string IndexPathFor(string mainFolder, string tag) => RunIndexFile.PathFor(LibraryFolder.For(mainFolder), tag);

    /// <summary>
    /// The run at table position <paramref name="run"/> for one read, without keeping it: GetNpList over 100,000
    /// runs would otherwise keep 100,000 StorageManagers (about 25 MB) beside the arrays.
    /// </summary>
    private StorageManager TransientRunAt(int run) =>
        Volatile.Read(ref _runs[run]) ?? StorageManager.OpenListedRun(Path.Combine(MainFolderPath, _table.Names[run]), Options);

    private StorageManager RunAt(int run)
    {
        StorageManager? existing = Volatile.Read(ref _runs[run]);
        if (existing is not null) return existing;
        var created = StorageManager.OpenListedRun(Path.Combine(MainFolderPath, _table.Names[run]), Options);
        return Interlocked.CompareExchange(ref _runs[run], created, null) ?? created;
    }

    /// <summary>
    /// A group of some of this group's runs (<see cref="Where"/>, <see cref="WhereStatus"/>): a memberwise copy, so it
    /// shares what this group has loaded (the table, which is never changed, and the runs opened so far, which either
    /// group adds to) and every setting, with its own virtual parameters and one filter more. Every other field is
    /// replaced whole, never changed in place, so sharing it until then is safe.
    /// </summary>
    private StorageManagerGroup WithFilter(GroupFilter filter)
    {
        var group = (StorageManagerGroup)MemberwiseClone();
        group._virtual = _virtual.Copy();
        group._filters = [.. _filters, filter];
        group._order = filter.Apply(group, _order);
        return group;
    }

    /// <summary>The cell of a parameter for each run (by table position): virtual first, then stored, else Missing.</summary>
    internal CellSource CellsOf(string key, string section)
    {
        string normalized = Parameters.IniSection.NormalizeKey(key);
        if (_virtual.TryGetCells(normalized, out object?[]? virtualCells)) return CellSource.Of(virtualCells);
        if (_table.TryGetColumn(section, normalized, out Column? column)) return CellSource.Of(column);
        return CellSource.None;
    }

    private void SetVirtual(string name, object?[] cells)
    {
        RunKey.Validate(name, nameof(name));
        _virtual.Set(Parameters.IniSection.NormalizeKey(name), cells);
    }

    /// <summary>The runs of <paramref name="order"/> the group's filters keep, in that order.</summary>
    private int[] ApplyFilters(int[] order)
    {
        foreach (var filter in _filters) order = filter.Apply(this, order);
        return order;
    }

    /// <summary>A stored parameter's cells, never a virtual parameter's (the status is what the run recorded).</summary>
    internal CellSource StoredCells(string section, string key) =>
        _table.TryGetColumn(section, key, out Column? column) ? CellSource.Of(column) : CellSource.None;

    /// <summary>Which table positions are in the group; null when every run is (a group without filters).</summary>
    private bool[]? MembershipMask()
    {
        if (_filters.Length == 0) return null;
        var mask = new bool[_table.Count];
        foreach (int run in _order) mask[run] = true;
        return mask;
    }

    private static bool HasAny(Column column, bool[]? inGroup)
    {
        if (inGroup is null) return column.HasAny;
        for (int run = 0; run < inGroup.Length; run++)
            if (inGroup[run] && column.Kinds[run] != CellKind.Missing) return true;
        return false;
    }

    private static int[] MapByName(string[] oldNames, string[] newNames)
    {
        var positions = new Dictionary<string, int>(oldNames.Length, StringComparer.Ordinal);
        for (int i = 0; i < oldNames.Length; i++) positions[oldNames[i]] = i;
        return Array.ConvertAll(newNames, name => positions.GetValueOrDefault(name, -1));
    }

    private static bool IsNaN(object? cell) => cell switch
    {
        double d => double.IsNaN(d),
        float f => float.IsNaN(f),
        _ => false,
    };

    private static double[] ToDoubles(IReadOnlyList<object?> values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (!ValueComparison.TryDouble(values[i], out result[i]))
                throw new ArgumentException(
                    $"Value {i} of {parameterName} is {ValueComparison.Describe(values[i])}, not a number. Leave out runs without a value with removeNone: true.",
                    parameterName);
        }
        return result;
    }
}
