namespace StorageTyped.Arrays;

/// <summary>The numpy dtypes that map to a .NET element type; the values of <see cref="NpyDTypes"/>' tables.</summary>
internal enum NpyDType : byte
{
    Bool,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float16,
    Float32,
    Float64,
    Complex128,
}
