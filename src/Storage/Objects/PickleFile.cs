using Razorvine.Pickle;

namespace StorageTyped.Objects;

/// <summary>
/// PymoNNto's objects, &lt;key&gt;.obj (Python's pickle), read as plain data: the opcodes are checked first
/// (<see cref="PickleScanner"/>), then Razorvine.Pickle unpickles with this library's constructors only
/// (<see cref="PickleGlobals"/>), and the result becomes MessagePack (<see cref="PickleConverter"/>), which
/// <see cref="ObjectCodec"/> reads as any <c>T</c>. Never written: objects are saved as MessagePack.
/// </summary>
internal static class PickleFile
{
    /// <summary>The file extension of PymoNNto's pickled objects.</summary>
    public const string Extension = ".obj";

    /// <summary>The pickle at <paramref name="path"/> as MessagePack.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">It is not a pickle of plain data, or is damaged; the message names the file (and the class).</exception>
    public static ReadOnlyMemory<byte> ReadAsMessagePack(string path)
    {
        byte[] pickle = RegularFile.ReadAllBytes(path);
        PickleScanner.Check(pickle, path);
        PickleGlobals.EnsureRegistered();
        object? value;
        try
        {
            using var unpickler = new Unpickler();
            value = unpickler.loads(pickle);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or InvalidDataException))
        {
            throw new InvalidDataException($"'{path}' is not a pickle this library reads: {e.Message}", e);
        }
        return PickleConverter.ToMessagePack(value, pickle.Length, path);
    }
}
