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

    /// <summary>
    /// Loads an object saved with <see cref="SaveObj{T}"/> (or written by any MessagePack library), or, when the run
    /// has no key.msgpack, PymoNNto's pickled key.obj, read as plain data only: None, bool, int, float, str, bytes,
    /// list, tuple, dict, set, numpy arrays (as nested lists, as <c>tolist()</c> gives them) and numpy scalars. No
    /// class a pickle names is built and no function it names is called; anything else is an
    /// <see cref="InvalidDataException"/> naming the class. <typeparamref name="T"/> is read as from MessagePack:
    /// <c>object</c> gives plain .NET values, and any type MessagePack reads from the same data gives that type.
    /// </summary>
    /// <exception cref="FileNotFoundException">The run has no object named <paramref name="key"/> (neither key.msgpack nor key.obj).</exception>
    /// <exception cref="InvalidDataException">The file is damaged, is not a regular file, holds something other than plain data, or does not hold a <typeparamref name="T"/>.</exception>
    public T LoadObj<T>(string key)
    {
        RunKey.Validate(key);
        string path = FilePath(key + ObjectCodec.Extension);
        try
        {
            return ObjectCodec.Deserialize<T>(RegularFile.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            string pickle = FilePath(key + PickleFile.Extension);
            try
            {
                return ObjectCodec.Deserialize<T>(PickleFile.ReadAsMessagePack(pickle), pickle, "pickled");
            }
            catch (Exception again) when (again is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new FileNotFoundException($"Run '{Path}' has no object {RunKey.Quote(key)} (no file {key}{ObjectCodec.Extension} or {key}{PickleFile.Extension}). Save it with SaveObj first, or check HasObj.", path, e);
            }
        }
    }

    /// <summary>True when the run has an object named <paramref name="key"/>: key.msgpack, or PymoNNto's key.obj (PymoNNto's has_obj).</summary>
    public bool HasObj(string key)
    {
        RunKey.Validate(key);
        return File.Exists(FilePath(key + ObjectCodec.Extension)) || File.Exists(FilePath(key + PickleFile.Extension));
    }
}
