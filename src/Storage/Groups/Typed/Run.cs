namespace StorageTyped;

/// <summary>
/// One run of a typed group: its parameters, read into <typeparamref name="T"/>, and the run itself, to load its
/// arrays, objects and texts.
/// </summary>
/// <typeparam name="T">The [RunParameters] type.</typeparam>
public sealed class Run<T>
{
    private readonly StorageOptions _options;
    private StorageManager? _storage;

    internal Run(T parameters, string mainFolderPath, string folderName, StorageOptions options)
    {
        Parameters = parameters;
        MainFolderPath = mainFolderPath;
        FolderName = folderName;
        _options = options;
    }

    /// <summary>The run's parameters, as <see cref="StorageManager.LoadParams{T}(string?)"/> reads them.</summary>
    public T Parameters { get; }

    /// <summary>The run, opened (nothing written) on first use.</summary>
    public StorageManager Storage
    {
        get
        {
            var existing = Volatile.Read(ref _storage);
            if (existing is not null) return existing;
            var opened = StorageManager.OpenListedRun(Path, _options);
            return Interlocked.CompareExchange(ref _storage, opened, null) ?? opened;
        }
    }

    /// <summary>The run folder.</summary>
    public string Path => System.IO.Path.Combine(MainFolderPath, FolderName);

    /// <summary>The run folder's own name, such as MyName12.</summary>
    public string FolderName { get; }

    /// <summary>The main folder that holds the run.</summary>
    public string MainFolderPath { get; }

    /// <summary>The folder name and the parameters.</summary>
    public override string ToString() => $"{FolderName}: {Parameters}";
}
