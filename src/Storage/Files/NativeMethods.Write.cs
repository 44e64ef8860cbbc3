namespace StorageTyped.Files;

/// <summary>
/// The open flags for creating a small file exclusively and appending to it in three calls (open, write, close): what
/// a sweep's claim needs per point. FileStream adds an fstat, an fstatfs, a seek and flock calls for its FileShare
/// emulation, twice the calls of the work itself.
/// </summary>
internal static partial class NativeMethods
{
    internal static int O_EXCL => OperatingSystem.IsLinux() ? 0x80 : 0x800;

    internal static int O_APPEND => OperatingSystem.IsLinux() ? 0x400 : 0x8;
}
