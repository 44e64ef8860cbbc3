namespace StorageTyped.Arrays;

/// <summary>The dtype of a .NET element type, looked up once per type.</summary>
internal static class NpyDTypeOf<T>
{
    /// <summary>True when <typeparamref name="T"/> is one of the supported element types.</summary>
    public static readonly bool IsSupported = NpyDTypes.TryFromClrType(typeof(T), out Value);

    /// <summary>The dtype (meaningful only when <see cref="IsSupported"/>).</summary>
    public static readonly NpyDType Value;

    /// <summary>Checks that a file holds <typeparamref name="T"/> elements.</summary>
    /// <exception cref="InvalidDataException">It holds another dtype; the message names it and the type to load it as.</exception>
    public static void EnsureHeldBy(in NpyHeader header, string path)
    {
        if (IsSupported && header.DType == Value) return;
        string wanted = IsSupported ? $"{typeof(T).Name} ({NpyDTypes.Name(Value)})" : $"{typeof(T).Name}, which no numpy dtype maps to";
        string clr = NpyDTypes.ClrName(header.DType);
        throw new InvalidDataException(
            $"'{path}' holds {NpyDTypes.Name(header.DType)} (numpy dtype '{header.DescrText}'), not {wanted}; load it as {clr}, e.g. LoadNp<{clr}>.");
    }
}
