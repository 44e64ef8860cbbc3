using System.Numerics;
using NumSharp;

namespace StorageTyped.Arrays;

/// <summary>
/// What each supported dtype is in numpy (descr, name, item size) and in .NET (element type, NumSharp type code),
/// and the parsing of a header's descr. numpy writes descr as dtype.str: a byte order ('&lt;', '&gt;', '|'), a kind
/// and an item size, such as '&lt;f8' or '|b1'.
/// </summary>
internal static class NpyDTypes
{
    /// <summary>Every supported dtype, in declaration order.</summary>
    public static ReadOnlySpan<NpyDType> All =>
    [
        NpyDType.Bool, NpyDType.Int8, NpyDType.UInt8, NpyDType.Int16, NpyDType.UInt16, NpyDType.Int32, NpyDType.UInt32,
        NpyDType.Int64, NpyDType.UInt64, NpyDType.Float16, NpyDType.Float32, NpyDType.Float64, NpyDType.Complex128,
    ];

    private static readonly string[] Names =
        ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float16", "float32", "float64", "complex128"];

    private static readonly Type[] ClrTypes =
    [
        typeof(bool), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(Half), typeof(float), typeof(double), typeof(Complex),
    ];

    private static readonly NPTypeCode[] TypeCodes =
    [
        NPTypeCode.Boolean, NPTypeCode.SByte, NPTypeCode.Byte, NPTypeCode.Int16, NPTypeCode.UInt16, NPTypeCode.Int32, NPTypeCode.UInt32,
        NPTypeCode.Int64, NPTypeCode.UInt64, NPTypeCode.Half, NPTypeCode.Single, NPTypeCode.Double, NPTypeCode.Complex,
    ];

    private static ReadOnlySpan<byte> ItemSizes => [1, 1, 1, 2, 2, 4, 4, 8, 8, 2, 4, 8, 16];

    private static ReadOnlySpan<byte> Kinds => "biuiuiuiufffc"u8;

    /// <summary>A sentence listing the supported types, for error messages.</summary>
    public const string SupportedList =
        "bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float16, float32, float64, complex128 " +
        "(.NET bool, sbyte, byte, short, ushort, int, uint, long, ulong, Half, float, double, Complex)";

    /// <summary>Bytes per element.</summary>
    public static int ItemSize(NpyDType dtype) => ItemSizes[(int)dtype];

    /// <summary>numpy's name, such as float64.</summary>
    public static string Name(NpyDType dtype) => Names[(int)dtype];

    /// <summary>The .NET element type.</summary>
    public static Type ClrType(NpyDType dtype) => ClrTypes[(int)dtype];

    /// <summary>The NumSharp type code.</summary>
    public static NPTypeCode TypeCode(NpyDType dtype) => TypeCodes[(int)dtype];

    /// <summary>The C# keyword or type name, for messages such as "use LoadNp&lt;double&gt;".</summary>
    public static string ClrName(NpyDType dtype) => dtype switch
    {
        NpyDType.Bool => "bool",
        NpyDType.Int8 => "sbyte",
        NpyDType.UInt8 => "byte",
        NpyDType.Int16 => "short",
        NpyDType.UInt16 => "ushort",
        NpyDType.Int32 => "int",
        NpyDType.UInt32 => "uint",
        NpyDType.Int64 => "long",
        NpyDType.UInt64 => "ulong",
        NpyDType.Float16 => "Half",
        NpyDType.Float32 => "float",
        NpyDType.Float64 => "double",
        _ => "Complex",
    };

    /// <summary>
    /// The descr numpy writes for this dtype in this machine's byte order: '&lt;f8' on little-endian machines, '|b1'
    /// for one-byte types (numpy's dtype.str).
    /// </summary>
    public static string Descr(NpyDType dtype) => Descrs[(int)dtype];

    private static readonly string[] Descrs = BuildDescrs();

    private static string[] BuildDescrs()
    {
        char native = BitConverter.IsLittleEndian ? '<' : '>';
        var descrs = new string[Names.Length];
        foreach (NpyDType dtype in All)
        {
            int size = ItemSize(dtype);
            descrs[(int)dtype] = $"{(size == 1 ? '|' : native)}{(char)Kinds[(int)dtype]}{size}";
        }
        return descrs;
    }

    /// <summary>The dtype whose .NET element type is <paramref name="type"/>, if any.</summary>
    public static bool TryFromClrType(Type type, out NpyDType dtype)
    {
        int index = Array.IndexOf(ClrTypes, type);
        dtype = (NpyDType)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>The dtype of a NumSharp type code, if numpy has one.</summary>
    public static bool TryFromTypeCode(NPTypeCode typeCode, out NpyDType dtype)
    {
        int index = Array.IndexOf(TypeCodes, typeCode);
        dtype = (NpyDType)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>
    /// Parses a descr string as numpy's dtype() reads a simple type string: an optional byte order ('&lt;', '&gt;',
    /// '=', '|'), a kind (b, i, u, f, c) and an item size, or '?' for bool. '=', '|' and no byte order mean this
    /// machine's order.
    /// </summary>
    /// <returns>False when the descr names no supported dtype (the caller explains which).</returns>
    public static bool TryParseDescr(ReadOnlySpan<byte> descr, out NpyDType dtype, out bool bigEndian)
    {
        dtype = default;
        bigEndian = !BitConverter.IsLittleEndian;
        if (descr.Length > 0 && descr[0] is (byte)'<' or (byte)'>' or (byte)'=' or (byte)'|')
        {
            if (descr[0] == '<') bigEndian = false;
            else if (descr[0] == '>') bigEndian = true;
            descr = descr[1..];
        }
        if (descr.SequenceEqual("?"u8))
        {
            dtype = NpyDType.Bool;
            return true;
        }
        if (descr.Length < 2 || descr.Length > 3) return false;
        int size = 0;
        foreach (byte digit in descr[1..])
        {
            if (digit is < (byte)'0' or > (byte)'9') return false;
            size = size * 10 + digit - '0';
        }
        if (descr[1] == '0') return false; // 'f08' is not a numpy type string
        foreach (NpyDType candidate in All)
        {
            if (Kinds[(int)candidate] == descr[0] && ItemSize(candidate) == size)
            {
                dtype = candidate;
                return true;
            }
        }
        return false;
    }
}
