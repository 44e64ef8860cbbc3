using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using NumSharp;

namespace StorageTyped.Tests.Arrays;

/// <summary>A supported dtype as the tests see it: numpy's descr and name, the .NET type and NumSharp's code.</summary>
public sealed record TestDType(string Name, string Descr, Type ClrType, int ItemSize, NPTypeCode TypeCode)
{
    public override string ToString() => Name;

    /// <summary>Calls the visitor with the .NET element type as its type argument.</summary>
    public TResult Accept<TResult>(IDTypeVisitor<TResult> visitor) => Name switch
    {
        "bool" => visitor.Visit<bool>(),
        "int8" => visitor.Visit<sbyte>(),
        "uint8" => visitor.Visit<byte>(),
        "int16" => visitor.Visit<short>(),
        "uint16" => visitor.Visit<ushort>(),
        "int32" => visitor.Visit<int>(),
        "uint32" => visitor.Visit<uint>(),
        "int64" => visitor.Visit<long>(),
        "uint64" => visitor.Visit<ulong>(),
        "float16" => visitor.Visit<Half>(),
        "float32" => visitor.Visit<float>(),
        "float64" => visitor.Visit<double>(),
        "complex128" => visitor.Visit<Complex>(),
        _ => throw new ArgumentException(Name),
    };
}

/// <summary>Code run with a dtype's .NET type as a type argument.</summary>
public interface IDTypeVisitor<out TResult>
{
    TResult Visit<T>() where T : unmanaged;
}

public static class NpyTestTypes
{
    public static readonly TestDType[] All =
    [
        new("bool", "|b1", typeof(bool), 1, NPTypeCode.Boolean),
        new("int8", "|i1", typeof(sbyte), 1, NPTypeCode.SByte),
        new("uint8", "|u1", typeof(byte), 1, NPTypeCode.Byte),
        new("int16", "<i2", typeof(short), 2, NPTypeCode.Int16),
        new("uint16", "<u2", typeof(ushort), 2, NPTypeCode.UInt16),
        new("int32", "<i4", typeof(int), 4, NPTypeCode.Int32),
        new("uint32", "<u4", typeof(uint), 4, NPTypeCode.UInt32),
        new("int64", "<i8", typeof(long), 8, NPTypeCode.Int64),
        new("uint64", "<u8", typeof(ulong), 8, NPTypeCode.UInt64),
        new("float16", "<f2", typeof(Half), 2, NPTypeCode.Half),
        new("float32", "<f4", typeof(float), 4, NPTypeCode.Single),
        new("float64", "<f8", typeof(double), 8, NPTypeCode.Double),
        new("complex128", "<c16", typeof(Complex), 16, NPTypeCode.Complex),
    ];

    public static TestDType ByName(string name) => All.Single(d => d.Name == name);

    /// <summary>Shape classes: 0-d, empty, one element, vector, matrix, empty inner axis, 3-d, 4-d with ones.</summary>
    public static readonly long[][] Shapes = [[], [0], [1], [7], [2, 3], [3, 0, 2], [2, 3, 4], [1, 2, 1, 3]];

    public static long Count(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>
    /// Little-endian bytes of <paramref name="count"/> elements: random bits (so floats include every class) with
    /// the hard values first: NaN (quiet and with a payload), ±Inf, -0.0, the smallest and largest subnormal, and
    /// the extreme integers. Bools are 0 or 1.
    /// </summary>
    public static byte[] Values(TestDType dtype, long count, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[count * dtype.ItemSize];
        random.NextBytes(bytes);
        if (dtype.Name == "bool")
        {
            for (int i = 0; i < bytes.Length; i++) bytes[i] &= 1;
            return bytes;
        }
        var specials = new List<byte[]>();
        switch (dtype.Name)
        {
            case "float16":
                foreach (ushort bits in new ushort[] { 0x7E00, 0x7C01, 0x7C00, 0xFC00, 0x8000, 0x0001, 0x03FF, 0x7BFF })
                    specials.Add(BitConverter.GetBytes(bits));
                break;
            case "float32":
                foreach (uint bits in new uint[] { 0x7FC00000, 0x7F800001, 0x7F800000, 0xFF800000, 0x80000000, 0x00000001, 0x007FFFFF, 0x7F7FFFFF })
                    specials.Add(BitConverter.GetBytes(bits));
                break;
            case "float64":
            case "complex128":
                foreach (ulong bits in new ulong[] { 0x7FF8000000000000, 0x7FF0000000000001, 0x7FF0000000000000, 0xFFF0000000000000, 0x8000000000000000, 0x1, 0x000FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF })
                    specials.Add(BitConverter.GetBytes(bits));
                break;
            default:
                int size = dtype.ItemSize;
                bool signed = dtype.Name.StartsWith("int", StringComparison.Ordinal);
                var max = new byte[size];
                var min = new byte[size];
                Array.Fill(max, (byte)0xFF);
                if (signed)
                {
                    max[^1] = 0x7F;
                    min[^1] = 0x80;
                }
                specials.Add(max);
                specials.Add(min);
                specials.Add(Enumerable.Repeat((byte)0xFF, size).ToArray());
                break;
        }
        int width = specials[0].Length;
        for (int i = 0; i < specials.Count && (i + 1) * width <= bytes.Length; i++)
            specials[i].CopyTo(bytes, i * width);
        return bytes;
    }

    /// <summary>A .NET array of the dtype's type with the given shape (rank ≥ 1) filled with the bytes.</summary>
    public static Array ToArray(TestDType dtype, byte[] bytes, long[] shape)
    {
        Array array = Array.CreateInstance(dtype.ClrType, shape);
        bytes.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), bytes.Length));
        return array;
    }

    /// <summary>The bytes of an unmanaged array.</summary>
    public static byte[] BytesOf<T>(T[] array) where T : unmanaged => MemoryMarshal.AsBytes(array.AsSpan()).ToArray();

    /// <summary>The bytes reversed element by element (complex: each half), as a big-endian file holds them.</summary>
    public static byte[] ToBigEndian(TestDType dtype, byte[] littleEndian)
    {
        var result = (byte[])littleEndian.Clone();
        int unit = dtype.Name == "complex128" ? 8 : dtype.ItemSize;
        for (int i = 0; i < result.Length; i += unit) Array.Reverse(result, i, unit);
        return result;
    }

    /// <summary>
    /// A hand-made preamble and header: magic, version, length field, the text, spaces up to
    /// <paramref name="extraSpaces"/> (null: numpy's padding to a multiple of 64) and a newline.
    /// </summary>
    public static byte[] Header(byte[] text, int version, int? extraSpaces = null)
    {
        int preamble = version == 1 ? 10 : 12;
        int headerLength = text.Length + 1;
        headerLength += extraSpaces ?? (64 - (preamble + headerLength) % 64) % 64;
        var header = new byte[preamble + headerLength];
        StorageTyped.Arrays.NpyHeaderParser.Magic.CopyTo(header);
        header[6] = (byte)version;
        if (version == 1) BitConverter.TryWriteBytes(header.AsSpan(8), (ushort)headerLength);
        else BitConverter.TryWriteBytes(header.AsSpan(8), (uint)headerLength);
        header.AsSpan(preamble).Fill((byte)' ');
        text.CopyTo(header, preamble);
        header[^1] = (byte)'\n';
        return header;
    }

    /// <summary>Reads a little-endian u16 at an offset (header length fields).</summary>
    public static int UInt16At(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset));
}
