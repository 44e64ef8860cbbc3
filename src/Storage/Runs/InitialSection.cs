namespace StorageTyped.Runs;

/// <summary>
/// A config.ini section written together with a new run's <c>time</c> and [Provenance] in its first write: the
/// entries are already checked and in raw INI form (see <see cref="StorageManager.PrepareTexts"/>).
/// </summary>
internal sealed record InitialSection(string Name, IReadOnlyList<(string Key, string Raw)> Entries);
