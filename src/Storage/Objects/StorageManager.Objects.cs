using StorageTyped.Files;
using StorageTyped.Objects;
using StorageTyped.Runs;

namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>
    /// Saves an object as key.msgpack (PymoNNto's save_obj, which pickles to key.obj): records, classes with
    /// public properties, dictionaries and collections, without attributes. The write is atomic.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not valid; nothing is written.</exception>
    public void SaveObj<T>(string key, T obj)
    {
        RunKey.Validate(key);
        byte[] bytes = ObjectCodec.Serialize(obj);
        AtomicFile.WriteAllBytes(FilePath(key + ObjectCodec.Extension), bytes, Options.FlushToDisk);
    }

    /// <summary>Loads an object saved with <see cref="SaveObj{T}"/> (or written by any MessagePack library).</summary>
    /// <exception cref="FileNotFoundException">The run has no object named <paramref name="key"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or does not hold a <typeparamref name="T"/>.</exception>
    public T LoadObj<T>(string key)
    {
        RunKey.Validate(key);
        string path = FilePath(key + ObjectCodec.Extension);
        byte[] bytes;
        try
        {
            bytes = RegularFile.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"Run '{Path}' has no object {RunKey.Quote(key)} (no file {key}{ObjectCodec.Extension}). Save it with SaveObj first, or check HasObj.", path, e);
        }
        return ObjectCodec.Deserialize<T>(bytes, path);
    }

    /// <summary>True when the run has an object named <paramref name="key"/> (PymoNNto's has_obj).</summary>
    public bool HasObj(string key)
    {
        RunKey.Validate(key);
        return File.Exists(FilePath(key + ObjectCodec.Extension));
    }
}
