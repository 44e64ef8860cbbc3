namespace StorageTyped.Tests.Infrastructure;

/// <summary>A fresh folder under the system temp folder with a Data folder inside, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() : this(Path.GetTempPath())
    {
    }

    /// <summary>A fresh folder under <paramref name="parent"/> (such as /dev/shm, for tests that create thousands of runs).</summary>
    public TempFolder(string parent)
    {
        Root = Path.Combine(parent, "storagetyped-tests", Guid.NewGuid().ToString("N"));
        DataFolder = Path.Combine(Root, "Data");
        Directory.CreateDirectory(DataFolder);
    }

    /// <summary>The folder that holds Data (like a project folder).</summary>
    public string Root { get; }

    /// <summary>Root/Data.</summary>
    public string DataFolder { get; }

    /// <summary>Options that point at this folder's Data folder.</summary>
    public StorageOptions Options => new() { DataFolder = DataFolder };

    /// <summary>tmpfs (/dev/shm) where the machine has it, else the temp folder: for tests about many runs, not about the disk.</summary>
    public static string MemoryBacked => Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    /// <summary>Root/Data/StorageManager/&lt;main&gt;.</summary>
    public string MainFolder(string main) => Path.Combine(DataFolder, "StorageManager", main);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
