using System.Globalization;

namespace StorageTyped.Bench;

/// <summary>Minimal "--name value" / "--flag" parsing for the harness.</summary>
internal sealed class BenchOptions
{
    private readonly string[] _args;

    public BenchOptions(string[] args) => _args = args;

    public int Int(string name, int fallback)
    {
        int i = Array.IndexOf(_args, "--" + name);
        return i >= 0 && i + 1 < _args.Length ? int.Parse(_args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public string? String(string name)
    {
        int i = Array.IndexOf(_args, "--" + name);
        return i >= 0 && i + 1 < _args.Length ? _args[i + 1] : null;
    }

    public bool Flag(string name) => Array.IndexOf(_args, "--" + name) >= 0;
}
