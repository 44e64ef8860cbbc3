using StorageTyped.Provenance;

namespace StorageTyped.Runs;

/// <summary>The first write of a new run's config.ini: PymoNNto's <c>time</c>, the initial sections and [Provenance].</summary>
internal static class CreationRecord
{
    /// <summary>
    /// Writes <c>time</c>, <paramref name="initialSections"/> and, unless turned off, the [Provenance] section with
    /// status "running" in one write of config.ini, and then watches the run so that its end is recorded. The folder
    /// was just made by this process, so no lock is taken: the file is created complete or not at all
    /// (<see cref="ConfigFile.TryCreate"/>); only if another writer made one first is the record merged into it
    /// under the lock.
    /// </summary>
    public static void Write(string runFolder, string projectFolder, IReadOnlyList<InitialSection>? initialSections, StorageOptions options)
    {
        var now = DateTimeOffset.Now;
        string time = IniValue.ToRaw("time", ParameterText.Format(ProcessFacts.UnixSeconds(now)));
        void Record(IniDocument document)
        {
            document.GetOrAddSection(ConfigFile.DefaultSection).SetRaw("time", time);
            if (initialSections is not null)
                foreach (var initial in initialSections)
                {
                    var section = document.GetOrAddSection(initial.Name);
                    foreach (var (key, raw) in initial.Entries) section.SetRaw(key, raw);
                }
            if (options.RecordProvenance) ProvenanceRecord.WriteStart(document, now, projectFolder);
        }
        var first = new IniDocument();
        Record(first);
        if (!ConfigFile.TryCreate(runFolder, first, options.FlushToDisk))
            ConfigFile.Update(runFolder, Record, options.FlushToDisk);
        if (options.RecordProvenance) RunLifetime.Track(runFolder, options.FlushToDisk, options.Logger);
    }
}
