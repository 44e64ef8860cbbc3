using System.Runtime.InteropServices;

namespace StorageTyped.Sweeps;

/// <summary>
/// The two writes of a claim file, in as few system calls as the file system needs: an exclusive create with the
/// first lines (open with O_CREAT|O_EXCL, one write), and an append by its owner (open with O_APPEND, one write).
/// Claims are a few hundred bytes, so one write() puts them down whole.
/// </summary>
internal static class ClaimFile
{
    /// <summary>Creates <paramref name="path"/> holding <paramref name="content"/>; false when a file or folder of that name exists.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="IOException">Any other failure.</exception>
    public static bool TryCreate(string path, ReadOnlySpan<byte> content)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
                stream.Write(content);
                return true;
            }
            catch (IOException) when (File.Exists(path) || Directory.Exists(path))
            {
                return false;
            }
        }
        int fd = Open(path, NativeMethods.O_WRONLY | NativeMethods.O_CREAT | NativeMethods.O_EXCL | NativeMethods.O_CLOEXEC, out int errno);
        if (fd < 0)
        {
            if (errno == NativeMethods.EEXIST) return false;
            throw Failure(path, errno, "create");
        }
        WriteAndClose(fd, path, content);
        return true;
    }

    /// <summary>Appends <paramref name="content"/> to an existing file (its owner is the only writer).</summary>
    public static void Append(string path, ReadOnlySpan<byte> content)
    {
        if (OperatingSystem.IsWindows())
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            stream.Write(content);
            return;
        }
        int fd = Open(path, NativeMethods.O_WRONLY | NativeMethods.O_APPEND | NativeMethods.O_CLOEXEC, out int errno);
        if (fd < 0) throw Failure(path, errno, "append to");
        WriteAndClose(fd, path, content);
    }

    private static int Open(string path, int flags, out int errno)
    {
        while (true)
        {
            int fd = NativeMethods.Open(path, flags, Convert.ToUInt32("644", 8));
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (fd >= 0 || errno != NativeMethods.EINTR) return fd;
        }
    }

    private static unsafe void WriteAndClose(int fd, string path, ReadOnlySpan<byte> content)
    {
        try
        {
            fixed (byte* start = content)
            {
                int done = 0;
                while (done < content.Length)
                {
                    nint written = NativeMethods.Write(fd, start + done, content.Length - done);
                    if (written < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno == NativeMethods.EINTR) continue;
                        throw Failure(path, errno, "write");
                    }
                    done += (int)written;
                }
            }
        }
        finally
        {
            NativeMethods.Close(fd);
        }
    }

    private static IOException Failure(string path, int errno, string what)
    {
        string message = $"Could not {what} the claim file '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).";
        return errno == NativeMethods.ENOENT ? new DirectoryNotFoundException(message) : new IOException(message);
    }
}
