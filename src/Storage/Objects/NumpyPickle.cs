using System.Text;
using Razorvine.Pickle;
using StorageTyped.Arrays;

namespace StorageTyped.Objects;

/// <summary>
/// numpy's pickled forms, read as data: an array is <c>_reconstruct(ndarray, (0,), b'b')</c> followed by its state
/// (shape, dtype, order, raw bytes) in protocols 2–4, or <c>_frombuffer(bytes, dtype, shape, order)</c> in protocol
/// 5; a dtype is <c>dtype('f8', False, True)</c> with its byte order as state; a scalar is <c>scalar(dtype, bytes)</c>.
/// The constructors only record these values; <see cref="PickleConverter"/> turns them into plain values.
/// </summary>
/// <remarks>
/// Razorvine.Pickle restores state by calling a public method named <c>__setstate__</c> by reflection, hence the
/// Python names of those methods.
/// </remarks>
internal static class NumpyPickle
{
    /// <summary>numpy.ndarray as the class argument of _reconstruct; never called itself.</summary>
    public sealed class NdarrayClass : IObjectConstructor
    {
        /// <summary>The one instance.</summary>
        public static NdarrayClass Instance { get; } = new();

        /// <inheritdoc />
        public object construct(object[] args) => throw new PickleException("numpy.ndarray is called directly, not through its reduce form");
    }

    /// <summary>A numpy dtype: its kind and size ('f8'), then its byte order from the state.</summary>
    public sealed class DType
    {
        /// <summary>The type string, such as f8, i4, b1, U3.</summary>
        public required string TypeString { get; init; }

        /// <summary>'&lt;', '&gt;', '|' or '='.</summary>
        public char ByteOrder { get; private set; } = '=';

        /// <summary>True for a structured or sub-array dtype (fields, names or a sub-dtype in the state).</summary>
        public bool IsStructured { get; private set; }

        /// <summary>Restores the state numpy pickles: (version, byteorder, subdtype, names, fields, elsize, alignment, flags[, metadata]).</summary>
        public void __setstate__(object[] state)
        {
            if (state.Length < 5 || state[1] is not string order || order.Length != 1) throw new PickleException("a numpy dtype state of an unknown form");
            ByteOrder = order[0];
            IsStructured = state[2] is not null || state[3] is not null || state[4] is not null;
        }

        /// <summary>The .npy dtype, or null when it has no .NET counterpart here (complex64, strings, objects, dates, records …).</summary>
        public NpyDType? ToNpy(out bool bigEndian)
        {
            bigEndian = false;
            if (IsStructured) return null;
            char order = ByteOrder switch { '=' => BitConverter.IsLittleEndian ? '<' : '>', '|' => '|', var o => o };
            if (TypeString.Length > 0 && TypeString[^1] == '1' && TypeString.Length == 2) order = '|';
            return NpyDTypes.TryParseDescr(Encoding.ASCII.GetBytes(order + TypeString), out NpyDType dtype, out bigEndian) ? dtype : null;
        }

        /// <summary>How messages name it, as numpy writes it: dtype('&lt;f8').</summary>
        public override string ToString() => $"dtype('{(ByteOrder == '|' ? "" : ByteOrder.ToString())}{TypeString}')";
    }

    /// <summary>numpy.dtype(type string, align, copy).</summary>
    public sealed class DTypeConstructor : IObjectConstructor
    {
        /// <inheritdoc />
        public object construct(object[] args) =>
            args.Length is >= 1 and <= 3 && args[0] is string typeString && typeString.Length is > 0 and < 32
                ? new DType { TypeString = typeString }
                : throw new PickleException("numpy.dtype with arguments of an unknown form");
    }

    /// <summary>An array: shape, dtype, order and its raw bytes.</summary>
    public sealed class PickledArray
    {
        /// <summary>The dimensions.</summary>
        public long[] Shape { get; private set; } = [];

        /// <summary>The element type.</summary>
        public DType? DType { get; private set; }

        /// <summary>True when the bytes are in Fortran (column-major) order.</summary>
        public bool IsFortranOrder { get; private set; }

        /// <summary>The elements' bytes; null until the state is restored.</summary>
        public byte[]? Data { get; private set; }

        /// <summary>Restores the state of _reconstruct's array: ([version,] shape, dtype, is_fortran, rawdata).</summary>
        public void __setstate__(object[] state)
        {
            int offset = state.Length == 5 ? 1 : state.Length == 4 ? 0 : throw new PickleException("a numpy array state of an unknown form");
            Set(state[offset], state[offset + 1], state[offset + 2] is true, state[offset + 3]);
        }

        /// <summary>Sets the parts, checking their forms.</summary>
        public void Set(object? shape, object? dtype, bool fortranOrder, object? data)
        {
            if (shape is not object[] dimensions || dtype is not DType type)
                throw new PickleException("a numpy array with a shape or dtype of an unknown form");
            Shape = dimensions.Select(d => d is int or long ? Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) : throw new PickleException("a numpy shape that is not integers")).ToArray();
            if (Shape.Any(d => d < 0) || Shape.Length > NpyHeaderFormatter.MaxRank) throw new PickleException("a numpy shape with a negative dimension or too many dimensions");
            DType = type;
            IsFortranOrder = fortranOrder;
            Data = data as byte[]; // object arrays carry a list instead: refused when converted
            ObjectArray = data is not byte[];
        }

        /// <summary>True when the data was not bytes (numpy's object arrays pickle their elements as a list).</summary>
        public bool ObjectArray { get; private set; }
    }

    /// <summary>numpy.core.multiarray._reconstruct(ndarray, (0,), b'b'): an empty array whose state follows.</summary>
    public sealed class ReconstructConstructor : IObjectConstructor
    {
        /// <inheritdoc />
        public object construct(object[] args) =>
            args.Length == 3 && ReferenceEquals(args[0], NdarrayClass.Instance)
                ? new PickledArray()
                : throw new PickleException("numpy's _reconstruct called for something other than numpy.ndarray");
    }

    /// <summary>numpy.core.numeric._frombuffer(buffer, dtype, shape, order): protocol 5's array.</summary>
    public sealed class FromBufferConstructor : IObjectConstructor
    {
        /// <inheritdoc />
        public object construct(object[] args)
        {
            if (args.Length != 4 || args[3] is not ("C" or "F")) throw new PickleException("numpy's _frombuffer with arguments of an unknown form");
            var array = new PickledArray();
            array.Set(args[2], args[1], (string)args[3] == "F", args[0]);
            return array;
        }
    }

    /// <summary>A numpy scalar: its dtype and the bytes of its value.</summary>
    public sealed class Scalar(DType type, byte[] data)
    {
        /// <summary>The element type.</summary>
        public DType DType { get; } = type;

        /// <summary>The value's bytes.</summary>
        public byte[] Data { get; } = data;
    }

    /// <summary>numpy.core.multiarray.scalar(dtype, bytes).</summary>
    public sealed class ScalarConstructor : IObjectConstructor
    {
        /// <inheritdoc />
        public object construct(object[] args) =>
            args is [DType type, byte[] data]
                ? new Scalar(type, data)
                : throw new PickleException("a numpy scalar with arguments of an unknown form");
    }
}
