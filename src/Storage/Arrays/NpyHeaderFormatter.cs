using System.Buffers.Binary;
using System.Text;

namespace StorageTyped.Arrays;

/// <summary>
/// Writes .npy headers byte for byte as numpy 1.24's np.save does: the dict with its keys sorted and a trailing
/// ", ", spare spaces so that the growing axis can be rewritten in place, padding to a multiple of 64 bytes
/// (at least one space) and a final newline; format 1.0 unless the header outgrows its 16-bit length field.
/// </summary>
internal static class NpyHeaderFormatter
{
    /// <summary>numpy's ARRAY_ALIGN: the data starts at a multiple of this.</summary>
    public const int Alignment = 64;

    /// <summary>numpy's GROWTH_AXIS_MAX_DIGITS: room left for the digits of the growing axis.</summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>The most dimensions written: numpy 1.x reads at most 32.</summary>
    public const int MaxRank = 32;

    /// <summary>
    /// A buffer size that holds any header this class writes for up to <see cref="MaxRank"/> dimensions
    /// (dict text of at most ~700 bytes plus preamble and padding).
    /// </summary>
    public const int MaxLength = 1024;

    /// <summary>Formats the header for an array and returns its length.</summary>
    /// <param name="dtype">The element type, written in this machine's byte order.</param>
    /// <param name="fortranOrder">True when the data follows in column-major order.</param>
    /// <param name="shape">The dimensions (at most <see cref="MaxRank"/>).</param>
    /// <param name="destination">At least <see cref="MaxLength"/> bytes.</param>
    public static int Format(NpyDType dtype, bool fortranOrder, ReadOnlySpan<long> shape, Span<byte> destination)
    {
        if (shape.Length > MaxRank) throw new ArgumentOutOfRangeException(nameof(shape), shape.Length, $"numpy reads at most {MaxRank} dimensions.");
        if (!NpyHeaderParser.TryByteCount(shape, NpyDTypes.ItemSize(dtype), out _, out _))
            throw new ArgumentException($"The shape {NpyHeaderParser.FormatShape(shape)} of {NpyDTypes.Name(dtype)} needs more bytes than fit in 64 bits (numpy counts the non-zero dimensions even when one is 0, and refuses such a file, as LoadNp does); nothing was written.", nameof(shape));
        // Leave room for the preamble; the dict text goes straight to its final place.
        Span<byte> text = destination[NpyHeaderParser.Version1PreambleLength..];
        int length = 0;
        Append(text, ref length, "{'descr': '"u8);
        AppendAscii(text, ref length, NpyDTypes.Descr(dtype));
        Append(text, ref length, "', 'fortran_order': "u8);
        Append(text, ref length, fortranOrder ? "True"u8 : "False"u8);
        Append(text, ref length, ", 'shape': ("u8);
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) Append(text, ref length, ", "u8);
            AppendInteger(text, ref length, shape[i]);
        }
        if (shape.Length == 1) Append(text, ref length, ","u8);
        Append(text, ref length, "), }"u8);
        if (shape.Length > 0)
        {
            long growthAxis = shape[fortranOrder ? shape.Length - 1 : 0];
            int spaces = Math.Max(0, GrowthAxisMaxDigits - CountDigits(growthAxis));
            text.Slice(length, spaces).Fill((byte)' ');
            length += spaces;
        }
        return Wrap(destination, length);
    }

    /// <summary>
    /// Puts the preamble before a dict text that is already at offset 10 of <paramref name="buffer"/> and pads it
    /// (numpy's _wrap_header with its version guess); moves the text for format 2.0 when needed.
    /// </summary>
    /// <returns>The total header length, a multiple of <see cref="Alignment"/>.</returns>
    internal static int Wrap(Span<byte> buffer, int textLength)
    {
        int preamble = NpyHeaderParser.Version1PreambleLength;
        int headerLength = textLength + 1; // the final newline
        int padding = Alignment - (preamble + headerLength) % Alignment;
        int version = 1;
        if (headerLength + padding > ushort.MaxValue)
        {
            version = 2;
            preamble = NpyHeaderParser.Version2PreambleLength;
            padding = Alignment - (preamble + headerLength) % Alignment;
            buffer.Slice(NpyHeaderParser.Version1PreambleLength, textLength).CopyTo(buffer[preamble..]);
        }
        NpyHeaderParser.Magic.CopyTo(buffer);
        buffer[6] = (byte)version;
        buffer[7] = 0;
        if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(buffer[8..], (ushort)(headerLength + padding));
        else BinaryPrimitives.WriteUInt32LittleEndian(buffer[8..], (uint)(headerLength + padding));
        int end = preamble + textLength;
        buffer.Slice(end, padding).Fill((byte)' ');
        end += padding;
        buffer[end++] = (byte)'\n';
        return end;
    }

    private static void Append(Span<byte> text, ref int length, ReadOnlySpan<byte> value)
    {
        value.CopyTo(text[length..]);
        length += value.Length;
    }

    private static void AppendAscii(Span<byte> text, ref int length, string value) =>
        length += Encoding.ASCII.GetBytes(value, text[length..]);

    private static void AppendInteger(Span<byte> text, ref int length, long value)
    {
        if (!value.TryFormat(text[length..], out int written, default, System.Globalization.CultureInfo.InvariantCulture))
            throw new ArgumentException("The header buffer is too small.", nameof(text));
        length += written;
    }

    private static int CountDigits(long value)
    {
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) digits++;
        return digits + (value < 0 ? 1 : 0);
    }
}
