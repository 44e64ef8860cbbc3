using SkiaSharp;

namespace StorageTyped.Cli.Tests.Infrastructure;

/// <summary>A PNG the tool rendered, decoded, with the checks a person makes by looking: size, something drawn, text where labels go.</summary>
public sealed class RenderedImage : IDisposable
{
    private readonly SKBitmap _bitmap;

    public RenderedImage(string path)
    {
        _bitmap = SKBitmap.Decode(path) ?? throw new InvalidOperationException($"{path} is not an image SkiaSharp decodes.");
    }

    public int Width => _bitmap.Width;

    public int Height => _bitmap.Height;

    /// <summary>How many distinct colours the image holds (a blank image has one).</summary>
    public int DistinctColours()
    {
        var colours = new HashSet<uint>();
        for (int y = 0; y < Height; y += 2)
            for (int x = 0; x < Width; x += 2)
                colours.Add((uint)_bitmap.GetPixel(x, y));
        return colours.Count;
    }

    /// <summary>The share of pixels that differ from the background (the top-left pixel).</summary>
    public double InkFraction()
    {
        SKColor background = _bitmap.GetPixel(0, 0);
        long ink = 0;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                if (_bitmap.GetPixel(x, y) != background) ink++;
        return ink / (double)(Width * Height);
    }

    /// <summary>
    /// The number of distinct rows (horizontal text) or columns (vertical text) that hold dark pixels inside a
    /// region given in fractions of the image. A line of text is about a dozen pixels high; an axis line or frame is
    /// one or two, tick marks a handful, grid lines are light: so 8 or more means text is drawn there.
    /// </summary>
    public int DarkLines(double left, double top, double right, double bottom, bool vertical)
    {
        var lines = new HashSet<int>();
        for (int y = (int)(top * Height); y < (int)(bottom * Height); y++)
        {
            for (int x = (int)(left * Width); x < (int)(right * Width); x++)
            {
                SKColor pixel = _bitmap.GetPixel(x, y);
                if (pixel.Red * 0.299 + pixel.Green * 0.587 + pixel.Blue * 0.114 < 110) lines.Add(vertical ? x : y);
            }
        }
        return lines.Count;
    }

    public void Dispose() => _bitmap.Dispose();
}
