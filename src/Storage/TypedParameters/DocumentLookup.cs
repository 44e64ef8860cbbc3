using StorageTyped.Parameters;

namespace StorageTyped.TypedParameters;

/// <summary>A run's config.ini, read once.</summary>
internal sealed class DocumentLookup(string runPath, IniDocument document) : ParameterLookup
{
    public override string RunPath => runPath;

    public override ParameterCell Find(string section, string key) => ParameterCell.FromText(document.Get(section, key));

    public override string? ExactText(string section, string key) => document.Get(section, key);
}
