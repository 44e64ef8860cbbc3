using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using MessagePack;
using StorageTyped.Arrays;

namespace StorageTyped.Objects;

/// <summary>
/// Turns what Razorvine.Pickle read into MessagePack, so that a pickle is read as any <c>T</c> MessagePack reads:
/// None → nil, bool, int (up to 64 bits), float, str, bytes and bytearray → bin, list, tuple, set and frozenset →
/// array, dict → map, numpy arrays → nested arrays as <c>ndarray.tolist()</c> gives them, numpy scalars → their value.
/// Anything else is refused by name.
/// </summary>
/// <remarks>
/// A pickle can share one object many times (its memo) and can contain itself, so the conversion is bounded: at most
/// <see cref="MaxDepth"/> levels of nesting, and MessagePack output of at most 16 times the pickle's size plus 1 MiB.
/// </remarks>
internal sealed class PickleConverter
{
    /// <summary>The deepest nesting converted: MessagePack's own limit for untrusted data.</summary>
    public const int MaxDepth = 500;

    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly string _path;
    private readonly long _limit;

    private PickleConverter(string path, long limit)
    {
        _path = path;
        _limit = limit;
    }

    /// <summary>The MessagePack form of <paramref name="value"/>, read from a pickle of <paramref name="pickleLength"/> bytes.</summary>
    /// <exception cref="InvalidDataException">It holds something that is not plain data, nests too deep or expands too far.</exception>
    public static ReadOnlyMemory<byte> ToMessagePack(object? value, long pickleLength, string path)
    {
        var converter = new PickleConverter(path, 16 * pickleLength + (1 << 20));
        var writer = new MessagePackWriter(converter._output);
        converter.Write(ref writer, value, depth: 0);
        writer.Flush();
        return converter._output.WrittenMemory;
    }

    private void Write(ref MessagePackWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
            throw new InvalidDataException($"'{_path}' nests more than {MaxDepth} levels deep (or holds an object that contains itself); it is not read.");
        writer.Flush();
        if (_output.WrittenCount > _limit)
            throw new InvalidDataException($"'{_path}' expands to more than {_limit:N0} bytes of data (an object shared or repeated many times); it is not read.");
        switch (value)
        {
            case null: writer.WriteNil(); break;
            case bool b: writer.Write(b); break;
            case int i: writer.Write(i); break;
            case long l: writer.Write(l); break;
            case BigInteger big:
                if (big >= long.MinValue && big <= long.MaxValue) writer.Write((long)big);
                else if (big.Sign > 0 && big <= ulong.MaxValue) writer.Write((ulong)big);
                else throw new InvalidDataException($"'{_path}' holds an integer beyond 64 bits ({big.GetBitLength()} bits), which has no plain .NET form here; it is not read.");
                break;
            case double d: writer.Write(d); break;
            case string s: writer.Write(s); break;
            case byte[] bytes: writer.Write(bytes); break;
            case object[] tuple:
                writer.WriteArrayHeader(tuple.Length);
                foreach (object? item in tuple) Write(ref writer, item, depth + 1);
                break;
            case ArrayList list:
                writer.WriteArrayHeader(list.Count);
                foreach (object? item in list) Write(ref writer, item, depth + 1);
                break;
            case HashSet<object> set:
                writer.WriteArrayHeader(set.Count);
                foreach (object? item in set) Write(ref writer, item, depth + 1);
                break;
            case Hashtable dictionary:
                writer.WriteMapHeader(dictionary.Count);
                foreach (DictionaryEntry entry in dictionary)
                {
                    Write(ref writer, entry.Key, depth + 1);
                    Write(ref writer, entry.Value, depth + 1);
                }
                break;
            case NumpyPickle.PickledArray array: WriteArray(ref writer, array, depth); break;
            case NumpyPickle.Scalar scalar:
            {
                NpyDType dtype = ElementType(scalar.DType, out bool bigEndian);
                if (scalar.Data.Length != NpyDTypes.ItemSize(dtype)) throw Refused($"a numpy scalar of {scalar.DType} with {scalar.Data.Length} bytes");
                WriteElement(ref writer, dtype, bigEndian, scalar.Data);
                break;
            }
            default: throw Refused(Describe(value));
        }
    }

