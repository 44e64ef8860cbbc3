namespace StorageTyped.Groups.Index;

/// <summary>
/// What the index remembers of a run's config.ini to know that it has not changed since it was read: inode (a
/// file replaced by an atomic write is a new inode), size, modification and change time in nanoseconds.
/// </summary>
internal readonly record struct ConfigStat(long Inode, long Size, long ModifiedNs, long ChangedNs)
{
    /// <summary>The run has no config.ini (or the run folder vanished while it was read).</summary>
    public static ConfigStat Missing { get; } = new(0, -1, 0, 0);

    /// <summary>
    /// Matches no real file: recorded for a file that changed so recently that a further change within the same
    /// clock tick would leave its times and size as they are (git's "racily clean" problem); it is read again next time.
    /// </summary>
    public static ConfigStat Unverified { get; } = new(0, -2, 0, 0);

    /// <summary>True for <see cref="Missing"/>.</summary>
    public bool IsMissing => Size == -1;

    /// <summary>
    /// Files changed less than this before they were read are <see cref="Unverified"/>: file times advance in clock
    /// ticks (a few milliseconds on Linux, 2 s on FAT), and a network file system's clock may lag a little.
    /// </summary>
    public const long RacyWindowNs = 3_000_000_000;

    /// <summary>This stat, or <see cref="Unverified"/> when it is too recent relative to <paramref name="nowNs"/> to be trusted later.</summary>
    public ConfigStat TrustedAt(long nowNs) =>
        !IsMissing && Math.Max(ModifiedNs, ChangedNs) > nowNs - RacyWindowNs ? Unverified : this;

    /// <summary>Now, in the Unix nanoseconds file times use.</summary>
    public static long NowNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
