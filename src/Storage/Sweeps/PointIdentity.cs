using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StorageTyped.Sweeps;

/// <summary>
/// A sweep point's identity: a hash of its parameters as config.ini holds them, so that it is the same in every
/// process, on every host, in every culture and for any property order, and the same for a typed point and a
/// dictionary with equal values. It is stored as <c>[Sweep] point</c> and names the point's claim files.
/// </summary>
/// <remarks>
/// The recipe (Python computes the same id with hashlib): take every parameter except <c>time</c>, its key in lower
/// case (as config.ini stores it) and its value as its INI text (<see cref="ParameterText.Format(object?)"/>, what
/// configparser's get() returns); sort by key (UTF-8 bytes); concatenate, for each, the decimal UTF-8 byte length of
/// the key, ':', the key, the byte length of the value, ':', the value; hash with SHA-256; the id is 'p' followed by
/// the first 31 hexadecimal digits. The leading letter keeps the id a string for every reader (a hexadecimal text can
/// look like a number, such as 12e45).
/// </remarks>
internal static class PointIdentity
{
    /// <summary>The length of an id: 'p' and 31 hexadecimal digits (124 bits).</summary>
    public const int Length = 32;

    /// <summary>The id of a point with these key-value texts (keys in any case and order).</summary>
    /// <exception cref="ArgumentException">Two keys differ only in case (config.ini would take them for one).</exception>
    public static string Of(IReadOnlyList<KeyValuePair<string, string>> texts)
    {
        var entries = new List<(byte[] Key, byte[] Value)>(texts.Count);
        foreach (var (key, text) in texts)
        {
            string normalized = IniSection.NormalizeKey(key);
            if (normalized == "time") continue;
            entries.Add((Encoding.UTF8.GetBytes(normalized), Encoding.UTF8.GetBytes(text)));
        }
        entries.Sort(static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        for (int i = 1; i < entries.Count; i++)
            if (entries[i].Key.AsSpan().SequenceEqual(entries[i - 1].Key))
                throw new ArgumentException($"The point has the key '{Encoding.UTF8.GetString(entries[i].Key)}' twice (keys are not case-sensitive); keep one of them.");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, value) in entries)
        {
            AppendLength(hash, key.Length);
            hash.AppendData(key);
            AppendLength(hash, value.Length);
            hash.AppendData(value);
        }
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return "p" + Convert.ToHexStringLower(digest)[..(Length - 1)];
    }

    /// <summary>True when <paramref name="text"/> has the form of an id (what a claim file may be named after).</summary>
    public static bool IsId(string text)
    {
        if (text.Length != Length || text[0] != 'p') return false;
        foreach (char c in text.AsSpan(1))
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        return true;
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> digits = stackalloc byte[12];
        length.TryFormat(digits, out int written, provider: CultureInfo.InvariantCulture);
        digits[written++] = (byte)':';
        hash.AppendData(digits[..written]);
    }
}
