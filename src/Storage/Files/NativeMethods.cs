using System.Runtime.InteropServices;

namespace StorageTyped.Files;

/// <summary>
/// The few POSIX calls .NET has no managed form for: mkdir that reports EEXIST (Directory.CreateDirectory
/// succeeds silently on an existing folder, which would let two runs share one), and a blocking flock on a
/// descriptor that .NET's FileStream has not already locked with its own LOCK_SH|LOCK_NB.
/// </summary>
internal static partial class NativeMethods
{
    internal const int EEXIST = 17;
    internal const int EINTR = 4;
    internal const int LOCK_EX = 2;
    internal const int LOCK_UN = 8;
    internal const int O_RDONLY = 0;
    internal const int O_RDWR = 2;
    internal const int EBADF = 9;
    internal const int EINVAL = 22;
    internal const int ENOLCK = 37;
    internal const int EOPNOTSUPP = 95;

    internal const int O_WRONLY = 1;
    internal const int EPERM = 1;
    internal const int AT_SYMLINK_FOLLOW = 0x400;

    internal static int O_CREAT => OperatingSystem.IsLinux() ? 0x40 : 0x200;
    internal static int O_CLOEXEC => OperatingSystem.IsLinux() ? 0x80000 : 0x1000000;

    /// <summary>O_DIRECTORY: 0x10000 on Linux x86 and most others, 0x4000 on Linux arm and arm64 (where 0x10000 is O_DIRECT).</summary>
    internal static readonly int O_DIRECTORY = !OperatingSystem.IsLinux() ? 0x100000
        : RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>O_TMPFILE (Linux 3.11+): an unnamed file in the given folder; includes O_DIRECTORY as the kernel defines it.</summary>
    internal static int O_TMPFILE => 0x400000 | O_DIRECTORY;

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mkdir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LinkAt(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);

    internal const int ENOENT = 2;
    internal const int ENOSYS = 38;
    internal const int AT_FDCWD = -100;
    internal const uint RENAME_EXCHANGE = 2;

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Rename(string oldPath, string newPath);

    [LibraryImport("kernel32.dll", EntryPoint = "CreateDirectoryW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool CreateDirectoryW(string path, IntPtr securityAttributes);

    internal const int ERROR_ALREADY_EXISTS = 183;

    /// <summary>realpath(3) with a NULL buffer: the result is malloc'ed; give it back with <see cref="Free"/>.</summary>
    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    internal static partial void Free(nint pointer);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    internal static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mincore")]
    internal static unsafe partial int Mincore(nint address, nuint length, byte* residency);
}
