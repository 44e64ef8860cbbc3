using MessagePack;
using MessagePack.Resolvers;

namespace StorageTyped.Objects;

/// <summary>
/// The MessagePack settings for objects: contractless (records, POCOs, dictionaries and collections need no
/// attributes) and hardened for untrusted data (depth limits, collision-resistant hashing). Typeless serialization
/// is never used: it would load whatever type a file names.
/// </summary>
internal static class ObjectCodec
{
    /// <summary>The file extension of objects.</summary>
    public const string Extension = ".msgpack";

    /// <summary>The serializer options used for every object.</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(ContractlessStandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Serializes <paramref name="value"/>.</summary>
    public static byte[] Serialize<T>(T value) => MessagePackSerializer.Serialize(value, Options);

    /// <summary>Deserializes a <typeparamref name="T"/>; <paramref name="path"/> names the file in errors.</summary>
    /// <param name="bytes">The MessagePack data.</param>
    /// <param name="path">The file it came from.</param>
    /// <param name="format">How messages name the file's format ("MessagePack", or "pickled" for a pickle read as MessagePack).</param>
    /// <exception cref="InvalidDataException">The bytes are not a MessagePack <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlyMemory<byte> bytes, string path, string format = "MessagePack")
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            T value = MessagePackSerializer.Deserialize<T>(ref reader, Options);
            if (!reader.End)
                throw new InvalidDataException($"'{path}' has {bytes.Length - reader.Consumed} bytes after the object; the file is damaged or holds something else.");
            return value;
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"'{path}' does not hold a {format} {typeof(T).Name}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' ends in the middle of an object; the file is truncated.", e);
        }
    }
}
