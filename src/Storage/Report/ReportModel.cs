using System.Globalization;
using System.Numerics;
using System.Text.Json;
using StorageTyped.Analysis;
using StorageTyped.Groups.Index;
using StorageTyped.Groups.Query;
using StorageTyped.Groups.Scan;
using StorageTyped.Provenance;

namespace StorageTyped.Report;

/// <summary>
/// What the report shows, gathered from the group and written as the page's JSON: the runs and every parameter
/// column (a kind letter and a value per run, so the page can tell None from a missing key and ints from floats, and
/// sort and query as the library does), statuses, schema, provenance, which keys are metrics and axes, and the
/// array summaries. The page computes the metric charts itself from the runs, so they follow the table's filter.
/// </summary>
internal sealed class ReportModel
{
    private const double ExactLimit = 9007199254740992; // 2^53: a JavaScript number holds every integer below it

    private readonly StorageManagerGroup _group;
    private readonly string _reportFolder;
    private readonly ReportOptions _options;
    private SweepSchema _schema = null!;
    private string[] _metrics = [];
    private string? _replicate;
    private string[] _axes = [];
    private readonly List<ArrayChart> _arrays = new();
    private string[][]? _videos;

    private sealed record ArrayChart(string Key, string DType, string? Axis, IReadOnlyList<long> Shape, List<(string Label, object? Value, ArraySummaryData Summary)> Lines);

    private sealed record ArraySummaryData(int Runs, int[] N, double[] Mean, double[] Low, double[] High);

    private ReportModel(StorageManagerGroup group, string reportFolder, ReportOptions options)
    {
        _group = group;
        _reportFolder = reportFolder;
        _options = options;
    }

    public static ReportModel Build(StorageManagerGroup group, string reportFolder, ReportOptions options)
    {
        var model = new ReportModel(group, reportFolder, options);
        model.ChooseKeys();
        foreach (string key in options.Arrays) model.SummarizeArray(key);
        if (options.LinkVideos) model.FindVideos();
        return model;
    }

