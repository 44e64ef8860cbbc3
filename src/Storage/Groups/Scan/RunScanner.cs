using System.IO.Enumeration;
using System.Text;
using StorageTyped.Parameters;
using StorageTyped.Groups.Index;

namespace StorageTyped.Groups.Scan;

/// <summary>
/// Brings a <see cref="RunTable"/> up to date with the main folder: lists the runs (skipped when the main folder's
/// stat shows no run was added or removed), checks each known run's config.ini against the stat recorded when it
/// was read, and reads only the new and changed ones, on all cores.
/// </summary>
internal static class RunScanner
{
    private const int ChunkSize = 256;

    /// <summary>The result of a scan: the table, and whether it differs from the previous one (the index needs writing).</summary>
    public readonly record struct Result(RunTable Table, bool Changed, int RunsRead);

    /// <summary>Scans <paramref name="mainFolder"/> for the runs of <paramref name="tag"/>.</summary>
    /// <param name="mainFolder">The main folder.</param>
    /// <param name="tag">The run name prefix.</param>
    /// <param name="previous">What is known already (the index, or the group before a refresh); null for none.</param>
    /// <param name="checkEveryRun">False: runs known in <paramref name="previous"/> are taken as they are, unchecked.</param>
    /// <param name="progress">Told how many config.ini files were read.</param>
    public static Result Scan(string mainFolder, string tag, RunTable? previous, bool checkEveryRun, IProgress<GroupScanProgress>? progress)
    {
        long startNs = ConfigStat.NowNs();
        using var access = MainFolderAccess.Open(mainFolder);
        if (access is null)
        {
            progress?.Report(new GroupScanProgress(0, 0));
            return new Result(new RunTable(Array.Empty<string>()) { MainFolderStat = ConfigStat.Missing }, previous is not null, 0);
        }

        // Stat before listing: a run added while the folder is listed changes the folder after this stat.
        ConfigStat mainStat = access.StatSelf();
        bool listingUnchanged = previous is not null && previous.MainFolderStat == mainStat && previous.MainFolderStat != ConfigStat.Unverified;
        string[] names = listingUnchanged ? previous!.Names : ListRuns(mainFolder, tag);
        ConfigStat trustedMainStat = mainStat.TrustedAt(startNs);

        int[] previousIndex = MatchPrevious(names, previous, tag);
        var toRead = FindRunsToRead(access, names, previous, previousIndex, checkEveryRun);

        bool sameNames = previous is not null && (ReferenceEquals(names, previous.Names) || names.AsSpan().SequenceEqual(previous.Names));
        if (sameNames && toRead.Count == 0 && previous!.MainFolderStat == trustedMainStat)
        {
            progress?.Report(new GroupScanProgress(0, 0));
            return new Result(previous, false, 0);
        }

        var table = CopyKnownRuns(names, previous, previousIndex);
        table.MainFolderStat = trustedMainStat;
        ReadRuns(access, table, toRead, startNs, progress);
        return new Result(table, true, toRead.Count);
    }

    /// <summary>The names of the runs of <paramref name="tag"/> in <paramref name="mainFolder"/>, in natural order; hidden entries and files left out.</summary>
    public static string[] ListRuns(string mainFolder, string tag)
    {
        bool hiddenTag = tag.StartsWith('.');
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false, ReturnSpecialDirectories = false };
        var names = new FileSystemEnumerable<string>(mainFolder, (ref FileSystemEntry entry) => entry.FileName.ToString(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => IsRunFolder(ref entry, tag, hiddenTag),
        }.ToArray();
        Array.Sort(names, new NaturalRunOrder(tag.Length));
        return names;
    }

    private static bool IsRunFolder(ref FileSystemEntry entry, string tag, bool hiddenTag) =>
        (hiddenTag || !entry.FileName.StartsWith('.')) && RunFolderName.IsRunOf(entry.FileName, tag) && entry.IsDirectory;

    /// <summary>For each name, its index in <paramref name="previous"/> or -1: a merge of two lists in natural order.</summary>
    private static int[] MatchPrevious(string[] names, RunTable? previous, string tag)
    {
        var result = new int[names.Length];
        if (previous is null)
        {
            Array.Fill(result, -1);
            return result;
        }
        if (ReferenceEquals(names, previous.Names))
        {
            for (int i = 0; i < result.Length; i++) result[i] = i;
            return result;
        }
        var order = new NaturalRunOrder(tag.Length);
        string[] old = previous.Names;
        int j = 0;
        for (int i = 0; i < names.Length; i++)
        {
            while (j < old.Length && order.Compare(old[j], names[i]) < 0) j++;
            result[i] = j < old.Length && string.Equals(old[j], names[i], StringComparison.Ordinal) ? j : -1;
        }
        return result;
    }

