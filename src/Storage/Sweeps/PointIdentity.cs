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
        // Keys and values as UTF-8 in one buffer, hashed in one call: no hash object per point.
        var order = new (string Key, string Value)[texts.Count];
        int count = 0, bytes = 0;
        foreach (var (key, text) in texts)
        {
            string normalized = IniSection.NormalizeKey(key);
            if (normalized == "time") continue;
            order[count++] = (normalized, text);
            bytes += Encoding.UTF8.GetMaxByteCount(normalized.Length) + Encoding.UTF8.GetMaxByteCount(text.Length) + 24;
        }
        // Ordinal order of UTF-16 keys equals code point order (the order of their UTF-8 bytes) except for keys with
        // characters beyond U+FFFF against U+E000–U+FFFF; compare by code point so that Python's sorted() agrees.
        Array.Sort(order, 0, count, KeyOrder.Instance);
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            int length = 0;
            for (int i = 0; i < count; i++)
            {
                if (i > 0 && order[i].Key == order[i - 1].Key)
                    throw new ArgumentException($"The point has the key '{order[i].Key}' twice (keys are not case-sensitive); keep one of them.");
                length += Field(order[i].Key, rented.AsSpan(length));
                length += Field(order[i].Value, rented.AsSpan(length));
            }
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, length), digest);
            return "p" + Convert.ToHexStringLower(digest)[..(Length - 1)];
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>True when <paramref name="text"/> has the form of an id (what a claim file may be named after).</summary>
    public static bool IsId(string text)
    {
        if (text.Length != Length || text[0] != 'p') return false;
        foreach (char c in text.AsSpan(1))
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>Writes "&lt;UTF-8 byte length&gt;:&lt;UTF-8 bytes&gt;" of <paramref name="text"/>; returns the bytes written.</summary>
    private static int Field(string text, Span<byte> destination)
    {
        int size = Encoding.UTF8.GetByteCount(text);
        size.TryFormat(destination, out int digits, provider: CultureInfo.InvariantCulture);
        destination[digits] = (byte)':';
        return digits + 1 + Encoding.UTF8.GetBytes(text, destination[(digits + 1)..]);
    }

    /// <summary>Keys by Unicode code point, as Python sorts str and bytes.</summary>
    private sealed class KeyOrder : IComparer<(string Key, string Value)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Key, string Value) x, (string Key, string Value) y)
        {
            var a = x.Key.AsSpan().EnumerateRunes();
            var b = y.Key.AsSpan().EnumerateRunes();
            while (true)
            {
                bool more = a.MoveNext(), otherMore = b.MoveNext();
                if (!more || !otherMore) return more.CompareTo(otherMore);
                int compared = a.Current.Value.CompareTo(b.Current.Value);
                if (compared != 0) return compared;
            }
        }
    }
}