    private void WriteArray(ref MessagePackWriter writer, NumpyPickle.PickledArray array, int depth)
    {
        if (array.DType is null) throw Refused("a numpy array whose state was never restored");
        if (array.ObjectArray) throw Refused($"a numpy array of {array.DType} (objects)");
        NpyDType dtype = ElementType(array.DType, out bool bigEndian);
        int itemSize = NpyDTypes.ItemSize(dtype);
        long count = 1;
        foreach (long dimension in array.Shape)
            count = dimension == 0 || count <= long.MaxValue / dimension ? count * dimension : throw Refused("a numpy array whose shape overflows");
        if (array.Data!.LongLength != count * itemSize)
            throw new InvalidDataException($"'{_path}' holds a numpy array of shape ({string.Join(", ", array.Shape)}) and {array.DType} with {array.Data.Length:N0} bytes of data instead of {count * itemSize:N0}; it is damaged.");
        if (depth + array.Shape.Length > MaxDepth) Write(ref writer, null, MaxDepth + 1); // throws: too deep
        if (array.Shape.Length == 0)
        {
            WriteElement(ref writer, dtype, bigEndian, array.Data);
            return;
        }
        // Strides in elements, for C order or Fortran order: tolist() walks the indices in C order either way.
        long[] strides = new long[array.Shape.Length];
        long stride = 1;
        for (int k = 0; k < strides.Length; k++)
        {
            int axis = array.IsFortranOrder ? k : strides.Length - 1 - k;
            strides[axis] = stride;
            stride *= array.Shape[axis];
        }
        WriteAxis(ref writer, array, dtype, bigEndian, itemSize, strides, axis: 0, offset: 0);
    }

    private void WriteAxis(ref MessagePackWriter writer, NumpyPickle.PickledArray array, NpyDType dtype, bool bigEndian, int itemSize, long[] strides, int axis, long offset)
    {
        long length = array.Shape[axis];
        if (length > int.MaxValue) throw Refused("a numpy array with more than 2³¹ elements along one axis");
        writer.WriteArrayHeader((int)length);
        for (long i = 0; i < length; i++)
        {
            long element = offset + i * strides[axis];
            if (axis == array.Shape.Length - 1)
            {
                WriteElement(ref writer, dtype, bigEndian, array.Data.AsSpan((int)(element * itemSize), itemSize));
                if ((i & 0xFFFF) == 0xFFFF) CheckSize(ref writer);
            }
            else
            {
                WriteAxis(ref writer, array, dtype, bigEndian, itemSize, strides, axis + 1, element);
            }
        }
        CheckSize(ref writer);
    }

    private void CheckSize(ref MessagePackWriter writer)
    {
        writer.Flush();
        if (_output.WrittenCount > _limit)
            throw new InvalidDataException($"'{_path}' expands to more than {_limit:N0} bytes of data; it is not read.");
    }

    private static void WriteElement(ref MessagePackWriter writer, NpyDType dtype, bool bigEndian, ReadOnlySpan<byte> bytes)
    {
        switch (dtype)
        {
            case NpyDType.Bool: writer.Write(bytes[0] != 0); break;
            case NpyDType.Int8: writer.Write((sbyte)bytes[0]); break;
            case NpyDType.UInt8: writer.Write(bytes[0]); break;
            case NpyDType.Int16: writer.Write(bigEndian ? BinaryPrimitives.ReadInt16BigEndian(bytes) : BinaryPrimitives.ReadInt16LittleEndian(bytes)); break;
            case NpyDType.UInt16: writer.Write(bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes)); break;
            case NpyDType.Int32: writer.Write(bigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes)); break;
            case NpyDType.UInt32: writer.Write(bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes)); break;
            case NpyDType.Int64: writer.Write(bigEndian ? BinaryPrimitives.ReadInt64BigEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes)); break;
            case NpyDType.UInt64: writer.Write(bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes)); break;
            case NpyDType.Float16: writer.Write((float)(bigEndian ? BinaryPrimitives.ReadHalfBigEndian(bytes) : BinaryPrimitives.ReadHalfLittleEndian(bytes))); break;
            case NpyDType.Float32: writer.Write(bigEndian ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes)); break;
            default: writer.Write(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes)); break;
        }
    }

    /// <summary>The element type of a numpy dtype; refused when it has no plain value here (complex, strings, objects, dates, records).</summary>
    private NpyDType ElementType(NumpyPickle.DType type, out bool bigEndian)
    {
        NpyDType? dtype = type.ToNpy(out bigEndian);
        if (dtype is null or NpyDType.Complex128) throw Refused($"numpy values of {type}");
        return dtype.Value;
    }

    /// <summary>The Python name of an object Razorvine made from something the scan let through.</summary>
    private static string Describe(object value) => value switch
    {
        Razorvine.Pickle.Objects.ClassDict classDict => classDict.ClassName,
        Razorvine.Pickle.Objects.ClassDictConstructor constructor => $"{constructor.module}.{constructor.name}",
        Razorvine.Pickle.PythonException exception => exception.PythonExceptionType ?? "an exception",
        Razorvine.Pickle.IObjectConstructor => "a class or function (not called)",
        NumpyPickle.DType dtype => $"numpy {dtype} alone",
        DateTime or TimeSpan => "datetime",
        decimal => "decimal.Decimal",
        _ => value.GetType().Name,
    };

    private InvalidDataException Refused(string what) =>
        new($"'{_path}' holds {what}, which is not plain data (None, bool, int, float, str, bytes, list, tuple, dict, set, numpy arrays and scalars of bool, integer and float dtypes); it is not read.");
}
