using System.Buffers.Binary;
using System.Text;

namespace StorageTyped.Arrays;

/// <summary>
/// Reads the header of a .npy file: the magic string, the format version (1.0, 2.0 or 3.0), the header length and
/// the header text, a Python dict literal such as <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }</c>.
/// </summary>
/// <remarks>
/// numpy evaluates the header with ast.literal_eval. This parser accepts the subset of Python literals that numpy and
/// every known writer produce (single- or double-quoted strings without escapes, True/False, tuples of decimal
/// integers, Python 2's "3L" longs in versions 1 and 2, any white space between tokens) and refuses the rest, so a
/// header it accepts means the same to numpy. Every problem is an <see cref="InvalidDataException"/> naming the file
/// and the reason; nothing else is thrown, whatever the bytes.
/// <para>
/// It is a reader of Python literals of its own, beside <see cref="Parameters.PythonLiteral"/>, on purpose: that one
/// reads what str() leaves in config.ini and is lenient where this must be strict (numpy's "[1 2 3]" lists, nan and
/// inf, escapes, any nesting are literals there; here they are damage), classifies text instead of saying at which
/// byte it is wrong, and works on decoded strings, where this reads the header's Latin-1 or UTF-8 bytes in place
/// (with format 1 and 2's "3L") without allocating.
/// </para>
/// </remarks>
internal static class NpyHeaderParser
{
    /// <summary>The magic string every .npy file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Bytes of magic, version and header length in format 1.0 (2.0 and 3.0 have two more).</summary>
    public const int Version1PreambleLength = 10;

    /// <summary>Bytes of magic, version and header length in formats 2.0 and 3.0.</summary>
    public const int Version2PreambleLength = 12;

    /// <summary>
    /// The most dimensions read: numpy 2 allows 64 (numpy 1 allows 32).
    /// </summary>
    public const int MaxRank = 64;

    /// <summary>
    /// The longest header read (1 MiB). A header of a supported dtype needs at most a few kilobytes even at 64
    /// dimensions; a longer one is damage, and refusing it keeps a damaged length field from costing a huge read.
    /// </summary>
    public const int MaxHeaderLength = 1 << 20;

