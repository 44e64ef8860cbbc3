using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NumSharp;

namespace StorageTyped.Media;

/// <summary>
/// One image as 8-bit pixels, rows top to bottom and channels interleaved (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA),
/// made from the shapes users hold: byte[,], byte[,,], NumSharp arrays and floating-point images with an explicit
/// scaling. Byte arrays are read in place; other inputs are converted into a rented buffer that Dispose returns.
/// </summary>
internal readonly ref struct FrameImage
{
    private readonly byte[]? _rented;

    private FrameImage(ReadOnlySpan<byte> pixels, int height, int width, int channels, byte[]? rented)
    {
        Pixels = pixels;
        Height = height;
        Width = width;
        Channels = channels;
        _rented = rented;
    }

    /// <summary>height × width × channels bytes.</summary>
    public ReadOnlySpan<byte> Pixels { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Pixels a row.</summary>
    public int Width { get; }

    /// <summary>1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</summary>
    public int Channels { get; }

    /// <summary>Returns the converted pixels' buffer, if any.</summary>
    public void Dispose()
    {
        if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
    }

    /// <summary>A gray image, H × W.</summary>
    public static FrameImage From(byte[,] image, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(image, parameterName);
        CheckSize(image.GetLength(0), image.GetLength(1), 1, parameterName);
        return new FrameImage(BytesOf(image), image.GetLength(0), image.GetLength(1), 1, rented: null);
    }

    /// <summary>An H × W × C image, C = 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA).</summary>
    public static FrameImage From(byte[,,] image, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(image, parameterName);
        CheckSize(image.GetLength(0), image.GetLength(1), image.GetLength(2), parameterName);
        return new FrameImage(BytesOf(image), image.GetLength(0), image.GetLength(1), image.GetLength(2), rented: null);
    }

    /// <summary>A NumSharp array of dtype uint8, shape (H, W) or (H, W, C).</summary>
    public static FrameImage From(NDArray image, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(image, parameterName);
        (int height, int width, int channels) = ShapeOf(image, parameterName);
        if (image.typecode != NPTypeCode.Byte)
            throw new ArgumentException($"The image has dtype {image.dtype.Name}; frames are 8-bit (uint8). Convert it (image.astype(NPTypeCode.Byte)) or pass the value range to scale it: SaveFrame(image, key, min, max).", parameterName);
        // ToArray copies in C order whatever the layout (slices and transposed views included).
        return new FrameImage(image.ToArray<byte>(), height, width, channels, rented: null);
    }

    /// <summary>A NumSharp array of any numeric dtype, shape (H, W) or (H, W, C), scaled from [min, max] to [0, 255].</summary>
    public static FrameImage FromScaled(NDArray image, double min, double max, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(image, parameterName);
        (int height, int width, int channels) = ShapeOf(image, parameterName);
        if (image.typecode is NPTypeCode.Boolean or NPTypeCode.Char or NPTypeCode.String or NPTypeCode.Empty or NPTypeCode.Complex)
            throw new ArgumentException($"The image has dtype {image.dtype.Name}, which is not a number type; frames are made from numbers.", parameterName);
        double[] values;
        if (image.typecode == NPTypeCode.Double)
        {
            values = image.ToArray<double>();
        }
        else
        {
            using NDArray converted = image.astype(NPTypeCode.Double);
            values = converted.ToArray<double>();
        }
        return FromScaled<double>(values, height, width, channels, min, max, parameterName);
    }

    /// <summary>A floating-point image, H × W × C flattened, scaled linearly from [min, max] to [0, 255].</summary>
    public static FrameImage FromScaled<T>(ReadOnlySpan<T> values, int height, int width, int channels, double min, double max, string parameterName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentException($"The value range [{min}, {max}] is not usable for scaling: min and max must be finite numbers with min < max (min becomes 0, max becomes 255).", nameof(min));
        CheckSize(height, width, channels, parameterName);
        int count = height * width * channels;
        byte[] rented = ArrayPool<byte>.Shared.Rent(count);
        double range = max - min;
        for (int i = 0; i < count; i++)
        {
            double value = double.CreateTruncating(values[i]);
            if (double.IsNaN(value))
            {
                ArrayPool<byte>.Shared.Return(rented);
                int pixel = i / channels;
                throw new ArgumentException($"The image holds NaN at row {pixel / width}, column {pixel % width}{(channels > 1 ? $", channel {i % channels}" : "")}; a frame needs a number for every pixel. Replace NaN first.", parameterName);
            }
            // Values outside [min, max] are clamped; +0.5 and truncation round to the nearest level. Multiplying
            // before dividing keeps exact halves exact (100 of 0..200 is 127.5, not 127.49999999999999).
            double level = (value - min) * 255.0 / range;
            rented[i] = level <= 0 ? (byte)0 : level >= 255 ? (byte)255 : (byte)(level + 0.5);
        }
        return new FrameImage(rented.AsSpan(0, count), height, width, channels, rented);
    }

    /// <summary>The bytes of a multi-dimensional array in row-major order, without copying.</summary>
    public static ReadOnlySpan<byte> BytesOf(Array image) =>
        MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(image), image.Length);

    /// <summary>The values of a multi-dimensional array of <typeparamref name="T"/> in row-major order, without copying.</summary>
    public static ReadOnlySpan<T> ValuesOf<T>(Array image) where T : unmanaged =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(image)), image.Length);

    /// <summary>Writes the image as RGB (gray repeated, alpha dropped) to <paramref name="destination"/>: height × width × 3 bytes.</summary>
    public void CopyToRgb(Span<byte> destination)
    {
        int pixels = Height * Width;
        ReadOnlySpan<byte> source = Pixels;
        switch (Channels)
        {
            case 3:
                source.CopyTo(destination);
                break;
            default:
                for (int p = 0; p < pixels; p++)
                {
                    int from = p * Channels;
                    int to = p * 3;
                    if (Channels <= 2)
                    {
                        byte gray = source[from];
                        destination[to] = gray;
                        destination[to + 1] = gray;
                        destination[to + 2] = gray;
                    }
                    else
                    {
                        destination[to] = source[from];
                        destination[to + 1] = source[from + 1];
                        destination[to + 2] = source[from + 2];
                    }
                }
                break;
        }
    }

    private static (int Height, int Width, int Channels) ShapeOf(NDArray image, string parameterName)
    {
        long[] shape = image.shape;
        if (shape.Length is not (2 or 3))
            throw new ArgumentException($"The image has {shape.Length} dimensions (shape ({string.Join(", ", shape)})); a frame is (height, width) gray or (height, width, channels) with 1 to 4 channels.", parameterName);
        if (shape.Any(length => length > int.MaxValue))
            throw new ArgumentException($"The image's shape ({string.Join(", ", shape)}) is too large for a frame.", parameterName);
        int channels = shape.Length == 3 ? (int)shape[2] : 1;
        CheckSize((int)shape[0], (int)shape[1], channels, parameterName);
        return ((int)shape[0], (int)shape[1], channels);
    }

    private static void CheckSize(int height, int width, int channels, string parameterName)
    {
        if (height < 1 || width < 1)
            throw new ArgumentException($"The image is {height} × {width} pixels; a frame needs at least one row and one column.", parameterName);
        if (channels is < 1 or > 4)
            throw new ArgumentException($"The image has {channels} channels; a frame has 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA).", parameterName);
        if ((long)height * width * channels > Array.MaxLength / 2)
            throw new ArgumentException($"The image ({height} × {width} × {channels}) is too large for one frame.", parameterName);
    }
}
