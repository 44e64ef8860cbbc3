using System.Runtime.InteropServices;

namespace StorageTyped.Files;

/// <summary>
/// Creates a folder only if no folder or file of that name exists, atomically: the one primitive run creation
/// relies on. mkdir(2) is atomic on local file systems and on NFS (the server decides), so any number of threads,
/// processes and hosts racing for one name get exactly one winner.
/// </summary>
internal static class ExclusiveDirectory
{
    /// <summary>Creates <paramref name="path"/>; false when it already exists.</summary>
    /// <exception cref="DirectoryNotFoundException">The parent folder does not exist (Unix).</exception>
    public static bool TryCreate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            if (NativeMethods.CreateDirectoryW(path, IntPtr.Zero))
                return true;
            int winError = Marshal.GetLastPInvokeError();
            if (winError == NativeMethods.ERROR_ALREADY_EXISTS)
                return false;
            if (winError == 3) // ERROR_PATH_NOT_FOUND
                throw new DirectoryNotFoundException($"Could not create the folder '{path}': its parent folder does not exist.");
            throw new IOException($"Could not create the folder '{path}' (Windows error {winError}).");
        }

        while (true)
        {
            if (NativeMethods.Mkdir(path, Convert.ToUInt32("777", 8)) == 0)
                return true;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.EEXIST)
                return false;
            if (errno == NativeMethods.EINTR)
                continue;
            if (errno == NativeMethods.ENOENT)
                throw new DirectoryNotFoundException($"Could not create the folder '{path}': its parent folder does not exist.");
            throw new IOException($"Could not create the folder '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
    }
}