    /// <summary>Metrics, replicate and axes: as given, or from the schema.</summary>
    private void ChooseKeys()
    {
        _schema = _group.DetectSchema();
        var known = _group.GetAllParams();
        if (_options.Metrics is { } metrics)
        {
            foreach (string metric in metrics) Require(metric, known, "metric");
            _metrics = [.. metrics.Select(m => known.First(k => k.Equals(m, StringComparison.OrdinalIgnoreCase)))];
        }
        else
        {
            // A float that takes a different value in most runs is an outcome, not a setting.
            _metrics = [.. _schema.Varying.Values
                .Where(axis => axis.Types.Contains("float") && axis.Types.All(t => t is "float" or "int" or "NoneType") && axis.Values.Count > _schema.RunCount / 2)
                .Select(axis => axis.Key)];
        }
        if (_options.Replicate is { } replicate)
        {
            Require(replicate, known, "replicate");
            _replicate = known.First(k => k.Equals(replicate, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            _replicate = _schema.Varying.Keys.FirstOrDefault(k => k.Equals("seed", StringComparison.OrdinalIgnoreCase));
        }
        _axes = [.. _schema.Varying.Keys.Where(k => !_metrics.Contains(k, StringComparer.OrdinalIgnoreCase) && !k.Equals(_replicate, StringComparison.OrdinalIgnoreCase))];
    }

    private static void Require(string key, IReadOnlyCollection<string> known, string what)
    {
        RunKey.Validate(key, what);
        if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"The report's {what} '{key}' is a parameter no run of the group has; its parameters are {string.Join(", ", known)}.", what);
    }

    /// <summary>The mean curve of an array over the runs, one line per value of the first axis (with at most 12 values).</summary>
    private void SummarizeArray(string key)
    {
        RunKey.Validate(key, "array");
        int[] order = _group.RunOrder;
        var runs = Array.ConvertAll(order, _group.RunAtPosition);
        NpyFileInfo? first = null;
        foreach (var run in runs)
        {
            if (!run.HasNp(key)) continue;
            first = run.GetNpInfo(key);
            break;
        }
        if (first is null) throw new ArgumentException($"No run of the group has an array '{key}' ({key}.npy).", "array");
        string? axis = _axes.FirstOrDefault(a => _schema.Varying[a].Values.Count <= 12);
        var lines = new List<(string, object?, ArraySummaryData)>();
        if (axis is null)
        {
            lines.Add(("all runs", null, Summarize(first.DType, key, runs)));
        }
        else
        {
            CellSource cells = _group.CellsFor(axis, StorageManager.DefaultSection);
            var byValue = new Dictionary<ValueKey, List<StorageManager>>();
            for (int p = 0; p < order.Length; p++)
            {
                object? cell = cells[order[p]];
                if (ReferenceEquals(cell, CellValue.Missing)) continue;
                var valueKey = new ValueKey(CellValue.Materialize(cell));
                if (!byValue.TryGetValue(valueKey, out var list)) byValue.Add(valueKey, list = new List<StorageManager>());
                list.Add(runs[p]);
            }
            foreach (object? value in _schema.Varying[axis].Values)
                if (byValue.TryGetValue(new ValueKey(value), out var subset))
                    lines.Add(($"{axis} = {ValueComparison.Describe(value)}", value, Summarize(first.DType, key, [.. subset])));
        }
        _arrays.Add(new ArrayChart(key, first.DType, axis, first.Shape, lines));
    }

    /// <summary>
    /// The summary of one line: arrays of one shape are read in a single pass (one open per run); only when two runs
    /// differ is it done again aligned to the longest (<see cref="ArrayAlign.Pad"/>), which reads every header first.
    /// </summary>
    private ArraySummaryData Summarize(string dtype, string key, StorageManager[] runs)
    {
        try
        {
            return Summarize(dtype, key, runs, ArrayAlign.Exact);
        }
        catch (InvalidDataException e) when (e.Data.Contains(ArrayAccumulation.ShapeMismatch))
        {
            return Summarize(dtype, key, runs, ArrayAlign.Pad);
        }
    }

    private ArraySummaryData Summarize(string dtype, string key, StorageManager[] runs, ArrayAlign align) => dtype switch
    {
        "float64" => Data(ArrayAccumulation.Summarize<double>(key, runs, align, _options.Confidence)),
        "float32" => Data(ArrayAccumulation.Summarize<float>(key, runs, align, _options.Confidence)),
        "float16" => Data(ArrayAccumulation.Summarize<Half>(key, runs, align, _options.Confidence)),
        "int64" => Data(ArrayAccumulation.Summarize<long>(key, runs, align, _options.Confidence)),
        "int32" => Data(ArrayAccumulation.Summarize<int>(key, runs, align, _options.Confidence)),
        "int16" => Data(ArrayAccumulation.Summarize<short>(key, runs, align, _options.Confidence)),
        "int8" => Data(ArrayAccumulation.Summarize<sbyte>(key, runs, align, _options.Confidence)),
        "uint64" => Data(ArrayAccumulation.Summarize<ulong>(key, runs, align, _options.Confidence)),
        "uint32" => Data(ArrayAccumulation.Summarize<uint>(key, runs, align, _options.Confidence)),
        "uint16" => Data(ArrayAccumulation.Summarize<ushort>(key, runs, align, _options.Confidence)),
        "uint8" => Data(ArrayAccumulation.Summarize<byte>(key, runs, align, _options.Confidence)),
        _ => throw new ArgumentException($"The array '{key}' holds {dtype}, which has no mean on a line; the report draws arrays of numbers (float and int dtypes).", "array"),
    };

    private static ArraySummaryData Data<T>(ArraySummary<T> summary) where T : unmanaged =>
        new(summary.Runs, summary.N, summary.Mean, summary.CiLow, summary.CiHigh);

    /// <summary>Every run's .mp4 files, listed on all cores.</summary>
    private void FindVideos()
    {
        int[] order = _group.RunOrder;
        var videos = new string[order.Length][];
        string main = _group.MainFolderPath;
        ChunkedParallel.For(order.Length, 256, (start, end) =>
        {
            var options = new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true };
            for (int p = start; p < end; p++)
            {
                string folder = Path.Combine(main, _group.RunFolderName(order[p]));
                try
                {
                    var found = Directory.GetFiles(folder, "*.mp4", options);
                    videos[p] = found.Length == 0 ? [] : [.. found.Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    videos[p] = [];
                }
            }
        });
        _videos = videos;
    }

    public void WriteJson(Utf8JsonWriter json, string title)
    {
        int[] order = _group.RunOrder;
        json.WriteStartObject();
        json.WriteString("title", title);
        json.WriteString("group", _group.Tag);
        json.WriteString("mainFolder", _group.MainFolderPath);
        json.WriteNumber("confidence", _options.Confidence);
        string relative = Path.GetRelativePath(_reportFolder, _group.MainFolderPath);
        json.WriteString("runsHref", relative == "." ? "" : string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)) + "/");

