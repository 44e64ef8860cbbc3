using StorageTyped.Files;

namespace StorageTyped.Parameters;

/// <summary>
/// Reads and updates a run's config.ini. Updates are read-modify-write under a lock shared by threads and
/// processes (so concurrent SaveParam calls lose nothing) and end in an atomic replace of the file.
/// </summary>
internal static class ConfigFile
{
    /// <summary>The path of config.ini in <paramref name="runFolder"/>.</summary>
    public static string PathIn(string runFolder) => Path.Combine(runFolder, StorageManager.ConfigFileName);

    /// <summary>The document in <paramref name="runFolder"/>; empty when the run has no config.ini yet.</summary>
    /// <exception cref="InvalidDataException">
    /// config.ini is not in configparser's format or not UTF-8 (the message names file and line), or is not a regular
    /// file. An update then fails too, so bytes that cannot be read are never rewritten.
    /// </exception>
    public static IniDocument Read(string runFolder) => Read(runFolder, likelyMissing: false);

    private static IniDocument Read(string runFolder, bool likelyMissing)
    {
        string path = PathIn(runFolder);
        byte[] bytes;
        try
        {
            // A stat is much cheaper than a thrown FileNotFoundException where the file usually does not exist yet.
            if (likelyMissing && !File.Exists(path)) return new IniDocument();
            bytes = RegularFile.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return new IniDocument();
        }
        catch (DirectoryNotFoundException)
        {
            return new IniDocument();
        }
        return IniReader.Parse(RegularFile.DecodeUtf8(bytes, path), path);
    }

    /// <summary>Applies <paramref name="change"/> to the current document and writes it back atomically, under the run's lock.</summary>
    /// <param name="runFolder">The run folder.</param>
    /// <param name="change">Applied to the current content.</param>
    /// <param name="flushToDisk">fsync before replacing.</param>
    /// <param name="newRun">True for the first write of a run just created, whose config.ini most likely does not exist.</param>
    public static void Update(string runFolder, Action<IniDocument> change, bool flushToDisk, bool newRun = false)
    {
        FileLock held;
        try
        {
            held = FileLock.AcquireFolder(runFolder);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new DirectoryNotFoundException($"The run folder '{runFolder}' does not exist (any more); nothing was written.", e);
        }
        using (held)
        {
            var document = Read(runFolder, likelyMissing: newRun);
            change(document);
            AtomicFile.WriteAllBytes(PathIn(runFolder), IniWriter.ToBytes(document), flushToDisk, callerHoldsLock: true);
        }
    }

    /// <summary>The run's creation time (parameter <c>time</c>, Unix seconds), or null when unreadable.</summary>
    public static double? TryReadCreationTime(string runFolder)
    {
        try
        {
            string? text = Read(runFolder).Get(StorageManager.DefaultSection, "time");
            return text is not null && PythonLiteral.TryNumber(text, out var number) ? PythonLiteral.ToDouble(number) : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