    private static List<int> FindRunsToRead(MainFolderAccess access, string[] names, RunTable? previous, int[] previousIndex, bool checkEveryRun)
    {
        var changed = new bool[names.Length];
        if (previous is null || !checkEveryRun)
        {
            for (int i = 0; i < names.Length; i++) changed[i] = previousIndex[i] < 0;
        }
        else
        {
            ForEachChunk(names.Length, (start, end) => CheckChunk(access, names, previous, previousIndex, changed, start, end));
        }
        var toRead = new List<int>();
        for (int i = 0; i < changed.Length; i++) if (changed[i]) toRead.Add(i);
        return toRead;
    }

    private static void CheckChunk(MainFolderAccess access, string[] names, RunTable previous, int[] previousIndex, bool[] changed, int start, int end)
    {
        ConfigStat[] stats = previous.Stats;
        for (int i = start; i < end; i++)
        {
            int j = previousIndex[i];
            changed[i] = j < 0 || stats[j] == ConfigStat.Unverified || access.StatConfig(names[i]) != stats[j];
        }
    }

    private static RunTable CopyKnownRuns(string[] names, RunTable? previous, int[] previousIndex)
    {
        var table = new RunTable(names);
        if (previous is null) return table;
        for (int i = 0; i < names.Length; i++)
        {
            int j = previousIndex[i];
            if (j < 0) continue;
            table.Stats[i] = previous.Stats[j];
            table.States[i] = previous.States[j];
            if (previous.Problems.TryGetValue(j, out string? problem)) table.Problems[i] = problem;
        }
        for (int field = 0; field < previous.Fields.Count; field++)
        {
            Column oldColumn = previous.ColumnOf(field);
            var column = new Column(names.Length);
            bool any = false;
            for (int i = 0; i < names.Length; i++)
            {
                int j = previousIndex[i];
                if (j < 0 || oldColumn.Kinds[j] == CellKind.Missing) continue;
                column.CopyFrom(oldColumn, j, i);
                any = true;
            }
            if (any) table.AddColumn(previous.Fields[field], column);
        }
        return table;
    }

    private static void ReadRuns(MainFolderAccess access, RunTable table, List<int> toRead, long startNs, IProgress<GroupScanProgress>? progress)
    {
        int done = 0;
        int reportEvery = Math.Max(ChunkSize, toRead.Count / 100);
        int nextReport = reportEvery;
        var gate = new object();
        progress?.Report(new GroupScanProgress(0, toRead.Count));
        ForEachChunk(toRead.Count, (start, end) =>
        {
            byte[] buffer = new byte[4096];
            var collector = new ConfigCollector();
            var parsed = new ParsedConfig[end - start];
            for (int k = start; k < end; k++)
                parsed[k - start] = ReadRun(access, table.Names[toRead[k]], ref buffer, collector, startNs);
            lock (gate)
            {
                for (int k = start; k < end; k++) table.SetRun(toRead[k], parsed[k - start]);
                done += end - start;
                if (progress is not null && (done >= nextReport || done == toRead.Count))
                {
                    nextReport = done + reportEvery;
                    progress.Report(new GroupScanProgress(done, toRead.Count));
                }
            }
        });
    }

    /// <summary>Reads and parses one run's config.ini; a damaged file gives a damaged run, not an exception.</summary>
    public static ParsedConfig ReadRun(MainFolderAccess access, string name, ref byte[] buffer, ConfigCollector collector, long startNs)
    {
        ConfigStat stat;
        int length;
        try
        {
            stat = access.ReadConfig(name, ref buffer, out length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return ParsedConfig.Empty(ConfigStat.Unverified, RunState.Damaged, e.Message);
        }
        if (stat.IsMissing) return ParsedConfig.Empty(stat, RunState.NoConfig);
        stat = stat.TrustedAt(startNs);
        string path = access.ConfigPath(name);
        try
        {
            return collector.Collect(buffer.AsSpan(0, length), path, stat);
        }
        catch (InvalidDataException e)
        {
            return ParsedConfig.Empty(stat, RunState.Damaged, e.Message);
        }
    }

    private static void ForEachChunk(int count, Action<int, int> body) => ChunkedParallel.For(count, ChunkSize, body);
}
