using StorageTyped.Parameters;
using StorageTyped.TypedParameters;

namespace StorageTyped.Groups.Typed;

/// <summary>
/// One run's parameters as the group's index holds them: numbers already parsed, texts and list literals exactly
/// as configparser's get() gave them. The exact text of a number is read from the run's config.ini only when a
/// property that is not a number asks for it (a string parameter holding "007", say).
/// </summary>
internal sealed class IndexLookup(IndexedRuns runs, int run, string runPath) : ParameterLookup
{
    private IniDocument? _document;

    public override string RunPath => runPath;

    public override ParameterCell Find(string section, string key) => runs.Find(run, section, key);

    public override string? ExactText(string section, string key) =>
        (_document ??= ConfigFile.Read(runPath)).Get(section, key);
}
