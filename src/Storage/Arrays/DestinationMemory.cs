namespace StorageTyped.Arrays;

/// <summary>
/// Prepares fresh memory that a large array is about to be read into, on Linux: its pages are faulted in by one
/// madvise call (MADV_POPULATE_WRITE) instead of one fault each during the read. Memory that is already resident
/// (reused by the allocator) is left alone. Advice only: errors are ignored, older kernels and other systems skip
/// it. No huge-page advice (MADV_HUGEPAGE) is given: measured here, it never paid for a load (see remarks).
/// </summary>
/// <remarks>
/// Measured on the development machine (a Firecracker VM, kernel 6.18, THP madvise, free page reporting of 2 MiB
/// blocks to the host), 2026-12-07, thread CPU time of one read of a cached file into fresh anonymous memory
/// (bench/README.md, "where the time goes"): per 4 KiB fault during the read, 100 MiB took 70–96 ms and 1 GiB
/// 833–962 ms; after MADV_POPULATE_WRITE 62–78 ms and 680–754 ms; with MADV_HUGEPAGE added, 30–45 ms for 100 MiB
/// when the host still backed recently freed 2 MiB blocks, but 2.5–4 s of CPU (5–9 s wall) for 1 GiB when it did
/// not: the guest reports free 2 MiB blocks to the host, which drops them, so a huge page is usually memory the
/// host must fault in and zero again, while 4 KiB pages come from the guest's warm small free blocks. Into reused
/// (resident) memory a read took the same CPU time with or without huge pages (18–20 ms for 100 MiB). The advice
/// would pay only later, for random access to the array (about 25–40 % here), which a load cannot know about.
/// </remarks>
internal static class DestinationMemory
{
    /// <summary>Smaller buffers are left alone: they come from memory the allocator has just used.</summary>
    public const long PopulateThreshold = 256 << 10;

    private const int PageSize = 4096;
    private const int MADV_POPULATE_WRITE = 23;

    private static bool s_unsupported = !OperatingSystem.IsLinux();

    /// <summary>Prepares [address, address + length) for being overwritten completely.</summary>
    public static unsafe void Prepare(void* address, long length)
    {
        if (length < PopulateThreshold || Volatile.Read(ref s_unsupported)) return;
        nint start = ((nint)address + PageSize - 1) & ~(nint)(PageSize - 1);
        nint end = ((nint)address + (nint)length) & ~(nint)(PageSize - 1);
        if (end <= start || (IsResident(start) && IsResident(end - PageSize))) return;
        if (NativeMethods.Madvise(start, (nuint)(end - start), MADV_POPULATE_WRITE) != 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == NativeMethods.EINVAL)
            Volatile.Write(ref s_unsupported, true); // kernel older than 5.14
    }

    private static unsafe bool IsResident(nint page)
    {
        byte resident = 0;
        return NativeMethods.Mincore(page, PageSize, &resident) == 0 && (resident & 1) != 0;
    }
}
