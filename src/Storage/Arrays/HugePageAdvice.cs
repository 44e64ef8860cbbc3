namespace StorageTyped.Arrays;

/// <summary>
/// Asks Linux to back a large, not yet touched destination buffer with 2 MiB pages (madvise MADV_HUGEPAGE), as
/// numpy does for arrays of 4 MiB and more. Reading a file into fresh memory faults in every page; measured here,
/// touching 100 MiB of fresh memory took ~1 s with 4 KiB pages and ~15–70 ms with huge pages. Advice only: errors
/// are ignored, and other systems skip it.
/// </summary>
internal static class HugePageAdvice
{
    /// <summary>numpy's threshold: buffers of at least 4 MiB.</summary>
    public const long Threshold = 4 << 20;

    private const int PageSize = 4096;

    /// <summary>Advises huge pages for the whole pages inside [address, address + length) when length reaches the threshold.</summary>
    public static unsafe void Advise(void* address, long length)
    {
        if (length < Threshold || !OperatingSystem.IsLinux()) return;
        nint start = ((nint)address + PageSize - 1) & ~(nint)(PageSize - 1);
        nint end = ((nint)address + (nint)length) & ~(nint)(PageSize - 1);
        if (end > start) NativeMethods.Madvise(start, (nuint)(end - start), NativeMethods.MADV_HUGEPAGE);
    }
}
