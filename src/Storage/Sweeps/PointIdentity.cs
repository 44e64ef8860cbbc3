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
            // Insertion sort: a point has a handful of keys, usually given in one order for every point.
            int at = count++;
            while (at > 0 && KeyOrder.Compare(order[at - 1].Key, normalized) > 0)
            {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = (normalized, text);
            bytes += Encoding.UTF8.GetMaxByteCount(normalized.Length) + Encoding.UTF8.GetMaxByteCount(text.Length) + 24;
        }
        byte[]? rented = bytes > 2048 ? System.Buffers.ArrayPool<byte>.Shared.Rent(bytes) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[2048];
            int length = 0;
            for (int i = 0; i < count; i++)
            {
                if (i > 0 && order[i].Key == order[i - 1].Key)
                    throw new ArgumentException($"The point has the key '{order[i].Key}' twice (keys are not case-sensitive); keep one of them.");
                length += Field(order[i].Key, buffer[length..]);
                length += Field(order[i].Value, buffer[length..]);
            }
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(buffer[..length], digest);
            return string.Create(Length, digest.ToArray(), static (id, hash) =>
            {
                id[0] = 'p';
                for (int i = 1; i < Length; i++)
                {
                    int nibble = (i - 1) % 2 == 0 ? hash[(i - 1) / 2] >> 4 : hash[(i - 1) / 2] & 0xF;
                    id[i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
                }
            });
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
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
    private static class KeyOrder
    {
        public static int Compare(string x, string y)
        {
            // Without surrogates, UTF-16 order is code point order.
            if (x.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 && y.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
                return string.CompareOrdinal(x, y);
            var a = x.AsSpan().EnumerateRunes();
            var b = y.AsSpan().EnumerateRunes();
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
