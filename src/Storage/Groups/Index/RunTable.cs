using System.Diagnostics.CodeAnalysis;
using StorageTyped.Parameters;

namespace StorageTyped.Groups.Index;

/// <summary>A parameter of the group: a key (lower case, as configparser keeps it) in an INI section.</summary>
internal readonly record struct FieldName(string Section, string Key);

/// <summary>What reading a run's config.ini gave.</summary>
internal enum RunState : byte
{
    /// <summary>config.ini was read; the run has the parameters it holds.</summary>
    Loaded = 0,

    /// <summary>The run has no config.ini: it has no parameters.</summary>
    NoConfig = 1,

    /// <summary>config.ini could not be read or parsed: the run has no parameters, and the reason is kept.</summary>
    Damaged = 2,
}

/// <summary>
/// The runs of a group and their parameters, column by column: for each (section, key) one <see cref="Column"/>
/// with a cell per run (<see cref="CellKind.Missing"/> where the run lacks it). Runs are in their natural
/// order (<see cref="NaturalRunOrder"/>). Columns keep a group of 100,000 runs with 9 parameters in a few tens of
/// megabytes and make sorting and filtering one pass over an array. Built by the scan (<c>Scan.RunScanner</c>) or
/// <see cref="RunIndexFile"/>; not changed once handed to a group.
/// </summary>
internal sealed class RunTable
{
    private readonly List<FieldName> _fields = new();
    private readonly Dictionary<FieldName, int> _fieldIds = new();
    private readonly List<Column> _columns = new();
    private readonly Dictionary<string, string> _stringPool = new(StringComparer.Ordinal);

    public RunTable(string[] names)
    {
        Names = names;
        Stats = new ConfigStat[names.Length];
        States = new RunState[names.Length];
    }

    /// <summary>Run folder names, in natural order.</summary>
    public string[] Names { get; }

    /// <summary>Number of runs.</summary>
    public int Count => Names.Length;

    /// <summary>The stat of each run's config.ini when it was read.</summary>
    public ConfigStat[] Stats { get; }

    /// <summary>What reading each run's config.ini gave.</summary>
    public RunState[] States { get; }

    /// <summary>Why a damaged run's config.ini could not be read, by run.</summary>
    public Dictionary<int, string> Problems { get; } = new();

    /// <summary>The main folder's stat taken before it was listed (<see cref="ConfigStat.Unverified"/> when too recent).</summary>
    public ConfigStat MainFolderStat { get; set; } = ConfigStat.Unverified;

    /// <summary>Every (section, key) some run has, in order of first appearance.</summary>
    public IReadOnlyList<FieldName> Fields => _fields;

    /// <summary>The cells of field <paramref name="field"/>, one per run.</summary>
    public Column ColumnOf(int field) => _columns[field];

    /// <summary>The column of <paramref name="key"/> in <paramref name="section"/>; false when no run has it.</summary>
    public bool TryGetColumn(string section, string key, [NotNullWhen(true)] out Column? column)
    {
        if (_fieldIds.TryGetValue(new FieldName(section, IniSection.NormalizeKey(key)), out int id))
        {
            column = _columns[id];
            return true;
        }
        column = null;
        return false;
    }

    /// <summary>The id of a field, adding an empty column for it when it is new.</summary>
    public int FieldId(FieldName field)
    {
        if (_fieldIds.TryGetValue(field, out int id)) return id;
        id = _fields.Count;
        field = new FieldName(Pool(field.Section), Pool(field.Key));
        _fields.Add(field);
        _fieldIds.Add(field, id);
        _columns.Add(new Column(Count));
        return id;
    }

    /// <summary>Adds a field with a complete column (used when copying or decoding a table).</summary>
    public void AddColumn(FieldName field, Column column)
    {
        if (column.Kinds.Length != Count) throw new ArgumentException("column length differs from the run count", nameof(column));
        if (_fieldIds.ContainsKey(field)) throw new InvalidDataException($"The field [{field.Section}] {field.Key} occurs twice.");
        field = new FieldName(Pool(field.Section), Pool(field.Key));
        _fieldIds.Add(field, _fields.Count);
        _fields.Add(field);
        _columns.Add(column);
    }

    /// <summary>One shared instance for equal strings (keys, sections and text values repeat across runs).</summary>
    public string Pool(string text)
    {
        if (_stringPool.TryGetValue(text, out string? pooled)) return pooled;
        _stringPool.Add(text, text);
        return text;
    }

    /// <summary>Stores what reading run <paramref name="run"/> gave, replacing whatever the table had for it.</summary>
    public void SetRun(int run, ParsedConfig parsed)
    {
        foreach (var column in _columns) column.Clear(run);
        Stats[run] = parsed.Stat;
        States[run] = parsed.State;
        Problems.Remove(run);
        if (parsed.Problem is not null) Problems[run] = parsed.Problem;
        foreach (var (field, cell) in parsed.Entries)
            _columns[FieldId(field)].Set(run, cell is string text ? Pool(text) : cell);
    }
}

/// <summary>What one run's config.ini holds, as read by a scanning thread before it goes into the table.</summary>
internal sealed class ParsedConfig(ConfigStat stat, RunState state, string? problem, (FieldName Field, object? Cell)[] entries)
{
    public ConfigStat Stat { get; } = stat;

    public RunState State { get; } = state;

    public string? Problem { get; } = problem;

    public (FieldName Field, object? Cell)[] Entries { get; } = entries;

    /// <summary>A run without parameters: no config.ini, or a damaged one.</summary>
    public static ParsedConfig Empty(ConfigStat stat, RunState state, string? problem = null) => new(stat, state, problem, []);

    /// <summary>Every option of every section as configparser's get() returns it (DEFAULT fallback, interpolation).</summary>
    public static ParsedConfig FromDocument(IniDocument document, ConfigStat stat)
    {
        var entries = new List<(FieldName, object?)>();
        if (document.Defaults.Count > 0) AddSection(entries, document, document.Defaults);
        foreach (var section in document.Sections) AddSection(entries, document, section);
        return new ParsedConfig(stat, RunState.Loaded, null, entries.ToArray());
    }

    private static void AddSection(List<(FieldName, object?)> entries, IniDocument document, IniSection section)
    {
        bool plain = document.Defaults.Count == 0 || ReferenceEquals(section, document.Defaults);
        if (plain)
        {
            foreach (var (key, raw) in section.Entries)
            {
                string text = raw.Contains('%') ? document.Get(section.Name, key)! : raw;
                entries.Add((new FieldName(section.Name, key), CellValue.FromText(text)));
            }
            return;
        }
        foreach (string key in document.GetKeys(section.Name))
            entries.Add((new FieldName(section.Name, key), CellValue.FromText(document.Get(section.Name, key)!)));
    }
}