        json.WriteStartArray("runs");
        foreach (int run in order) json.WriteStringValue(_group.RunFolderName(run));
        json.WriteEndArray();
        var statuses = _group.GetStatusList();
        json.WriteString("status", string.Concat(statuses.Select(StatusLetter)));
        if (_videos is not null && _videos.Any(v => v.Length > 0))
        {
            json.WriteStartArray("videos");
            foreach (var files in _videos)
            {
                json.WriteStartArray();
                foreach (string file in files) json.WriteStringValue(file);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }

        json.WriteStartArray("columns");
        var keys = _group.GetAllParams().Where(k => k != "time").Append("time").Where(k => _group.GetAllParams().Contains(k));
        foreach (string key in keys) WriteColumn(json, key, StorageManager.DefaultSection, order);
        json.WriteEndArray();

        WriteSchema(json);
        WriteProvenance(json, order);
        json.WriteStartArray("metrics");
        foreach (string metric in _metrics) json.WriteStringValue(metric);
        json.WriteEndArray();
        json.WriteStartArray("axes");
        foreach (string axis in _axes) json.WriteStringValue(axis);
        json.WriteEndArray();
        if (_replicate is null) json.WriteNull("replicate");
        else json.WriteString("replicate", _replicate);
        WriteArrays(json);
        json.WriteEndObject();
    }

    private static char StatusLetter(RunStatus status) => status switch
    {
        RunStatus.Completed => 'c',
        RunStatus.Failed => 'f',
        RunStatus.Running => 'r',
        RunStatus.Interrupted => 'i',
        _ => 'u',
    };

    /// <summary>
    /// One parameter: <c>kinds</c> has a letter per run — m missing, n None, b bool, i int, f float, s str, l other (list,
    /// dict: its normalized text), I an integer beyond 2^53 (its digits) — and <c>values</c> the value per run (NaN and
    /// infinities as "nan", "inf", "-inf").
    /// </summary>
    private void WriteColumn(Utf8JsonWriter json, string key, string section, int[] order)
    {
        CellSource cells = _group.CellsFor(key, section);
        var kinds = new char[order.Length];
        var literals = new Dictionary<string, (char Kind, string Text)>(StringComparer.Ordinal); // parsed once per distinct text
        json.WriteStartObject();
        json.WriteString("key", key);
        json.WriteStartArray("values");
        for (int p = 0; p < order.Length; p++)
        {
            object? cell = cells[order[p]];
            switch (cell)
            {
                case null: kinds[p] = 'n'; json.WriteNumberValue(0); break;
                case bool b: kinds[p] = 'b'; json.WriteNumberValue(b ? 1 : 0); break;
                case int i: kinds[p] = 'i'; json.WriteNumberValue(i); break;
                case long l when Math.Abs((double)l) < ExactLimit: kinds[p] = 'i'; json.WriteNumberValue(l); break;
                case long l: kinds[p] = 'I'; json.WriteStringValue(l.ToString(CultureInfo.InvariantCulture)); break;
                case double d when double.IsFinite(d): kinds[p] = 'f'; json.WriteNumberValue(d); break;
                case double d: kinds[p] = 'f'; json.WriteStringValue(double.IsNaN(d) ? "nan" : d > 0 ? "inf" : "-inf"); break;
                case string s: kinds[p] = 's'; json.WriteStringValue(s); break;
                default:
                    if (ReferenceEquals(cell, CellValue.Missing)) { kinds[p] = 'm'; json.WriteNumberValue(0); break; }
                    string raw = cell is CellValue.Literal literal ? literal.Text : ValueComparison.Describe(cell);
                    if (!literals.TryGetValue(raw, out var shown))
                    {
                        object? value = CellValue.Materialize(cell);
                        literals[raw] = shown = value is BigInteger big ? ('I', big.ToString(CultureInfo.InvariantCulture)) : ('l', ValueComparison.Describe(value));
                    }
                    kinds[p] = shown.Kind;
                    json.WriteStringValue(shown.Text);
                    break;
            }
        }
        json.WriteEndArray();
        json.WriteString("kinds", new string(kinds));
        json.WriteEndObject();
    }

