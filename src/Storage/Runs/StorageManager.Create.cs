using StorageTyped.Runs;

namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>
    /// Creates a new run whose config.ini holds its parameters from the start: the folder, <c>time</c>, the
    /// parameters and [Provenance] appear in one atomic write, so no reader ever sees the run without its
    /// parameters, and creation costs one write of config.ini instead of two.
    /// </summary>
    /// <param name="mainFolderName">The main folder that groups the runs of one experiment.</param>
    /// <param name="parameters">The parameter set, written to its type's section (<see cref="RunParametersAttribute.Section"/>).</param>
    /// <param name="folderName">The prefix of the run folder's name; the main folder name when null.</param>
    /// <param name="randomNr">True: the folder is &lt;Folder&gt;&lt;random number&gt;. False: the next free number from 1.</param>
    /// <param name="options">Data folder, logging and other settings; <see cref="StorageOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">A name or value cannot be stored, or <paramref name="options"/> asks to reopen a run; nothing is created.</exception>
    /// <exception cref="IOException">The folder could not be created.</exception>
    public static StorageManager Create<T>(string mainFolderName, T parameters, string? folderName = null, bool randomNr = false, StorageOptions? options = null)
        where T : IRunParameters<T>
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        var writer = new ParameterWriter(T.ParameterKeys.Count);
        T.WriteParameters(parameters, writer);
        return CreateWithSections(mainFolderName, folderName, randomNr, options,
            [new InitialSection(T.Section, PrepareTexts(writer.Entries, T.Section, nameof(parameters)))]);
    }

    /// <summary>
    /// Creates a new run whose config.ini holds <paramref name="parameters"/> from the start (as
    /// <see cref="SaveParamDict"/> writes them): folder, <c>time</c>, parameters and [Provenance] in one atomic write.
    /// </summary>
    /// <param name="mainFolderName">The main folder that groups the runs of one experiment.</param>
    /// <param name="parameters">Keys and values; every one is checked before the folder is created.</param>
    /// <param name="folderName">The prefix of the run folder's name; the main folder name when null.</param>
    /// <param name="randomNr">True: the folder is &lt;Folder&gt;&lt;random number&gt;. False: the next free number from 1.</param>
    /// <param name="options">Data folder, logging and other settings; <see cref="StorageOptions.Default"/> when null.</param>
    /// <param name="section">The INI section of the parameters.</param>
    /// <exception cref="ArgumentException">A name, key or value cannot be stored, or <paramref name="options"/> asks to reopen a run; nothing is created.</exception>
    /// <exception cref="IOException">The folder could not be created.</exception>
    public static StorageManager Create(string mainFolderName, IEnumerable<KeyValuePair<string, object?>> parameters, string? folderName = null,
        bool randomNr = false, StorageOptions? options = null, string section = DefaultSection)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        RunKey.ValidateSection(section);
        var texts = FormatParameters(parameters, nameof(parameters));
        return CreateWithSections(mainFolderName, folderName, randomNr, options,
            [new InitialSection(section, PrepareTexts(texts, section, nameof(parameters)))]);
    }

    /// <summary>
    /// Creates a new run whose first write holds <paramref name="sections"/> (checked and raw) beside <c>time</c> and
    /// [Provenance]: the common end of the Create overloads, and how a sweep adds its [Sweep] section.
    /// </summary>
    internal static StorageManager CreateWithSections(string mainFolderName, string? folderName, bool randomNr, StorageOptions? options,
        IReadOnlyList<InitialSection> sections)
    {
        if (options is { Last: true })
            throw new ArgumentException("StorageManager.Create always makes a new run, but StorageOptions.Last asks to reopen the newest one. Use the constructor with Last, or leave Last false.", nameof(options));
        if (options is { RunNumber: not null, AddNewWhenExists: false })
            throw new ArgumentException("StorageManager.Create always makes a new run, but StorageOptions.AddNewWhenExists = false asks to reopen an existing run number. Leave AddNewWhenExists true, or use the constructor.", nameof(options));
        return new StorageManager(mainFolderName, folderName, randomNr, options, sections);
    }
}
