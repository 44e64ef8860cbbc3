using System.Buffers.Binary;
using System.Numerics;

namespace StorageTyped.Groups.Index;

/// <summary>CRC-32C (Castagnoli) with the processor's instruction where it has one, for the index file's checksums.</summary>
internal static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
