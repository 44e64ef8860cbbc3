namespace StorageTyped.Arrays;

/// <summary>
/// What a .npy header says, checked against the file's length. The shape itself goes to a span the caller provides,
/// so that reading a header allocates nothing.
/// </summary>
/// <param name="Version">The format version's major number: 1, 2 or 3.</param>
/// <param name="DType">The element type.</param>
/// <param name="IsBigEndian">True when the elements are stored big-endian (descr '&gt;…').</param>
/// <param name="IsFortranOrder">True when the data is in column-major order.</param>
/// <param name="Rank">The number of dimensions (0 for a scalar).</param>
/// <param name="ElementCount">The product of the dimensions (1 for a scalar).</param>
/// <param name="DataOffset">Where the data starts: the length of magic, version, length field and header text.</param>
internal readonly record struct NpyHeader(int Version, NpyDType DType, bool IsBigEndian, bool IsFortranOrder, int Rank, long ElementCount, long DataOffset)
{
    /// <summary>Bytes of data: element count times item size.</summary>
    public long DataLength => ElementCount * NpyDTypes.ItemSize(DType);

    /// <summary>True when the bytes need reordering before they are .NET values in C order.</summary>
    public bool NeedsByteSwap => IsBigEndian == BitConverter.IsLittleEndian && NpyDTypes.ItemSize(DType) > 1;

    /// <summary>True when the data must be transposed to C order (Fortran order with two or more dimensions).</summary>
    public bool NeedsTranspose => IsFortranOrder && Rank > 1 && ElementCount > 1;

    /// <summary>The descr as numpy would print it for this file, such as '&gt;f8', for messages.</summary>
    public string DescrText =>
        NpyDTypes.ItemSize(DType) == 1 ? NpyDTypes.Descr(DType) : (IsBigEndian ? ">" : "<") + NpyDTypes.Descr(DType)[1..];
}
