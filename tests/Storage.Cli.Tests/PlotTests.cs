using System.Xml.Linq;

namespace StorageTyped.Cli.Tests;

/// <summary>runs plot: PNG and SVG files looked at as a person would — size, something drawn, text where the labels go.</summary>
[Collection(SweepCollection.Name)]
public sealed class PlotTests(SweepData data)
{
    [Fact]
    public void A_png_has_the_size_asked_for_points_and_lines_and_text_in_title_and_axis_labels()
    {
        string png = Path.Combine(data.Root, "score.png");
        var result = data.Tool("plot", "Net", "--x", "number_of_neurons", "--y", "score", "--agg", "mean", "--errorbars", "std", "--series", "lr", "-o", png, "--width", "900", "--height", "600");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Wrote {png} (11 runs)", result.Error);
        AssertLooksLikeAPlot(png, 900, 600);
    }

    [Fact]
    public void Text_shows_on_a_machine_without_any_font()
    {
        // A mount namespace in which /usr/share/fonts (where SkiaSharp looks) is an empty folder: without the
        // embedded font, ScottPlot would draw no title, labels or tick numbers at all.
        string png = Path.Combine(data.Root, "nofonts.png");
        string empty = Path.Combine(data.Root, "no-fonts");
        Directory.CreateDirectory(empty);
        string command = $"mount --bind '{empty}' /usr/share/fonts && ls -A /usr/share/fonts | wc -l && exec dotnet '{RunsTool.Dll}' plot Net --x number_of_neurons --y score --agg mean -o '{png}'";
        var result = ExternalTool.Run("unshare", ["--mount", "sh", "-c", command], data.Root, null, check: false);

        Assert.True(result.ExitCode == 0, $"unshare (root, util-linux) could not run the tool without fonts: {result.Error}");
        Assert.Equal("0", result.Output.Trim()); // no font file was visible to the tool
        AssertLooksLikeAPlot(png, 800, 600);
    }

    [Fact]
    public void An_svg_holds_the_labels_and_title_as_text_elements()
    {
        string svg = Path.Combine(data.Root, "points.svg");
        var result = data.Tool("plot", "Py", "--x", "number_of_neurons", "--y", "score", "--title", "PymoNNto runs", "-o", svg);

        Assert.Equal(0, result.ExitCode);
        var document = XDocument.Load(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = document.Descendants(ns + "text").Select(t => t.Value.Trim()).ToList();
        Assert.Contains("PymoNNto runs", texts);
        Assert.Contains("number_of_neurons", texts);
        Assert.Contains("score", texts);
        Assert.Contains(texts, t => double.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out _)); // tick labels
        Assert.All(document.Descendants(ns + "text"), t => Assert.StartsWith("DejaVu Sans", (string?)t.Attribute("font-family")));
        Assert.Equal("800", (string?)document.Root!.Attribute("width"));
    }

    [Fact]
    public void Points_without_agg_come_from_every_run_that_has_both_values()
    {
        string png = Path.Combine(data.Root, "all.png");
        var result = data.Tool("plot", "Net", "--x", "score", "--y", "ratio", "--where", "plastic == True", "-o", png);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(5 runs)", result.Error); // Net2, 4, 6, 8, 10 (Net12 has no score)
        AssertLooksLikeAPlot(png, 800, 600);
    }

    private static void AssertLooksLikeAPlot(string png, int width, int height)
    {
        using var image = new RenderedImage(png);
        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        Assert.True(image.DistinctColours() > 20, "the plot has hardly any colours: nothing was drawn");
        Assert.InRange(image.InkFraction(), 0.01, 0.5);
        Assert.True(image.DarkLines(0.3, 0, 0.7, 0.08, vertical: false) >= 8, "no title text at the top");
        Assert.True(image.DarkLines(0.3, 0.92, 0.7, 1, vertical: false) >= 8, "no x axis label at the bottom");
        Assert.True(image.DarkLines(0, 0.3, 0.04, 0.7, vertical: true) >= 8, "no y axis label at the left");
    }
}
