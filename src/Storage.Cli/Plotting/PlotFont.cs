using ScottPlot;
using SkiaSharp;

namespace StorageTyped.Cli.Plotting;

/// <summary>
/// The font every plot uses: DejaVu Sans (Bitstream Vera license, see Fonts/LICENSE-DejaVu.txt), embedded in the
/// tool and handed to ScottPlot through a font resolver. SkiaSharp's Linux build without dependencies finds fonts
/// only in /usr/share/fonts; on a machine without any, ScottPlot would draw every label, tick and title as nothing.
/// With the embedded font, plots look the same on every machine.
/// </summary>
internal static class PlotFont
{
    /// <summary>The family name plots ask for.</summary>
    public const string Family = "DejaVu Sans";

    private const string ResourceName = "StorageTyped.Cli.DejaVuSans.ttf";

    private static readonly Lazy<SKTypeface> Typeface = new(Load);
    private static readonly object Gate = new();
    private static bool s_registered;

    /// <summary>Makes ScottPlot resolve <see cref="Family"/> (and its default font) to the embedded font.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (s_registered) return;
            Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            Fonts.Default = Family;
            s_registered = true;
        }
    }

    private static SKTypeface Load()
    {
        using var stream = typeof(PlotFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font {ResourceName} is missing from the runs tool.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The embedded font {ResourceName} cannot be read.");
    }

    /// <summary>Gives the embedded typeface for <see cref="Family"/>; other names go to ScottPlot's other resolvers.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName.Equals(Family, StringComparison.OrdinalIgnoreCase) ? Typeface.Value : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            CreateTypeface(fontName, bold ? FontWeight.Bold : FontWeight.Normal, italic ? FontSlant.Italic : FontSlant.Upright, FontSpacing.Normal);
    }
}
