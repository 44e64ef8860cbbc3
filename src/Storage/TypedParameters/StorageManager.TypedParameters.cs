using StorageTyped.Runs;

namespace StorageTyped;

public sealed partial class StorageManager
{
    /// <summary>
    /// Saves every parameter of a <see cref="RunParametersAttribute"/> type to config.ini in one atomic update, each
    /// under its INI key and written as <see cref="ParameterText.Format(object?)"/> writes it.
    /// </summary>
    /// <param name="parameters">The parameter set.</param>
    /// <param name="section">The section; the type's own (<see cref="RunParametersAttribute.Section"/>) when null.</param>
    /// <exception cref="ArgumentException">A value cannot be stored in config.ini (for example a string that ends with a space); nothing is written.</exception>
    public void SaveParams<T>(T parameters, string? section = null) where T : IRunParameters<T>
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        var writer = new ParameterWriter(T.ParameterKeys.Count);
        T.WriteParameters(parameters, writer);
        SaveParamTexts(writer.Entries, section ?? T.Section, nameof(parameters));
    }

    /// <summary>
    /// Loads a <see cref="RunParametersAttribute"/> type from config.ini (read once). A key the run lacks leaves the
    /// property at its initializer's value, so runs written before a parameter existed still load.
    /// </summary>
    /// <param name="section">The section; the type's own (<see cref="RunParametersAttribute.Section"/>) when null.</param>
    /// <exception cref="FormatException">A value does not convert; the message names run, section, key, text and type.</exception>
    /// <exception cref="InvalidDataException">config.ini is not in configparser's format.</exception>
    public T LoadParams<T>(string? section = null) where T : IRunParameters<T>
    {
        string name = section ?? T.Section;
        RunKey.ValidateSection(name);
        return T.ReadParameters(new ParameterSource(Path, name, ConfigFile.Read(Path)));
    }
}
