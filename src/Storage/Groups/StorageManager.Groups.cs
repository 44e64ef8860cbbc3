namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>A run the group found by listing its main folder: no existence check, nothing written.</summary>
    internal static StorageManager OpenListedRun(string path, StorageOptions options) => new(path, options);
}
