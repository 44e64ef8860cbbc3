using StorageTyped.Files;

namespace StorageTyped.Parameters;

/// <summary>
/// Reads and updates a run's config.ini. Updates are read-modify-write under a lock shared by threads and
/// processes (so concurrent SaveParam calls lose nothing) and end in an atomic replace of the file.
/// </summary>
internal static class ConfigFile
{
    /// <summary>The name of the parameter file in every run folder.</summary>
    public const string FileName = "config.ini";

    /// <summary>The default INI section for parameters, as in PymoNNto.</summary>
    public const string DefaultSection = "Parameters";

    /// <summary>The path of config.ini in <paramref name="runFolder"/>.</summary>
    public static string PathIn(string runFolder) => Path.Combine(runFolder, FileName);

    /// <summary>The document in <paramref name="runFolder"/>; empty when the run has no config.ini yet.</summary>
    /// <exception cref="InvalidDataException">
    /// config.ini is not in configparser's format or not UTF-8 (the message names file and line), or is not a regular
    /// file. An update then fails too, so bytes that cannot be read are never rewritten.
    /// </exception>
    public static IniDocument Read(string runFolder) => Read(runFolder, likelyMissing: false, out _);

    private static IniDocument Read(string runFolder, bool likelyMissing, out bool missing)
    {
        string path = PathIn(runFolder);
        byte[] bytes;
        missing = true;
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
        missing = false;
        return IniReader.Parse(RegularFile.DecodeUtf8(bytes, path), path);
    }

    /// <summary>Applies <paramref name="change"/> to the current document and writes it back atomically, under the run's lock.</summary>
    /// <param name="runFolder">The run folder.</param>
    /// <param name="change">Applied to the current content (again, to the content found, if a file appeared meanwhile).</param>
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
            string path = PathIn(runFolder);
            var document = Read(runFolder, likelyMissing: newRun, out bool missing);
            change(document);
            // A file that was missing is created without replacing anything: a new run's lock-free first write
            // (TryCreate) may have made it meanwhile, and its content must not be lost; then apply the change to it.
            if (missing && ExclusiveFile.TryCreate(path, IniWriter.ToBytes(document), flushToDisk)) return;
            if (missing)
            {
                document = Read(runFolder, likelyMissing: false, out _);
                change(document);
            }
            AtomicFile.WriteAllBytes(path, IniWriter.ToBytes(document), flushToDisk, callerHoldsLock: true);
        }
    }

    /// <summary>
    /// Writes the first config.ini of a run just created, in one step and without the lock: it appears complete or
    /// not at all. False, with nothing written, when the run already has a config.ini (then use <see cref="Update"/>).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The run folder does not exist.</exception>
    public static bool TryCreate(string runFolder, IniDocument document, bool flushToDisk) =>
        ExclusiveFile.TryCreate(PathIn(runFolder), IniWriter.ToBytes(document), flushToDisk);

    /// <summary>The run's creation time (parameter <c>time</c>, Unix seconds), or null when unreadable.</summary>
    public static double? TryReadCreationTime(string runFolder)
    {
        try
        {
            string? text = Read(runFolder).Get(DefaultSection, "time");
            return text is not null && PythonLiteral.TryNumber(text, out var number) ? PythonLiteral.ToDouble(number) : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
