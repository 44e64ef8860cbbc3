using Microsoft.Win32.SafeHandles;
using StorageTyped.Arrays;

namespace StorageTyped;

/// <summary>
/// What a .npy file holds, read from its header alone (whatever the file's size): dtype, shape, order and format
/// version. <see cref="StorageManager.GetNpInfo"/> gives it for a run's array, <see cref="Read"/> for any file.
/// </summary>
public sealed class NpyFileInfo
{
    private NpyFileInfo(string path, NpyHeader header, long[] shape)
    {
        Path = path;
        DType = NpyDTypes.Name(header.DType);
        Descr = header.DescrText;
        Shape = shape;
        IsFortranOrder = header.IsFortranOrder;
        FormatVersion = header.Version;
        ElementCount = header.ElementCount;
        DataLength = header.DataLength;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>numpy's name of the element type, such as float64 or int32.</summary>
    public string DType { get; }

    /// <summary>The descr as numpy writes it, with the byte order, such as &lt;f8 or |b1.</summary>
    public string Descr { get; }

    /// <summary>The dimensions (empty for a 0-d array).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>True when the data is stored in column-major (Fortran) order.</summary>
    public bool IsFortranOrder { get; }

    /// <summary>The .npy format's major version: 1, 2 or 3.</summary>
    public int FormatVersion { get; }

    /// <summary>The number of elements (the product of the dimensions).</summary>
    public long ElementCount { get; }

    /// <summary>Bytes of data after the header.</summary>
    public long DataLength { get; }

    /// <summary>The shape as Python writes a tuple: (), (3,), (2, 3).</summary>
    public string ShapeText => NpyHeaderParser.FormatShape([.. Shape]);

    /// <summary>The dtype and shape, such as "float64 (3, 4)".</summary>
    public override string ToString() => $"{DType} {ShapeText}";

    /// <summary>Reads the header of a .npy file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a .npy file, is damaged or truncated, or holds a dtype with no .NET counterpart; the message names the file and the reason.</exception>
    public static NpyFileInfo Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        using SafeFileHandle handle = RegularFile.OpenRead(fullPath);
        Span<long> shape = stackalloc long[NpyHeaderParser.MaxRank];
        NpyHeader header = NpyReader.ReadHeader(handle, fullPath, shape);
        return new NpyFileInfo(fullPath, header, shape[..header.Rank].ToArray());
    }
}