    private void WriteSchema(Utf8JsonWriter json)
    {
        json.WriteStartObject("schema");
        json.WriteStartArray("varying");
        foreach (SweepAxis axis in _schema.Varying.Values)
        {
            json.WriteStartObject();
            json.WriteString("key", axis.Key);
            json.WriteStartArray("values");
            foreach (object? value in axis.Values.Take(50)) json.WriteStringValue(ValueComparison.Describe(value));
            json.WriteEndArray();
            json.WriteNumber("count", axis.Values.Count);
            json.WriteStartArray("types");
            foreach (string type in axis.Types) json.WriteStringValue(type);
            json.WriteEndArray();
            json.WriteNumber("runsWithout", axis.RunsWithout);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("constant");
        foreach (var (key, value) in _schema.Constant)
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteString("value", ValueComparison.Describe(value));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Hosts and git commits from [Provenance] with the number of runs each; empty for PymoNNto's runs.</summary>
    private void WriteProvenance(Utf8JsonWriter json, int[] order)
    {
        json.WriteStartObject("provenance");
        WriteCounts(json, "hosts", order, ProvenanceKeys.Host, null);
        WriteCounts(json, "commits", order, ProvenanceKeys.GitCommit, ProvenanceKeys.GitDirty);
        WriteCounts(json, "versions", order, ProvenanceKeys.LibraryVersion, null);
        json.WriteEndObject();
    }

    private void WriteCounts(Utf8JsonWriter json, string name, int[] order, string key, string? dirtyKey)
    {
        CellSource cells = _group.CellsFor(key, ProvenanceKeys.Section);
        CellSource? dirty = dirtyKey is null ? null : _group.CellsFor(dirtyKey, ProvenanceKeys.Section);
        var counts = new Dictionary<string, (int Runs, int Dirty)>(StringComparer.Ordinal);
        foreach (int run in order)
        {
            object? cell = cells[run];
            if (ReferenceEquals(cell, CellValue.Missing) || cell is null) continue;
            string text = ValueComparison.Describe(CellValue.Materialize(cell));
            var (runs, dirtyRuns) = counts.GetValueOrDefault(text);
            counts[text] = (runs + 1, dirtyRuns + (dirty is not null && Equals(dirty[run], true) ? 1 : 0));
        }
        json.WriteStartArray(name);
        foreach (var (value, (runs, dirtyRuns)) in counts.OrderByDescending(entry => entry.Value.Runs).ThenBy(entry => entry.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("value", value);
            json.WriteNumber("runs", runs);
            if (dirtyKey is not null) json.WriteNumber("dirty", dirtyRuns);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Each array's lines, thinned to at most MaxCurvePoints points (every k-th element, and the last).</summary>
    private void WriteArrays(Utf8JsonWriter json)
    {
        json.WriteStartArray("arrays");
        foreach (var chart in _arrays)
        {
            json.WriteStartObject();
            json.WriteString("key", chart.Key);
            json.WriteString("dtype", chart.DType);
            if (chart.Axis is null) json.WriteNull("axis");
            else json.WriteString("axis", chart.Axis);
            json.WriteStartArray("shape");
            foreach (long dimension in chart.Shape) json.WriteNumberValue(dimension);
            json.WriteEndArray();
            json.WriteStartArray("lines");
            foreach (var (label, _, summary) in chart.Lines)
            {
                int length = summary.Mean.Length;
                int step = Math.Max(1, (int)Math.Ceiling(length / (double)_options.MaxCurvePoints));
                var indices = Enumerable.Range(0, (length + step - 1) / step).Select(i => i * step).ToList();
                if (length > 0 && indices[^1] != length - 1) indices.Add(length - 1);
                json.WriteStartObject();
                json.WriteString("label", label);
                json.WriteNumber("runs", summary.Runs);
                WriteSeries(json, "x", indices.Select(i => (double)i));
                WriteSeries(json, "n", indices.Select(i => (double)summary.N[i]));
                WriteSeries(json, "mean", indices.Select(i => summary.Mean[i]));
                WriteSeries(json, "lo", indices.Select(i => summary.Low[i]));
                WriteSeries(json, "hi", indices.Select(i => summary.High[i]));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Numbers, with null where a value is NaN or infinite (uPlot leaves a gap there).</summary>
    private static void WriteSeries(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (double value in values)
        {
            if (double.IsFinite(value)) json.WriteNumberValue(value);
            else json.WriteNullValue();
        }
        json.WriteEndArray();
    }
}
