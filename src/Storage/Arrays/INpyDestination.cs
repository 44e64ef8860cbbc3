namespace StorageTyped.Arrays;

/// <summary>Where <see cref="NpyReader"/> puts the data: allocated once the header is known, then filled.</summary>
internal interface INpyDestination
{
    /// <summary>
    /// Checks that the file's dtype and size suit this destination, allocates memory for the data in C order, and
    /// returns its first byte.
    /// </summary>
    /// <exception cref="InvalidDataException">The file holds something this destination cannot take.</exception>
    ref byte Allocate(in NpyHeader header, ReadOnlySpan<long> shape, string path);

    /// <summary>Releases what <see cref="Allocate"/> made, after a failed read.</summary>
    void Abandon();
}
