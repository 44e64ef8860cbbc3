using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace StorageTyped.Files;

/// <summary>
/// The one way the library opens a file it reads: every file in a run folder or project may be hostile. A file is
/// opened without blocking (O_NONBLOCK, so a named pipe opens at once instead of waiting for a writer), anything but
/// a regular file — a pipe, a device such as /dev/zero behind a link, a socket, a folder — is refused with an
/// <see cref="InvalidDataException"/> naming it, and reads stop at the size the open file reports (a file that
/// grows while it is read is read as it was when opened).
/// </summary>
/// <remarks>
/// On Linux the checks are made on the open descriptor (fstat), so nothing can be swapped between the check and the
/// read. Elsewhere .NET's File.OpenHandle is used and the file type is checked from its attributes.
/// </remarks>
internal static unsafe class RegularFile
{
    /// <summary>UTF-8 that throws on bytes that are not UTF-8, as Python's strict decoder does.</summary>
    public static UTF8Encoding StrictUtf8 { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <param name="path">The file.</param>
    /// <param name="followLinks">False to refuse a symbolic link at <paramref name="path"/> instead of opening what it points to.</param>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">A folder on the way does not exist.</exception>
    /// <exception cref="InvalidDataException">It is not a regular file (the message says what it is).</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
    public static SafeFileHandle OpenRead(string path, bool followLinks = true)
    {
        if (!OperatingSystem.IsLinux()) return OpenReadPortable(path, followLinks);
        int flags = NativeMethods.O_RDONLY | NativeMethods.O_CLOEXEC | NativeMethods.O_NONBLOCK | NativeMethods.O_NOCTTY;
        if (!followLinks) flags |= NativeMethods.O_NOFOLLOW;
        int fd;
        while ((fd = NativeMethods.Open(path, flags, 0)) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.EINTR) continue;
            if (errno == NativeMethods.ELOOP && !followLinks) throw NotRegular(path, FileKind.SymbolicLink);
            throw OpenError(path, errno);
        }
        return OwnedIfRegular(fd, path);
    }

