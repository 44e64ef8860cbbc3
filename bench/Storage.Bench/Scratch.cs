namespace StorageTyped.Bench;

/// <summary>A scratch folder for one measurement (under $TMPDIR or a given root), removed afterwards.</summary>
internal sealed class Scratch : IDisposable
{
    public Scratch(string name, string? root = null)
    {
        Root = Path.Combine(root ?? Path.GetTempPath(), "storagetyped-bench", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(Root, "Data"));
    }

    public string Root { get; }

    public string DataFolder => Path.Combine(Root, "Data");

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
