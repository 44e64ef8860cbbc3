namespace StorageTyped;

/// <summary>How much a <see cref="StorageManagerGroup"/> checks the runs it finds in its index before using them.</summary>
public enum IndexCheck
{
    /// <summary>
    /// The default, correct whoever wrote the runs: every run's config.ini is checked against the size, times and
    /// inode recorded when it was read (one stat per run, on all cores), and read again when it changed; runs
    /// added or removed are found by listing the main folder whenever its own modification time changed.
    /// </summary>
    EveryRun = 0,

    /// <summary>
    /// For finished sweeps: runs added or removed are found as with <see cref="EveryRun"/>, but a run already in the
    /// index is taken as it is, without a stat, so a config.ini changed in place since the index was written is not
    /// noticed. It spares one stat per run: for 100,000 runs, constructing the group took 40 % of the time
    /// of <see cref="EveryRun"/> here (README, Performance).
    /// </summary>
    AddedAndRemovedRunsOnly = 1,
}
