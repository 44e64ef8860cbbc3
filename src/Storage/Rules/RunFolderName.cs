using System.Globalization;

namespace StorageTyped.Rules;

/// <summary>
/// Which folder names are runs of a prefix: the prefix followed by the run suffix, that is digits (random or
/// enumerated number) and optionally "_" and digits (PymoNNto's "already exists" counter): MyName, MyName12,
/// MyName_0, MyName12_3. MyNameOther or MyName-backup are not runs of MyName.
/// </summary>
internal static class RunFolderName
{
    /// <summary>True when <paramref name="folderName"/> is a run folder name of <paramref name="prefix"/>.</summary>
    public static bool IsRunOf(ReadOnlySpan<char> folderName, string prefix)
    {
        if (!folderName.StartsWith(prefix, StringComparison.Ordinal)) return false;
        ReadOnlySpan<char> suffix = folderName[prefix.Length..];
        int i = 0;
        while (i < suffix.Length && char.IsAsciiDigit(suffix[i])) i++;
        if (i == suffix.Length) return true;
        if (suffix[i] != '_' || i + 1 == suffix.Length) return false;
        for (int j = i + 1; j < suffix.Length; j++)
            if (!char.IsAsciiDigit(suffix[j])) return false;
        return true;
    }

    /// <summary>The folder name of run <paramref name="number"/>.</summary>
    public static string Format(string prefix, long number) => prefix + number.ToString(CultureInfo.InvariantCulture);
}
