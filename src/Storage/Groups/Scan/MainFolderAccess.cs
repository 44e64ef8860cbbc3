using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using StorageTyped.Files;
using StorageTyped.Groups.Index;

namespace StorageTyped.Groups.Scan;

/// <summary>
/// Stats and reads the config.ini files of one main folder. On Linux every call is relative to one open descriptor
/// of the main folder (statx and openat: no path walk from the root, no managed FileInfo per file), which the index
/// check of 100,000 runs spends most of its time in; elsewhere it falls back to managed file calls. Thread-safe.
/// </summary>
internal sealed unsafe class MainFolderAccess : IDisposable
{
    private const string ConfigSuffix = "/" + ConfigFile.FileName;
    private const uint StatMask = NativeMethods.STATX_TYPE | NativeMethods.STATX_INO | NativeMethods.STATX_SIZE | NativeMethods.STATX_MTIME | NativeMethods.STATX_CTIME;
    private static bool s_nativeUnavailable = !OperatingSystem.IsLinux();

    private readonly string _mainFolder;
    private int _descriptor = -1;

    private MainFolderAccess(string mainFolder, int descriptor)
    {
        _mainFolder = mainFolder;
        _descriptor = descriptor;
    }

    /// <summary>Opens the main folder; null when it does not exist.</summary>
    public static MainFolderAccess? Open(string mainFolder)
    {
        if (!Volatile.Read(ref s_nativeUnavailable))
        {
            try
            {
                int fd;
                do fd = NativeMethods.Open(mainFolder, NativeMethods.O_RDONLY | NativeMethods.O_DIRECTORY | NativeMethods.O_CLOEXEC, 0);
                while (fd < 0 && Marshal.GetLastPInvokeError() == NativeMethods.EINTR);
                if (fd >= 0) return new MainFolderAccess(mainFolder, fd);
                int errno = Marshal.GetLastPInvokeError();
                if (errno is NativeMethods.ENOENT or NativeMethods.ENOTDIR) return null;
                throw new IOException($"Could not open the main folder '{mainFolder}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                Volatile.Write(ref s_nativeUnavailable, true);
            }
        }
        return Directory.Exists(mainFolder) ? new MainFolderAccess(mainFolder, -1) : null;
    }

    /// <summary>The main folder's own stat (added or removed runs change its modification time).</summary>
    public ConfigStat StatSelf()
    {
        if (_descriptor < 0)
        {
            var info = new DirectoryInfo(_mainFolder);
            return info.Exists ? new ConfigStat(0, 0, ToUnixNs(info.LastWriteTimeUtc), 0) : ConfigStat.Missing;
        }
        byte* result = stackalloc byte[NativeMethods.StatxSize];
        byte empty = 0;
        if (NativeMethods.Statx(_descriptor, &empty, NativeMethods.AT_EMPTY_PATH, StatMask, result) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Could not stat the main folder '{_mainFolder}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
        return FromStatx(result, isConfig: false);
    }

    /// <summary>The stat of a run's config.ini; <see cref="ConfigStat.Missing"/> when there is none.</summary>
    public ConfigStat StatConfig(string runName)
    {
        if (_descriptor < 0) return ManagedStat(ConfigPath(runName));
        byte* path = stackalloc byte[PathBufferSize(runName)];
        WriteConfigPath(runName, path);
        byte* result = stackalloc byte[NativeMethods.StatxSize];
        while (NativeMethods.Statx(_descriptor, path, 0, StatMask, result) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.EINTR) continue;
            if (errno is NativeMethods.ENOENT or NativeMethods.ENOTDIR) return ConfigStat.Missing;
            throw new IOException($"Could not stat '{ConfigPath(runName)}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
        return FromStatx(result, isConfig: true);
    }

    /// <summary>
    /// Reads a run's config.ini into <paramref name="buffer"/> (grown when needed); returns the stat of the file
    /// read, taken from the open file, or <see cref="ConfigStat.Missing"/> (length 0) when there is none. The file is
    /// opened without blocking and read only when it is a regular file, up to the size the open file reports.
    /// </summary>
    /// <exception cref="InvalidDataException">config.ini is a pipe, a device or a socket (or a link to one).</exception>
    public ConfigStat ReadConfig(string runName, ref byte[] buffer, out int length)
    {
        length = 0;
        if (_descriptor < 0) return ManagedRead(ConfigPath(runName), ref buffer, out length);
        byte* path = stackalloc byte[PathBufferSize(runName)];
        WriteConfigPath(runName, path);
        int fd;
        while ((fd = NativeMethods.OpenAt(_descriptor, path, NativeMethods.O_RDONLY | NativeMethods.O_CLOEXEC | NativeMethods.O_NONBLOCK | NativeMethods.O_NOCTTY, 0)) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.EINTR) continue;
            if (errno is NativeMethods.ENOENT or NativeMethods.ENOTDIR) return ConfigStat.Missing;
            throw new IOException($"Could not open '{ConfigPath(runName)}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
        try
        {
            byte* result = stackalloc byte[NativeMethods.StatxSize];
            byte empty = 0;
            if (NativeMethods.Statx(fd, &empty, NativeMethods.AT_EMPTY_PATH, StatMask, result) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"Could not stat '{ConfigPath(runName)}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
            ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(result + 28, 2));
            if ((mode & 0xF000) is not (0x8000 or 0x4000))
                throw RegularFile.NotRegular(ConfigPath(runName), RegularFile.KindOfMode(mode));
            ConfigStat stat = FromStatx(result, isConfig: true);
            if (stat.IsMissing) return stat; // a folder
            if (stat.Size > Array.MaxLength - 64) throw new InvalidDataException($"'{ConfigPath(runName)}' holds {stat.Size:N0} bytes, more than a config.ini can.");
            if (stat.Size > buffer.Length) buffer = new byte[stat.Size];
            while (length < stat.Size) // what grows while it is read is left for the next look
            {
                nint read;
                fixed (byte* target = &buffer[length])
                    read = NativeMethods.Read(fd, target, (nint)stat.Size - length);
                if (read < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == NativeMethods.EINTR) continue;
                    if (errno == NativeMethods.EISDIR) return ConfigStat.Missing;
                    throw new IOException($"Could not read '{ConfigPath(runName)}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
                }
                if (read == 0) return stat; // shrank meanwhile
                length += (int)read;
            }
            return stat;
        }
        finally
        {
            NativeMethods.Close(fd);
        }
    }

    /// <summary>The full path of a run's config.ini (for messages).</summary>
    public string ConfigPath(string runName) => Path.Combine(_mainFolder, runName, ConfigFile.FileName);

    /// <summary>Closes the descriptor.</summary>
    public void Dispose()
    {
        if (_descriptor >= 0) NativeMethods.Close(_descriptor);
        _descriptor = -1;
    }

    private static int PathBufferSize(string runName) => Encoding.UTF8.GetMaxByteCount(runName.Length) + ConfigSuffix.Length + 1;

    private static void WriteConfigPath(string runName, byte* path)
    {
        var target = new Span<byte>(path, PathBufferSize(runName));
        int written = Encoding.UTF8.GetBytes(runName, target);
        written += Encoding.ASCII.GetBytes(ConfigSuffix, target[written..]);
        target[written] = 0;
    }

    private static ConfigStat FromStatx(byte* result, bool isConfig)
    {
        var span = new ReadOnlySpan<byte>(result, NativeMethods.StatxSize);
        ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
        if (isConfig && (mode & 0xF000) == 0x4000) return ConfigStat.Missing; // config.ini is a folder: no parameters
        long inode = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[32..]);
        long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[40..]);
        return new ConfigStat(inode, size, Timestamp(span[112..]), Timestamp(span[96..]));

        static long Timestamp(ReadOnlySpan<byte> t) =>
            BinaryPrimitives.ReadInt64LittleEndian(t) * 1_000_000_000 + BinaryPrimitives.ReadUInt32LittleEndian(t[8..]);
    }

    private static ConfigStat ManagedStat(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new ConfigStat(0, info.Length, ToUnixNs(info.LastWriteTimeUtc), 0) : ConfigStat.Missing;
    }

    private static ConfigStat ManagedRead(string path, ref byte[] buffer, out int length)
    {
        length = 0;
        try
        {
            ConfigStat stat = ManagedStat(path);
            if (stat.IsMissing) return stat;
            byte[] content = RegularFile.ReadAllBytes(path);
            if (content.Length > buffer.Length) buffer = new byte[content.Length];
            content.CopyTo(buffer, 0);
            length = content.Length;
            return stat;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ConfigStat.Missing;
        }
    }

    private static long ToUnixNs(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks * 100;
}
