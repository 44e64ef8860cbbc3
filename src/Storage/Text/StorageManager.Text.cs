using System.Text;
using StorageTyped.Files;
using StorageTyped.Runs;

namespace StorageTyped;

public sealed partial class StorageManager
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Saves text as key.txt in UTF-8 without a byte order mark (PymoNNto's save_str). The write is atomic.</summary>
    /// <exception cref="ArgumentException">The key is not valid or the text holds an unpaired surrogate; nothing is written.</exception>
    public void SaveStr(string key, string text)
    {
        RunKey.Validate(key);
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes;
        try
        {
            bytes = Utf8NoBom.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"The text for {RunKey.Quote(key)} holds an unpaired UTF-16 surrogate at index {e.Index} and cannot be written as UTF-8.", nameof(text), e);
        }
        AtomicFile.WriteAllBytes(FilePath(key + ".txt"), bytes, Options.FlushToDisk);
    }

    /// <summary>Loads text saved with <see cref="SaveStr"/> (PymoNNto's load_str).</summary>
    /// <exception cref="FileNotFoundException">The run has no text named <paramref name="key"/>.</exception>
    /// <exception cref="InvalidDataException">key.txt is not UTF-8 (the message names line and byte), or not a regular file.</exception>
    public string LoadStr(string key)
    {
        RunKey.Validate(key);
        string path = FilePath(key + ".txt");
        try
        {
            return RegularFile.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"Run '{Path}' has no text {RunKey.Quote(key)} (no file {key}.txt). Save it with SaveStr first.", path, e);
        }
    }
}
