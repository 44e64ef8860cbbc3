using System.Text;

namespace StorageTyped.Rules;

/// <summary>
/// The rules every key, section and folder name passes before anything touches the disk. A key names a file in the
/// run folder (key.npy, key.msgpack …) and an option in config.ini, so it must be a safe file name part on every
/// operating system a run folder may be copied to, and a name Python's configparser reads back as written.
/// </summary>
/// <remarks>
/// The [RunParameters] generator (src/Storage.Generators, netstandard2.0) compiles this file and PythonWhitespace.cs
/// too, to check keys at compile time by these very rules: APIs newer than netstandard2.0 go under
/// <c>#if NET9_0_OR_GREATER</c>.
/// </remarks>
internal static class RunKey
{
    /// <summary>Longest key in UTF-8 bytes: 255 (file name limit) less room for extensions, frame numbers and temp names.</summary>
    public const int MaxUtf8Length = 200;

    private static readonly string[] WindowsReservedNameList =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

#if NET9_0_OR_GREATER
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> WindowsReservedNames =
        new HashSet<string>(WindowsReservedNameList, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
#else
    // The [RunParameters] generator (netstandard2.0) compiles this file too, so that a key the compiler accepts is
    // one a run accepts; it has no alternate lookups.
    private static readonly HashSet<string> WindowsReservedNames = new(WindowsReservedNameList, StringComparer.OrdinalIgnoreCase);
#endif

    /// <summary>Throws an <see cref="ArgumentException"/> naming the key when it is not a valid key.</summary>
    public static void Validate(string? key, string parameterName = "key")
    {
        string? problem = FindProblem(key, what: "key");
        if (problem is not null)
            throw new ArgumentException(problem, parameterName);
    }

    /// <summary>Validates a folder name part (main folder, run folder prefix); the same rules as keys.</summary>
    public static void ValidateFolderName(string? name, string parameterName)
    {
        string? problem = FindProblem(name, what: "folder name");
        if (problem is not null)
            throw new ArgumentException(problem, parameterName);
    }

    /// <summary>Validates an INI section name: a name configparser reads back as written.</summary>
    public static void ValidateSection(string? section, string parameterName = "section")
    {
        string? problem = FindSectionProblem(section);
        if (problem is not null)
            throw new ArgumentException(problem, parameterName);
    }

    /// <summary>Returns why <paramref name="section"/> is not a valid INI section name, or null when it is.</summary>
    public static string? FindSectionProblem(string? section)
    {
        if (section is null || section.Length == 0)
            return "The section name is empty; use a name such as \"Parameters\".";
        foreach (char c in section)
        {
            if (char.IsControl(c))
                return $"The section name {Quote(section)} contains a control character (U+{(int)c:X4}); section names must be one line of printable text.";
            if (c is '[' or ']')
                return $"The section name {Quote(section)} contains '{c}', which INI section headers cannot hold.";
        }
        if (PythonWhitespace.IsSpace(section[0]) || PythonWhitespace.IsSpace(section[^1]))
            return $"The section name {Quote(section)} starts or ends with white space, which configparser would not keep.";
        return null;
    }

    /// <summary>Returns why <paramref name="key"/> is not acceptable, or null when it is.</summary>
    public static string? FindProblem(string? key, string what = "key")
    {
        if (key is null)
            return $"The {what} is null; give a non-empty name such as \"score\".";
        if (key.Length == 0)
            return $"The {what} is empty; give a non-empty name such as \"score\".";
        if (key is "." or "..")
            return $"The {what} {Quote(key)} would refer to a folder instead of a file in the run; choose a name without dots only.";
        foreach (char c in key)
        {
            if (c is '/' or '\\')
                return $"The {what} {Quote(key)} contains '{c}', a path separator that could leave the run folder; use '_' or '-' instead.";
            if (char.IsControl(c))
                return $"The {what} {Quote(key)} contains the control character U+{(int)c:X4}; names must be printable text.";
            if (c is '=' or ':')
                return $"The {what} {Quote(key)} contains '{c}', which configparser reads as the separator between key and value; use '_' instead.";
            if (char.IsSurrogate(c) && !IsWellFormedSurrogate(key, c))
                return $"The {what} {Quote(key)} contains an unpaired UTF-16 surrogate and cannot be a file name.";
        }
        if (key[0] is '[' or '#' or ';')
            return $"The {what} {Quote(key)} starts with '{key[0]}', which configparser reads as a section header or a comment; start it with a letter or digit.";
        if (PythonWhitespace.IsSpace(key[0]) || PythonWhitespace.IsSpace(key[^1]))
            return $"The {what} {Quote(key)} starts or ends with white space, which configparser strips; remove it.";
        if (key[^1] == '.')
            return $"The {what} {Quote(key)} ends with '.', which Windows drops from file names; remove it.";
        int dot = key.IndexOf('.');
#if NET9_0_OR_GREATER
        if (WindowsReservedNames.Contains(dot < 0 ? key : key.AsSpan(0, dot)))
#else
        if (WindowsReservedNames.Contains(dot < 0 ? key : key.Substring(0, dot)))
#endif
            return $"The {what} {Quote(key)} is a reserved device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9); a run folder holding it could not be copied there. Choose another name.";
        if (Encoding.UTF8.GetByteCount(key) > MaxUtf8Length)
            return $"The {what} {Quote(Shorten(key))} is {Encoding.UTF8.GetByteCount(key)} bytes long in UTF-8; at most {MaxUtf8Length} fit in a file name with its extension.";
        return null;
    }

    private static bool IsWellFormedSurrogate(string key, char _) =>
        // A cheap whole-string check: valid UTF-16 round-trips through UTF-8 unchanged.
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(key)) == key;

    private static string Shorten(string key) => key.Length <= 40 ? key : key[..40] + "…";

    internal static string Quote(string text) => "'" + text + "'";
}
