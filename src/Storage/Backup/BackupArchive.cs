using System.IO.Compression;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace StorageTyped.Backup;

/// <summary>
/// Writes entries of a folder into a zip archive (named by their relative paths, '/' separated): regular files with
/// their content, symbolic links as links, as <c>zip -y</c> stores them (the Unix mode of a link and its target as
/// the content), so that nothing outside the folder is ever read through a link and unzip restores the link.
/// </summary>
internal static class BackupArchive
{
    private static readonly DateTimeOffset EarliestZipTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>S_IFLNK | 0777 in the upper half of the external attributes: a symbolic link to unzip and Python's zipfile.</summary>
    private const int LinkAttributes = unchecked((int)(0xA1FFu << 16));

    /// <summary>Writes <paramref name="zipPath"/> atomically with the given entries of <paramref name="baseFolder"/>.</summary>
    /// <param name="zipPath">The archive.</param>
    /// <param name="baseFolder">The folder the entries are relative to (its real path: no link in it).</param>
    /// <param name="entries">Files and links, as <see cref="ProjectFiles.List"/> found them.</param>
    /// <param name="flushToDisk">fsync before the archive replaces the old one.</param>
    /// <param name="skipped">Receives the entries left out because they were no longer regular files when read.</param>
    /// <exception cref="IOException">A file could not be read; no zip is written.</exception>
    public static void Write(string zipPath, string baseFolder, IReadOnlyList<ProjectEntry> entries, bool flushToDisk, List<string> skipped)
    {
        AtomicFile.Write(zipPath, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (ProjectEntry item in entries)
            {
                if (item.LinkTarget is { } target)
                {
                    ZipArchiveEntry link = archive.CreateEntry(item.RelativePath, CompressionLevel.NoCompression);
                    link.ExternalAttributes = LinkAttributes;
                    using Stream linkContent = link.Open();
                    linkContent.Write(Encoding.UTF8.GetBytes(target));
                    continue;
                }
                SafeFileHandle? source;
                try
                {
                    source = RegularFile.OpenBeneath(baseFolder, item.RelativePath);
                }
                catch (InvalidDataException e)
                {
                    skipped.Add($"{item.RelativePath}: {e.Message}");
                    continue;
                }
                if (source is null) continue; // deleted, or replaced by a link, since it was listed
                using (source)
                {
                    ZipArchiveEntry entry = archive.CreateEntry(item.RelativePath, CompressionLevel.Optimal);
                    DateTimeOffset modified = File.GetLastWriteTimeUtc(Path.Combine(baseFolder, item.RelativePath));
                    entry.LastWriteTime = modified < EarliestZipTime ? EarliestZipTime : modified;
                    using Stream content = entry.Open();
                    CopyBounded(source, content);
                }
            }
        }, flushToDisk);
    }

    /// <summary>Copies a regular file: at most the size it had when it was opened, so a file that grows is not followed forever.</summary>
    public static void CopyBounded(SafeFileHandle source, Stream target)
    {
        long length = RandomAccess.GetLength(source);
        byte[] buffer = new byte[(int)Math.Clamp(length, 1, 1 << 20)];
        for (long offset = 0; offset < length;)
        {
            int read = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
            if (read == 0) break; // shrank meanwhile
            target.Write(buffer, 0, read);
            offset += read;
        }
    }
}
