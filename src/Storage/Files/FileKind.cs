namespace StorageTyped.Files;

/// <summary>What a directory entry is, as lstat(2) or fstat(2) tells (the S_IFMT bits of st_mode).</summary>
internal enum FileKind
{
    /// <summary>Nothing is there.</summary>
    Missing,

    /// <summary>A regular file: the only kind the library reads.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (only when links are not followed).</summary>
    SymbolicLink,

    /// <summary>A named pipe: opening it for reading waits for a writer, reading it waits for data.</summary>
    Fifo,

    /// <summary>A character device such as /dev/zero, which never ends.</summary>
    CharacterDevice,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}
