using System.Numerics;
using System.Runtime.CompilerServices;

namespace StorageTyped.Arrays;

/// <summary>
/// What each supported dtype is in numpy (descr, name, item size) and in .NET (element type), and the parsing of a
/// header's descr. NumSharp's type codes are in <see cref="NumSharpTypeCodes"/>, so that a load into a .NET array never
/// loads NumSharp's assembly (measured: a third of the first call's 20 ms). numpy writes descr as dtype.str: a byte order ('&lt;', '&gt;', '|'), a kind
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
    /// <remarks>A switch, not a table: a table would load System.Runtime.Numerics (for Complex) on every first load.</remarks>
    public static Type ClrType(NpyDType dtype) => dtype switch
    {
        NpyDType.Bool => typeof(bool),
        NpyDType.Int8 => typeof(sbyte),
        NpyDType.UInt8 => typeof(byte),
        NpyDType.Int16 => typeof(short),
        NpyDType.UInt16 => typeof(ushort),
        NpyDType.Int32 => typeof(int),
        NpyDType.UInt32 => typeof(uint),
        NpyDType.Int64 => typeof(long),
        NpyDType.UInt64 => typeof(ulong),
        NpyDType.Float16 => typeof(Half),
        NpyDType.Float32 => typeof(float),
        NpyDType.Float64 => typeof(double),
        _ => ComplexType(),
    };

    // The JIT resolves every type token of a method it compiles: typeof(Complex) in a method of its own loads
    // System.Runtime.Numerics only when a complex array is met.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Type ComplexType() => typeof(Complex);

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
        var descrs = new string[All.Length];
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
        foreach (NpyDType candidate in All)
        {
            if (ClrType(candidate) == type)
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
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
