using StorageTyped.Provenance;

namespace StorageTyped.Runs;

/// <summary>The first write of a new run's config.ini: PymoNNto's <c>time</c>, the initial sections and [Provenance].</summary>
internal static class CreationRecord
{
    /// <summary>
    /// Writes <c>time</c>, <paramref name="initialSections"/> and, unless turned off, the [Provenance] section with
    /// status "running" in one update of config.ini, and then watches the run so that its end is recorded.
    /// </summary>
    public static void Write(string runFolder, string projectFolder, IReadOnlyList<InitialSection>? initialSections, StorageOptions options)
    {
        var now = DateTimeOffset.Now;
        string time = IniValue.ToRaw("time", ParameterText.Format(ProcessFacts.UnixSeconds(now)));
        ConfigFile.Update(runFolder, document =>
        {
            document.GetOrAddSection(ConfigFile.DefaultSection).SetRaw("time", time);
            if (initialSections is not null)
                foreach (var initial in initialSections)
                {
                    var section = document.GetOrAddSection(initial.Name);
                    foreach (var (key, raw) in initial.Entries) section.SetRaw(key, raw);
                }
            if (options.RecordProvenance) ProvenanceRecord.WriteStart(document, now, projectFolder);
        }, options.FlushToDisk, newRun: true);
        if (options.RecordProvenance) RunLifetime.Track(runFolder, options.FlushToDisk, options.Logger);
    }
}
