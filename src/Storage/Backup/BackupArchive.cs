using System.IO.Compression;

namespace StorageTyped.Backup;

/// <summary>Writes files of a folder into a zip archive (entries named by their relative paths, '/' separated).</summary>
internal static class BackupArchive
{
    private static readonly DateTimeOffset EarliestZipTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="zipPath"/> atomically with the given files of <paramref name="baseFolder"/>.</summary>
    /// <exception cref="IOException">A file could not be read; no zip is written.</exception>
    public static void Write(string zipPath, string baseFolder, IReadOnlyList<string> relativeFiles, bool flushToDisk)
    {
        AtomicFile.Write(zipPath, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (string relative in relativeFiles)
            {
                string path = Path.Combine(baseFolder, relative);
                FileStream source;
                try
                {
                    source = File.OpenRead(path);
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
                {
                    continue; // deleted since it was listed: it is no longer part of the project
                }
                using (source)
                {
                    ZipArchiveEntry entry = archive.CreateEntry(relative, CompressionLevel.Optimal);
                    DateTimeOffset modified = File.GetLastWriteTimeUtc(path);
                    entry.LastWriteTime = modified < EarliestZipTime ? EarliestZipTime : modified;
                    using Stream target = entry.Open();
                    source.CopyTo(target);
                }
            }
        }, flushToDisk);
    }
}
