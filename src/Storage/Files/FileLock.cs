using System.Runtime.InteropServices;

namespace StorageTyped.Files;

/// <summary>
/// An exclusive lock on a folder, shared by threads and processes. On Linux and macOS it is flock(2) on the folder
/// itself, which costs no file; where a folder cannot be flocked (NFS maps flock onto POSIX locks, which need a
/// writable descriptor) it falls back to a hidden lock file in the folder. The kernel releases the lock when its
/// holder dies, so a killed process never leaves a run locked.
/// </summary>
internal sealed class FileLock : IDisposable
{
    /// <summary>The fallback lock file's name (hidden; it stays, empty).</summary>
    public const string FallbackFileName = ".lock";

    private int _descriptor = -1;
    private FileStream? _windowsStream;

    private FileLock() { }

    /// <summary>Blocks until the lock on <paramref name="folder"/> is held.</summary>
    public static FileLock AcquireFolder(string folder)
    {
        var held = new FileLock();
        if (OperatingSystem.IsWindows())
        {
            held._windowsStream = AcquireWindows(Path.Combine(folder, FallbackFileName));
            return held;
        }

        int fd = OpenOrThrow(folder, NativeMethods.O_RDONLY | NativeMethods.O_DIRECTORY | NativeMethods.O_CLOEXEC, 0);
        int errno = LockOrError(fd);
        if (errno == 0)
        {
            held._descriptor = fd;
            return held;
        }
        NativeMethods.Close(fd);
        if (errno is not (NativeMethods.EBADF or NativeMethods.EINVAL or NativeMethods.ENOLCK or NativeMethods.EOPNOTSUPP))
            throw new IOException($"Could not lock the folder '{folder}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

        string lockFile = Path.Combine(folder, FallbackFileName);
        fd = OpenOrThrow(lockFile, NativeMethods.O_RDWR | NativeMethods.O_CREAT | NativeMethods.O_CLOEXEC, Convert.ToUInt32("666", 8));
        errno = LockOrError(fd);
        if (errno != 0)
        {
            NativeMethods.Close(fd);
            throw new IOException($"Could not lock '{lockFile}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
        held._descriptor = fd;
        return held;
    }

    private static int OpenOrThrow(string path, int flags, uint mode)
    {
        while (true)
        {
            int fd = NativeMethods.Open(path, flags, mode);
            if (fd >= 0) return fd;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.EINTR) continue;
            string message = $"Could not open '{path}' to lock it: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).";
            throw errno == 2 ? new DirectoryNotFoundException(message) : new IOException(message);
        }
    }

    private static int LockOrError(int fd)
    {
        while (NativeMethods.Flock(fd, NativeMethods.LOCK_EX) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != NativeMethods.EINTR) return errno;
        }
        return 0;
    }

    private static FileStream AcquireWindows(string lockFilePath)
    {
        // Windows has mandatory share modes: an exclusive open is the lock; retry with a short back-off.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(lockFilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 10_000)
            {
                Thread.Sleep(Math.Min(1 + attempt / 10, 20));
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        if (_descriptor >= 0)
        {
            // Closing the descriptor releases the flock.
            NativeMethods.Close(_descriptor);
            _descriptor = -1;
        }
        _windowsStream?.Dispose();
        _windowsStream = null;
    }
}