    /// <summary>
    /// Reads magic, version and header length from the first bytes of a file and returns where the data starts.
    /// </summary>
    /// <param name="start">At least the first <see cref="Version2PreambleLength"/> bytes, or the whole file when shorter.</param>
    /// <param name="fileLength">The length of the whole file.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="version">The format's major version: 1, 2 or 3.</param>
    public static long ParsePreamble(ReadOnlySpan<byte> start, long fileLength, string path, out int version)
    {
        version = 0;
        if (fileLength < Version1PreambleLength || start.Length < Version1PreambleLength)
            throw Invalid(path, $"the file is {fileLength} bytes long, shorter than the smallest .npy header; it is truncated or not a .npy file.");
        if (!start.StartsWith(Magic))
            throw Invalid(path, "it does not start with the .npy magic string \\x93NUMPY; it is not a .npy file (or its first bytes are damaged).");
        byte major = start[6], minor = start[7];
        if (major is < 1 or > 3 || minor != 0)
            throw Invalid(path, $"its format version {major}.{minor} is not one numpy defines (1.0, 2.0 or 3.0).");
        version = major;
        long headerLength;
        int preamble;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(start[8..]);
            preamble = Version1PreambleLength;
        }
        else
        {
            if (fileLength < Version2PreambleLength || start.Length < Version2PreambleLength)
                throw Invalid(path, $"the file is {fileLength} bytes long and ends inside the format {major}.0 preamble; it is truncated.");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(start[8..]);
            preamble = Version2PreambleLength;
        }
        if (headerLength > MaxHeaderLength)
            throw Invalid(path, $"its header length field says {headerLength:N0} bytes, far more than any array header needs (at most {MaxHeaderLength:N0} are read); the field is damaged.");
        long dataOffset = preamble + headerLength;
        if (dataOffset > fileLength)
            throw Invalid(path, $"its header length field says the header ends at byte {dataOffset:N0}, but the file has only {fileLength:N0} bytes; it is truncated or the field is damaged.");
        return dataOffset;
    }

    /// <summary>
    /// Parses a whole header and checks it against the file's length.
    /// </summary>
    /// <param name="start">The file's bytes from its start up to at least the end of the header.</param>
    /// <param name="fileLength">The length of the whole file: the data after the header must fill it exactly.</param>
    /// <param name="shape">Receives the dimensions; at least <see cref="MaxRank"/> long.</param>
    /// <param name="path">The file, for messages.</param>
    /// <exception cref="InvalidDataException">The header is damaged, names an unsupported dtype, or does not match the file's length.</exception>
    public static NpyHeader Parse(ReadOnlySpan<byte> start, long fileLength, Span<long> shape, string path)
    {
        long dataOffset = ParsePreamble(start, fileLength, path, out int version);
        if (start.Length < dataOffset)
            throw new ArgumentException("The buffer must hold the whole header.", nameof(start));
        int preamble = version == 1 ? Version1PreambleLength : Version2PreambleLength;
        var text = new HeaderText(start[preamble..(int)dataOffset], version, path);
        text.ParseDictionary(shape, out ReadOnlySpan<byte> descr, out bool fortranOrder, out int rank);

        if (!NpyDTypes.TryParseDescr(descr, out NpyDType dtype, out bool bigEndian))
            throw UnsupportedDescr(path, descr, version);

        int itemSize = NpyDTypes.ItemSize(dtype);
        if (!TryByteCount(shape[..rank], itemSize, out long bytes, out bool empty))
            throw Invalid(path, $"its shape {FormatShape(shape[..rank])} of {NpyDTypes.Name(dtype)} needs more bytes than fit in 64 bits; the header is damaged.");
        long count = empty ? 0 : bytes / itemSize;
        long dataLength = empty ? 0 : bytes;
        long available = fileLength - dataOffset;
        if (available < dataLength)
            throw Invalid(path, $"its header describes {NpyDTypes.Name(dtype)} of shape {FormatShape(shape[..rank])}, {dataLength:N0} bytes of data, but only {available:N0} bytes follow the header; the file is truncated.");
        if (available > dataLength)
            throw Invalid(path, $"its header describes {NpyDTypes.Name(dtype)} of shape {FormatShape(shape[..rank])}, {dataLength:N0} bytes of data, but {available:N0} bytes follow the header; the header or the file is damaged (several arrays appended to one file are not read either).");
        return new NpyHeader(version, dtype, bigEndian, fortranOrder, rank, count, dataOffset);
    }

    /// <summary>
    /// numpy's rule for a shape: the product of the non-zero dimensions times the item size must fit in 64 bits, even
    /// when another dimension is 0 and the array is empty. The one rule for reading and for writing.
    /// </summary>
    /// <param name="shape">The dimensions (none negative).</param>
    /// <param name="itemSize">Bytes per element.</param>
    /// <param name="bytes">The product of the non-zero dimensions times the item size.</param>
    /// <param name="empty">True when a dimension is 0.</param>
    /// <returns>False when the product does not fit in 64 bits.</returns>
    public static bool TryByteCount(ReadOnlySpan<long> shape, int itemSize, out long bytes, out bool empty)
    {
        bytes = itemSize;
        empty = false;
        foreach (long dimension in shape)
        {
            if (dimension == 0)
            {
                empty = true;
                continue;
            }
            if (bytes > long.MaxValue / dimension) return false;
            bytes *= dimension;
        }
        return true;
    }

    /// <summary>A shape as Python writes a tuple: (), (3,), (2, 3).</summary>
    public static string FormatShape(ReadOnlySpan<long> shape)
    {
        if (shape.Length == 1) return $"({shape[0]},)";
        var text = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(shape[i]);
        }
        return text.Append(')').ToString();
    }

    internal static InvalidDataException Invalid(string path, string reason) =>
        new($"'{path}' is not a valid .npy file: {reason}");

    private static InvalidDataException UnsupportedDescr(string path, ReadOnlySpan<byte> descr, int version)
    {
        string text = Decode(descr, version);
        string body = text.TrimStart('<', '>', '=', '|');
        string reason = body switch
        {
            "O" => $"it holds numpy object dtype ('{text}'): pickled Python objects, which are never loaded (unpickling runs arbitrary code).",
            _ when body.StartsWith('U') || body.StartsWith('S') || body.StartsWith('a') => $"it holds numpy strings (dtype '{text}'), which this library does not map to .NET arrays.",
            _ when body.StartsWith('M') || body.StartsWith('m') => $"it holds numpy datetimes or timedeltas (dtype '{text}'), which this library does not map to .NET arrays.",
            "c8" => $"it holds complex64 (dtype '{text}'); only complex128 maps to System.Numerics.Complex. Save it from numpy as complex128.",
            "f16" or "f12" or "c32" or "c24" => $"it holds numpy extended precision (dtype '{text}'), which .NET has no type for.",
            _ => $"its dtype '{text}' is not one this library maps.",
        };
        return new InvalidDataException($"'{path}' cannot be loaded: {reason} Supported: {NpyDTypes.SupportedList}.");
    }

    private static string Decode(ReadOnlySpan<byte> bytes, int version) =>
        version == 3 ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    /// <summary>A cursor over the header text.</summary>
    private ref struct HeaderText
    {
        private readonly ReadOnlySpan<byte> _text;
        private readonly int _version;
        private readonly string _path;
        private int _position;

        public HeaderText(ReadOnlySpan<byte> text, int version, string path)
        {
            _text = text;
            _version = version;
            _path = path;
            _position = 0;
        }

        public void ParseDictionary(Span<long> shape, out ReadOnlySpan<byte> descr, out bool fortranOrder, out int rank)
        {
            descr = default;
            fortranOrder = false;
            rank = 0;
            bool haveDescr = false, haveOrder = false, haveShape = false;
            SkipWhiteSpace();
            Expect((byte)'{', "the header does not start with '{' (a Python dict)");
            while (true)
            {
                SkipWhiteSpace();
                if (TryTake((byte)'}')) break;
                ReadOnlySpan<byte> key = ReadString("a dict key");
                SkipWhiteSpace();
                Expect((byte)':', "':' after a key");
                SkipWhiteSpace();
                if (key.SequenceEqual("descr"u8))
                {
                    if (haveDescr) throw Fail("the key 'descr' appears twice");
                    if (!AtEnd && _text[_position] is (byte)'[' or (byte)'(' or (byte)'{')
                        throw new InvalidDataException($"'{_path}' cannot be loaded: it holds a structured numpy dtype (a record array), which this library does not map. Supported: {NpyDTypes.SupportedList}.");
                    descr = ReadString("the descr string");
                    haveDescr = true;
                }
                else if (key.SequenceEqual("fortran_order"u8))
                {
                    if (haveOrder) throw Fail("the key 'fortran_order' appears twice");
                    fortranOrder = ReadBool();
                    haveOrder = true;
                }
                else if (key.SequenceEqual("shape"u8))
                {
                    if (haveShape) throw Fail("the key 'shape' appears twice");
                    rank = ReadShape(shape);
                    haveShape = true;
                }
                else
                {
                    throw Fail($"the header has the key '{Decode(key, _version)}'; numpy's headers have exactly 'descr', 'fortran_order' and 'shape'");
                }
                SkipWhiteSpace();
                if (TryTake((byte)',')) continue;
                Expect((byte)'}', "',' or '}' after a value");
                break;
            }
            SkipWhiteSpace();
            if (!AtEnd)
                throw Fail($"unexpected {Describe(_text[_position])} after the dict at byte {_position} of the header");
            if (!haveDescr || !haveOrder || !haveShape)
            {
                string missing = string.Join(", ", new[] { (haveDescr, "'descr'"), (haveOrder, "'fortran_order'"), (haveShape, "'shape'") }.Where(k => !k.Item1).Select(k => k.Item2));
                throw Fail($"the header lacks {missing}");
            }
        }

        private readonly bool AtEnd => _position >= _text.Length;

        private void SkipWhiteSpace()
        {
            while (!AtEnd && _text[_position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') _position++;
        }

        private bool TryTake(byte expected)
        {
            if (AtEnd || _text[_position] != expected) return false;
            _position++;
            return true;
        }

        private void Expect(byte expected, string what)
        {
            if (TryTake(expected)) return;
            throw Fail(AtEnd ? $"the header ends where {what} should be" : $"expected {what} at byte {_position} of the header but found {Describe(_text[_position])}");
        }

        private ReadOnlySpan<byte> ReadString(string what)
        {
            if (AtEnd || _text[_position] is not ((byte)'\'' or (byte)'"'))
                throw Fail(AtEnd ? $"the header ends where {what} should be" : $"expected {what} (a quoted string) at byte {_position} of the header but found {Describe(_text[_position])}");
            byte quote = _text[_position++];
            int start = _position;
            while (true)
            {
                if (AtEnd) throw Fail($"{what} is not closed");
                byte c = _text[_position];
                if (c == quote) break;
                if (c is (byte)'\\' or (byte)'\n' or (byte)'\r' or 0)
                    throw Fail($"{what} holds {Describe(c)}, which numpy never writes there");
                _position++;
            }
            ReadOnlySpan<byte> value = _text[start.._position];
            _position++;
            return value;
        }

        private bool ReadBool()
        {
            ReadOnlySpan<byte> rest = _text[_position..];
            if (rest.StartsWith("True"u8) && !IsNameChar(rest, 4))
            {
                _position += 4;
                return true;
            }
            if (rest.StartsWith("False"u8) && !IsNameChar(rest, 5))
            {
                _position += 5;
                return false;
            }
            throw Fail($"'fortran_order' is not True or False at byte {_position} of the header");
        }

        private static bool IsNameChar(ReadOnlySpan<byte> text, int index) =>
            index < text.Length && (char.IsAsciiLetterOrDigit((char)text[index]) || text[index] == '_' || text[index] >= 0x80);

        private int ReadShape(Span<long> shape)
        {
            Expect((byte)'(', "'(' starting the shape tuple");
            int rank = 0;
            bool sawComma = false;
            while (true)
            {
                SkipWhiteSpace();
                if (TryTake((byte)')')) break;
                if (rank == MaxRank)
                    throw Fail($"the shape has more than {MaxRank} dimensions");
                shape[rank++] = ReadDimension();
                SkipWhiteSpace();
                if (TryTake((byte)','))
                {
                    sawComma = true;
                    continue;
                }
                Expect((byte)')', "',' or ')' in the shape tuple");
                break;
            }
            // "(3)" is the integer 3 in Python, not a tuple: numpy refuses it.
            if (rank == 1 && !sawComma)
                throw Fail("the shape '(n)' lacks the comma of a one-element tuple '(n,)'");
            return rank;
        }

        private long ReadDimension()
        {
            int start = _position;
            if (!AtEnd && _text[_position] == '-')
                throw Fail($"the shape has a negative dimension at byte {_position} of the header");
            long value = 0;
            bool overflow = false;
            while (!AtEnd && char.IsAsciiDigit((char)_text[_position]))
            {
                int digit = _text[_position++] - '0';
                if (value > (long.MaxValue - digit) / 10) overflow = true;
                else value = value * 10 + digit;
            }
            int length = _position - start;
            if (length == 0)
                throw Fail(AtEnd ? "the header ends inside the shape" : $"expected a dimension (a decimal integer) at byte {start} of the header but found {Describe(_text[start])}");
            // Python refuses leading zeros ("03") except in zero itself ("00").
            if (_text[start] == '0' && value != 0)
                throw Fail($"the dimension at byte {start} of the header has a leading zero, which Python does not read");
            if (overflow)
                throw Fail($"the dimension at byte {start} of the header does not fit in 64 bits");
            // Python 2 wrote longs as 3L; numpy drops the L when it reads formats 1.0 and 2.0.
            if (_version <= 2 && !AtEnd && _text[_position] == 'L') _position++;
            if (!AtEnd && IsNameChar(_text, _position))
                throw Fail($"the dimension at byte {start} of the header is followed by {Describe(_text[_position])}");
            return value;
        }

        private readonly InvalidDataException Fail(string reason) => Invalid(_path, reason + ".");

        private static string Describe(byte c) => c switch
        {
            >= 0x20 and < 0x7f => $"'{(char)c}'",
            _ => $"byte 0x{c:X2}",
        };
    }
}
