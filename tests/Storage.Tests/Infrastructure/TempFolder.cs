namespace StorageTyped.Tests.Infrastructure;

/// <summary>A fresh folder under the system temp folder with a Data folder inside, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "storagetyped-tests", Guid.NewGuid().ToString("N"));
        DataFolder = Path.Combine(Root, "Data");
        Directory.CreateDirectory(DataFolder);
    }

    /// <summary>The folder that holds Data (like a project folder).</summary>
    public string Root { get; }

    /// <summary>Root/Data.</summary>
    public string DataFolder { get; }

    /// <summary>Options that point at this folder's Data folder.</summary>
    public StorageOptions Options => new() { DataFolder = DataFolder };

    /// <summary>Root/Data/StorageManager/&lt;main&gt;.</summary>
    public string MainFolder(string main) => Path.Combine(DataFolder, "StorageManager", main);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
