namespace StorageTyped.Media;

/// <summary>The PNG row filter types; the value is the byte that starts each filtered row.</summary>
internal enum PngFilterType : byte
{
    /// <summary>The row as it is.</summary>
    None = 0,

    /// <summary>Difference to the pixel on the left.</summary>
    Sub = 1,

    /// <summary>Difference to the pixel above.</summary>
    Up = 2,

    /// <summary>Difference to the mean of left and above.</summary>
    Average = 3,

    /// <summary>Difference to whichever of left, above and upper-left is nearest to left + above − upper-left.</summary>
    Paeth = 4,
}