    /// <summary>
    /// Opens or creates a regular file for writing in place (small files rewritten in one write, such as a hint), without
    /// blocking: a named pipe with no reader fails at once (ENXIO) instead of waiting, and anything but a regular file is refused.
    /// </summary>
    /// <exception cref="InvalidDataException">It is not a regular file.</exception>
    /// <exception cref="IOException">It cannot be opened.</exception>
    public static SafeFileHandle OpenWrite(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            FileKind existing = KindOfPortable(path);
            if (existing is not (FileKind.Regular or FileKind.Missing)) throw NotRegular(path, existing);
            return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        int flags = NativeMethods.O_WRONLY | NativeMethods.O_CREAT | NativeMethods.O_CLOEXEC | NativeMethods.O_NONBLOCK | NativeMethods.O_NOCTTY;
        int fd;
        while ((fd = NativeMethods.Open(path, flags, Convert.ToUInt32("666", 8))) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.EINTR) continue;
            throw OpenError(path, errno);
        }
        return OwnedIfRegular(fd, path);
    }

    /// <summary>The open descriptor as a handle when it is a regular file; closed and refused otherwise.</summary>
    private static SafeFileHandle OwnedIfRegular(int fd, string path)
    {
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            FileKind kind = KindOfOpen(handle, path);
            if (kind != FileKind.Regular) throw NotRegular(path, kind);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads all of a regular file: at most the size it had when it was opened.</summary>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">It is not a regular file, or too large for one array.</exception>
    public static byte[] ReadAllBytes(string path, bool followLinks = true)
    {
        using SafeFileHandle handle = OpenRead(path, followLinks);
        return ReadAll(handle, path);
    }

    /// <summary>Reads all of an open regular file from its start: at most the size fstat reports now.</summary>
    public static byte[] ReadAll(SafeFileHandle handle, string path)
    {
        long size = RandomAccess.GetLength(handle);
        if (size > Array.MaxLength)
            throw new InvalidDataException($"'{path}' holds {size:N0} bytes, more than one .NET array can; it is not a file the library wrote.");
        var bytes = new byte[size];
        int total = 0;
        while (total < bytes.Length)
        {
            int read = RandomAccess.Read(handle, bytes.AsSpan(total), total);
            if (read == 0) break; // shrank meanwhile: what is there
            total += read;
        }
        return total == bytes.Length ? bytes : bytes[..total];
    }

    /// <summary>Reads a regular file as UTF-8 text, refusing bytes that are not UTF-8.</summary>
    /// <exception cref="InvalidDataException">It is not a regular file, or not UTF-8: the message names the file, line and byte.</exception>
    public static string ReadAllText(string path) => DecodeUtf8(ReadAllBytes(path), path);

    /// <summary>
    /// Decodes UTF-8 as Python's strict decoder does: bytes that are not UTF-8 are an <see cref="InvalidDataException"/>
    /// naming the file, the line and the byte (never U+FFFD, which a later write would store in their place).
    /// </summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, string path)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw NotUtf8(bytes, path, e);
        }
    }

    /// <summary>The exception for bytes that are not UTF-8: it names the file, the line and the byte.</summary>
    public static InvalidDataException NotUtf8(ReadOnlySpan<byte> bytes, string path, DecoderFallbackException e)
    {
        int offset = Math.Clamp(e.Index, 0, bytes.Length);
        int line = bytes[..offset].Count((byte)'\n') + 1;
        string bad = string.Join(" ", (e.BytesUnknown ?? []).Select(b => $"0x{b:X2}"));
        return new InvalidDataException($"'{path}', line {line}: byte {offset:N0} ({bad}) is not UTF-8, as Python's configparser and open() need (UnicodeDecodeError). Fix the file with a text editor; nothing was changed.", e);
    }

    /// <summary>
    /// Opens <paramref name="relativePath"/> ('/'-separated) inside <paramref name="root"/> for reading without following
    /// any symbolic link on the way or at its end: each folder is opened relative to the one before (openat with
    /// O_NOFOLLOW), so nothing outside <paramref name="root"/> is reached even when a folder is swapped for a link
    /// after it was listed. Null when the entry is gone or has become a link.
    /// </summary>
    /// <exception cref="InvalidDataException">It is not a regular file.</exception>
    /// <exception cref="IOException">It cannot be opened.</exception>
    public static SafeFileHandle? OpenBeneath(string root, string relativePath)
    {
        string path = Path.Combine(root, relativePath);
        if (!OperatingSystem.IsLinux())
        {
            for (string? folder = Path.GetDirectoryName(path); folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
                if (KindOfPortable(folder) != FileKind.Directory) return null;
            try { return OpenReadPortable(path, followLinks: false); }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
        }
        int folderFd = NativeMethods.Open(root, NativeMethods.O_RDONLY | NativeMethods.O_DIRECTORY | NativeMethods.O_CLOEXEC, 0);
        if (folderFd < 0) throw OpenError(root, Marshal.GetLastPInvokeError());
        try
        {
            string[] parts = relativePath.Split('/');
            for (int i = 0; i < parts.Length; i++)
            {
                bool last = i == parts.Length - 1;
                int flags = NativeMethods.O_RDONLY | NativeMethods.O_CLOEXEC | NativeMethods.O_NOFOLLOW
                    | (last ? NativeMethods.O_NONBLOCK | NativeMethods.O_NOCTTY : NativeMethods.O_DIRECTORY);
                int fd = OpenAt(folderFd, parts[i], flags);
                if (fd < 0)
                {
                    int errno = -fd;
                    if (errno is NativeMethods.ENOENT or NativeMethods.ENOTDIR or NativeMethods.ELOOP) return null; // gone, or a link now
                    throw OpenError(path, errno);
                }
                NativeMethods.Close(folderFd);
                folderFd = fd;
            }
            var handle = new SafeFileHandle(folderFd, ownsHandle: true);
            folderFd = -1;
            FileKind kind = KindOfOpen(handle, path);
            if (kind == FileKind.Regular) return handle;
            handle.Dispose();
            throw NotRegular(path, kind);
        }
        finally
        {
            if (folderFd >= 0) NativeMethods.Close(folderFd);
        }
    }

    /// <summary>The canonical path: every symbolic link resolved (realpath(3)); the full path where that fails.</summary>
    public static string RealPath(string path)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (OperatingSystem.IsWindows()) return full;
        nint resolved = NativeMethods.RealPath(full, 0);
        if (resolved == 0) return full;
        try { return Marshal.PtrToStringUTF8(resolved) ?? full; }
        finally { NativeMethods.Free(resolved); }
    }

    private static int OpenAt(int folder, string name, int flags)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* pointer = bytes)
        {
            while (true)
            {
                int fd = NativeMethods.OpenAt(folder, pointer, flags, 0);
                if (fd >= 0) return fd;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != NativeMethods.EINTR) return -errno;
            }
        }
    }

    /// <summary>What is at <paramref name="path"/>, links not followed (lstat).</summary>
    /// <exception cref="IOException">The entry could not be examined (no permission on a folder on the way …).</exception>
    public static FileKind KindOf(string path)
    {
        if (!OperatingSystem.IsLinux()) return KindOfPortable(path);
        byte* result = stackalloc byte[NativeMethods.StatxSize];
        byte[] name = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* namePointer = name)
        {
            while (NativeMethods.Statx(NativeMethods.AT_FDCWD, namePointer, NativeMethods.AT_SYMLINK_NOFOLLOW, NativeMethods.STATX_TYPE, result) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == NativeMethods.EINTR) continue;
                if (errno is NativeMethods.ENOENT or NativeMethods.ENOTDIR) return FileKind.Missing;
                throw new IOException($"Could not examine '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
        }
        return KindOfMode(BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(result + 28, 2)));
    }

    /// <summary>How a message names a kind of entry.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Missing => "missing",
        _ => "a regular file",
    };

    /// <summary>The exception for an entry that is not a regular file.</summary>
    public static InvalidDataException NotRegular(string path, FileKind kind) =>
        new($"'{path}' is {Describe(kind)}, not a regular file; the library reads only regular files (a pipe or device could block or never end). Replace it with a file, or remove it.");

    private static FileKind KindOfOpen(SafeFileHandle handle, string path)
    {
        byte* result = stackalloc byte[NativeMethods.StatxSize];
        byte empty = 0;
        if (NativeMethods.Statx((int)handle.DangerousGetHandle(), &empty, NativeMethods.AT_EMPTY_PATH, NativeMethods.STATX_TYPE, result) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Could not examine '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
        return KindOfMode(BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(result + 28, 2)));
    }

    /// <summary>The kind an st_mode (stx_mode) names.</summary>
    public static FileKind KindOfMode(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        _ => FileKind.Missing,
    };

    private static Exception OpenError(string path, int errno)
    {
        string reason = $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        return errno switch
        {
            NativeMethods.ENOENT => new FileNotFoundException($"Could not find file '{path}'.", path),
            NativeMethods.ENOTDIR => new DirectoryNotFoundException($"Could not find a part of the path '{path}'."),
            NativeMethods.EACCES or NativeMethods.EPERM => new UnauthorizedAccessException($"Access to the path '{path}' is denied: {reason}."),
            _ => new IOException($"Could not open '{path}': {reason}."),
        };
    }

    private static SafeFileHandle OpenReadPortable(string path, bool followLinks)
    {
        FileKind kind = KindOfPortable(path);
        if (kind == FileKind.SymbolicLink && followLinks)
            kind = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } target ? KindOfPortable(target.FullName) : FileKind.Missing;
        if (kind is not (FileKind.Regular or FileKind.Missing)) throw NotRegular(path, kind);
        return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
    }

    private static FileKind KindOfPortable(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return FileKind.SymbolicLink;
        if (Directory.Exists(path)) return FileKind.Directory;
        return info.Exists ? FileKind.Regular : FileKind.Missing;
    }
}
