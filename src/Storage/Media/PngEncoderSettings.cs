using System.IO.Compression;

namespace StorageTyped.Media;

/// <summary>How <see cref="PngEncoder"/> filters and compresses.</summary>
/// <param name="Filter">The filter of every row.</param>
/// <param name="CompressionLevel">zlib level, 0 (stored) to 9.</param>
/// <param name="Strategy">zlib strategy.</param>
/// <param name="StoreIncompressible">Try a sample first and store the image without compression when deflate cannot shrink it.</param>
internal readonly record struct PngEncoderSettings(PngFilterType Filter, int CompressionLevel, ZLibCompressionStrategy Strategy, bool StoreIncompressible = false);
