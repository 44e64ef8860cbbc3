using NumSharp;

namespace StorageTyped.Arrays;

/// <summary>
/// NumSharp's type code of each supported dtype. Kept apart from <see cref="NpyDTypes"/> so that only the NDArray
/// paths load NumSharp's assembly.
/// </summary>
internal static class NumSharpTypeCodes
{
    private static readonly NPTypeCode[] TypeCodes =
    [
        NPTypeCode.Boolean, NPTypeCode.SByte, NPTypeCode.Byte, NPTypeCode.Int16, NPTypeCode.UInt16, NPTypeCode.Int32, NPTypeCode.UInt32,
        NPTypeCode.Int64, NPTypeCode.UInt64, NPTypeCode.Half, NPTypeCode.Single, NPTypeCode.Double, NPTypeCode.Complex,
    ];

    /// <summary>The NumSharp type code of a dtype.</summary>
    public static NPTypeCode Of(NpyDType dtype) => TypeCodes[(int)dtype];

    /// <summary>The dtype of a NumSharp type code, if numpy has one.</summary>
    public static bool TryGetDType(NPTypeCode typeCode, out NpyDType dtype)
    {
        int index = Array.IndexOf(TypeCodes, typeCode);
        dtype = (NpyDType)Math.Max(index, 0);
        return index >= 0;
    }
}
