using System.Runtime.InteropServices;

namespace StorageTyped.Files;

/// <summary>
/// Calls the group index needs to check and read 100,000 config.ini files quickly: statx and openat relative to
/// an open main folder (no path walk from the root for each file, no managed FileInfo per file). statx's result
/// layout is the same on every Linux architecture, unlike struct stat.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_MTIME = 0x40;
    internal const uint STATX_CTIME = 0x80;
    internal const uint STATX_INO = 0x100;
    internal const uint STATX_SIZE = 0x200;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int ENXIO = 6;
    internal const int EACCES = 13;
    internal const int ELOOP = 40;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;

    // Linux's values (RegularFile uses them only on Linux); O_NOCTTY and O_NONBLOCK are the same on every architecture.
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;

    /// <summary>O_NOFOLLOW: 0x20000 on Linux x86 and most others, 0x8000 on Linux arm and arm64.</summary>
    internal static readonly int O_NOFOLLOW =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>The size of struct statx (fixed by the kernel ABI).</summary>
    internal const int StatxSize = 256;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    internal static partial int Statx(int directory, byte* path, int flags, uint mask, byte* result);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    internal static partial int OpenAt(int directory, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nint count);
}
