using System.Globalization;

namespace StorageTyped.Media;

/// <summary>
/// The names of a key's frames in a run folder: key0.png, key1.png … (PymoNNto's naming). A file belongs to a key
/// only when its name is exactly the key, a frame number written without leading zeros, and ".png"; files of other
/// keys that merely contain the key (av0.png, v_0.png, v0.png.bak) never match.
/// </summary>
/// <remarks>
/// Frame keys must not end in a digit: with keys "v" and "v2", v20.png would be frame 20 of "v" and frame 0 of
/// "v2" at once, so neither counting, rendering nor deleting could tell them apart. A key that ends in a letter,
/// '_' or any other non-digit makes every name belong to exactly one key.
/// </remarks>
internal static class FrameFiles
{
    public const string Extension = ".png";

    /// <summary>Throws an <see cref="ArgumentException"/> naming the key when it cannot name frames.</summary>
    public static void ValidateKey(string key, string parameterName = "key")
    {
        RunKey.Validate(key, parameterName);
        if (char.IsAsciiDigit(key[^1]))
        {
            string clash = key.Length > 1
                ? $" ({key}0.png would be frame 0 of {RunKey.Quote(key)} and frame {key[^1]}0 of {RunKey.Quote(key[..^1])})"
                : "";
            throw new ArgumentException(
                $"The frame key {RunKey.Quote(key)} ends with a digit. Frames are named key0.png, key1.png …, so its frames could not be told " +
                $"apart from those of another key{clash}. End the key with a letter or '_', for example {RunKey.Quote(key + "_")}.", parameterName);
        }
    }

    /// <summary>key + n + ".png".</summary>
    public static string FileName(string key, int index) => key + index.ToString(CultureInfo.InvariantCulture) + Extension;

    /// <summary>True when <paramref name="fileName"/> is frame <paramref name="index"/> of <paramref name="key"/>.</summary>
    public static bool TryParseIndex(string fileName, string key, out int index)
    {
        index = -1;
        if (fileName.Length <= key.Length + Extension.Length
            || !fileName.StartsWith(key, StringComparison.Ordinal)
            || !fileName.EndsWith(Extension, StringComparison.Ordinal))
            return false;
        ReadOnlySpan<char> digits = fileName.AsSpan(key.Length, fileName.Length - key.Length - Extension.Length);
        if (digits.Length > 1 && digits[0] == '0') return false; // not a name this library writes
        foreach (char c in digits)
            if (!char.IsAsciiDigit(c)) return false;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    /// <summary>The frames of <paramref name="key"/> in <paramref name="runFolder"/>, by frame number.</summary>
    public static List<(int Index, string Path)> List(string runFolder, string key)
    {
        var frames = new List<(int Index, string Path)>();
        // "*.png" and an exact check: a key may hold characters that are wildcards to the enumeration.
        foreach (string path in Directory.EnumerateFiles(runFolder, "*" + Extension))
        {
            if (TryParseIndex(Path.GetFileName(path), key, out int index)) frames.Add((index, path));
        }
        frames.Sort((a, b) => a.Index.CompareTo(b.Index));
        return frames;
    }

    /// <summary>The number after the highest existing frame of <paramref name="key"/>, 0 when there is none.</summary>
    public static int NextIndex(string runFolder, string key)
    {
        int next = 0;
        foreach (string path in Directory.EnumerateFiles(runFolder, "*" + Extension))
        {
            if (TryParseIndex(Path.GetFileName(path), key, out int index) && index >= next)
                next = index == int.MaxValue ? int.MaxValue : index + 1;
        }
        return next;
    }

    /// <summary>Deletes the frames of <paramref name="key"/> that went into its video; an IOException lists those left.</summary>
    public static void Delete(string key, List<(int Index, string Path)> frames)
    {
        var failures = new List<string>();
        foreach ((_, string path) in frames)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{Path.GetFileName(path)}: {e.Message}");
            }
        }
        if (failures.Count > 0)
            throw new IOException($"The video of {RunKey.Quote(key)} was written, but {failures.Count} of its frames could not be deleted: {string.Join("; ", failures.Take(5))}");
    }
}
