using System.IO.Compression;
using NumSharp;
using StorageTyped.Media;

namespace StorageTyped.Tests.Media;

public sealed class FrameTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StorageManager NewRun() => new("Frames", options: _temp.Options);

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[,,] RandomImage(int height, int width, int channels, int seed)
    {
        var image = new byte[height, width, channels];
        Buffer.BlockCopy(RandomBytes(image.Length, seed), 0, image, 0, image.Length);
        return image;
    }

    private static byte[,,] SmoothImage(int height, int width, int channels, int t)
    {
        var image = new byte[height, width, channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    image[y, x, c] = (byte)(127.5 + 127 * Math.Sin((x + 3 * c + t) / 9.0) * Math.Cos((y - t) / 7.0));
        return image;
    }

    [Fact]
    public void Gray_rgb_and_rgba_frames_decode_pixel_for_pixel_with_pythons_zlib()
    {
        var sm = NewRun();
        var gray = new byte[37, 23];
        Buffer.BlockCopy(RandomBytes(gray.Length, 1), 0, gray, 0, gray.Length);
        byte[,,] rgb = RandomImage(19, 41, 3, 2);
        byte[,,] rgba = SmoothImage(16, 16, 4, 3);
        byte[,,] grayAlpha = RandomImage(5, 7, 2, 4);
        byte[,,] grayAsCube = SmoothImage(9, 33, 1, 5);

        string[] paths =
        [
            sm.SaveFrame(gray, "img"), sm.SaveFrame(rgb, "img"), sm.SaveFrame(rgba, "img"), sm.SaveFrame(grayAlpha, "img"), sm.SaveFrame(grayAsCube, "img"),
        ];

        Assert.Equal(["img0.png", "img1.png", "img2.png", "img3.png", "img4.png"], paths.Select(Path.GetFileName));
        List<DecodedImage> decoded = MediaTools.DecodePngsWithPython(paths);
        AssertImage(decoded[0], 23, 37, 1, FrameImage.BytesOf(gray).ToArray());
        AssertImage(decoded[1], 41, 19, 3, FrameImage.BytesOf(rgb).ToArray());
        AssertImage(decoded[2], 16, 16, 4, FrameImage.BytesOf(rgba).ToArray());
        AssertImage(decoded[3], 7, 5, 2, FrameImage.BytesOf(grayAlpha).ToArray());
        AssertImage(decoded[4], 33, 9, 1, FrameImage.BytesOf(grayAsCube).ToArray());
        Assert.Equal(paths.Select(Path.GetFileName).Append("config.ini").Order(StringComparer.Ordinal), MediaTools.FileNames(sm.Path)); // no temporary files left
    }

    [Fact]
    public void Ffmpegs_png_decoder_reads_the_same_pixels()
    {
        var sm = NewRun();
        byte[,,] rgb = SmoothImage(30, 50, 3, 7);
        byte[,,] rgba = RandomImage(12, 10, 4, 8);
        var gray = new byte[8, 13];
        Buffer.BlockCopy(RandomBytes(gray.Length, 9), 0, gray, 0, gray.Length);

        Assert.Equal(FrameImage.BytesOf(rgb).ToArray(), MediaTools.DecodeWithFfmpeg(sm.SaveFrame(rgb, "f"), "rgb24"));
        Assert.Equal(FrameImage.BytesOf(rgba).ToArray(), MediaTools.DecodeWithFfmpeg(sm.SaveFrame(rgba, "f"), "rgba"));
        Assert.Equal(FrameImage.BytesOf(gray).ToArray(), MediaTools.DecodeWithFfmpeg(sm.SaveFrame(gray, "f"), "gray"));
    }

    [Fact]
    public void Every_filter_and_the_stored_fallback_round_trip_for_awkward_sizes()
    {
        // Widths around the 16-byte vector width, single rows and columns, every channel count, noise (stored)
        // and smooth content (compressed), every filter.
        var cases = new List<(string Name, byte[] Pixels, int Width, int Height, int Channels)>();
        int seed = 100;
        foreach (int channels in new[] { 1, 2, 3, 4 })
            foreach ((int width, int height) in new[] { (1, 1), (1, 9), (17, 1), (5, 3), (16, 4), (33, 6), (70, 11) })
            {
                cases.Add(("noise", RandomBytes(width * height * channels, seed++), width, height, channels));
                cases.Add(("smooth", FrameImage.BytesOf(SmoothImage(height, width, channels, seed++)).ToArray(), width, height, channels));
            }
        var settings = new List<PngEncoderSettings> { PngEncoder.DefaultSettings };
        foreach (PngFilterType filter in new[] { PngFilterType.None, PngFilterType.Sub, PngFilterType.Up, PngFilterType.Average, PngFilterType.Paeth })
            settings.Add(new PngEncoderSettings(filter, 6, ZLibCompressionStrategy.Default));

        string folder = Path.Combine(_temp.Root, "pngs");
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        for (int s = 0; s < settings.Count; s++)
            for (int c = 0; c < cases.Count; c++)
            {
                var (_, pixels, width, height, channels) = cases[c];
                string path = Path.Combine(folder, $"s{s}c{c}.png");
                File.WriteAllBytes(path, PngEncoder.Encode(pixels, width, height, channels, settings[s]).ToArray());
                paths.Add(path);
            }

        List<DecodedImage> decoded = MediaTools.DecodePngsWithPython([.. paths]);
        for (int s = 0; s < settings.Count; s++)
            for (int c = 0; c < cases.Count; c++)
            {
                var (name, pixels, width, height, channels) = cases[c];
                DecodedImage image = decoded[s * cases.Count + c];
                Assert.True(pixels.AsSpan().SequenceEqual(image.Pixels), $"{name} {width}×{height}×{channels} with {settings[s]} differs after decoding");
                Assert.Equal((width, height, channels), (image.Width, image.Height, image.Channels));
            }
    }

    [Fact]
    public void Noise_is_stored_and_smooth_images_are_compressed()
    {
        byte[] noise = RandomBytes(128 * 128 * 3, 11);
        byte[] smooth = FrameImage.BytesOf(SmoothImage(128, 128, 3, 12)).ToArray();
        int noiseLength = PngEncoder.Encode(noise, 128, 128, 3).Length;
        int smoothLength = PngEncoder.Encode(smooth, 128, 128, 3).Length;
        // Stored deflate blocks cost 5 bytes per 64 KiB plus the filter bytes and the chunks: never more than raw + 1 %.
        Assert.InRange(noiseLength, noise.Length, noise.Length * 1.01);
        Assert.True(smoothLength < smooth.Length * 3 / 4, $"smooth image compressed to {smoothLength} of {smooth.Length} bytes");
    }

    [Fact]
    public void NDArrays_of_uint8_are_saved_as_they_are_including_sliced_views()
    {
        var sm = NewRun();
        byte[,,] rgb = RandomImage(12, 20, 3, 21);
        using NDArray whole = np.array(FrameImage.BytesOf(rgb).ToArray()).reshape(12, 20, 3);
        using NDArray view = whole[":, 5:15, :"]; // not contiguous
        using NDArray gray = np.array(RandomBytes(6 * 9, 22)).reshape(6, 9);

        List<DecodedImage> decoded = MediaTools.DecodePngsWithPython(sm.SaveFrame(whole, "nd"), sm.SaveFrame(view, "nd"), sm.SaveFrame(gray, "nd"));

        AssertImage(decoded[0], 20, 12, 3, FrameImage.BytesOf(rgb).ToArray());
        var expectedView = new List<byte>();
        for (int y = 0; y < 12; y++)
            for (int x = 5; x < 15; x++)
                for (int c = 0; c < 3; c++) expectedView.Add(rgb[y, x, c]);
        AssertImage(decoded[1], 10, 12, 3, [.. expectedView]);
        AssertImage(decoded[2], 9, 6, 1, gray.ToArray<byte>());
    }

    [Fact]
    public void Floating_point_images_are_scaled_from_the_given_range_rounded_and_clamped()
    {
        var sm = NewRun();
        double[,] values = { { -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, -7.0, double.PositiveInfinity } };
        float[,,] rgb = new float[1, 2, 3] { { { 0f, 0.1f, 0.2f }, { 0.3f, 0.4f, 1f } } };
        using NDArray ints = np.array(new int[] { 0, 50, 100, 150, 200 }).reshape(1, 5);

        List<DecodedImage> decoded = MediaTools.DecodePngsWithPython(
            sm.SaveFrame(values, "scaled", min: -1, max: 1),
            sm.SaveFrame(rgb, "scaled", min: 0, max: 1),
            sm.SaveFrame(ints, "scaled", min: 0, max: 200));

        // level = (v - min) / (max - min) * 255, rounded half up, clamped to 0..255.
        Assert.Equal(new byte[] { 0, 64, 128, 191, 255, 255, 0, 255 }, decoded[0].Pixels);
        Assert.Equal(new byte[] { 0, 26, 51, 77, 102, 255 }, decoded[1].Pixels);
        Assert.Equal(new byte[] { 0, 64, 128, 191, 255 }, decoded[2].Pixels);
        Assert.Equal((3, 2), (decoded[1].Channels, decoded[1].Width));
    }

    [Fact]
    public void Unusable_images_and_keys_are_refused_and_nothing_is_written()
    {
        var sm = NewRun();
        var before = MediaTools.FileNames(sm.Path);

        var nan = new double[2, 2];
        nan[1, 0] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => sm.SaveFrame(nan, "bad", 0, 1));
        Assert.Contains("row 1, column 0", e.Message);
        Assert.Throws<ArgumentException>(() => sm.SaveFrame(new double[2, 2], "bad", 1, 1));
        Assert.Throws<ArgumentException>(() => sm.SaveFrame(new double[2, 2], "bad", 0, double.NaN));
        Assert.Throws<ArgumentException>(() => sm.SaveFrame(new byte[2, 2, 5], "bad"));
        Assert.Throws<ArgumentException>(() => sm.SaveFrame(new byte[0, 4], "bad"));
        using (NDArray floats = np.zeros(new Shape(3, 3), NPTypeCode.Double))
            Assert.Contains("uint8", Assert.Throws<ArgumentException>(() => sm.SaveFrame(floats, "bad")).Message);
        using (NDArray flat = np.zeros(new Shape(9), NPTypeCode.Byte))
            Assert.Throws<ArgumentException>(() => sm.SaveFrame(flat, "bad"));
        Assert.Throws<ArgumentException>(() => sm.SaveFrame(new byte[2, 2], "../escape"));

        // A key ending in a digit would share names with another key: "v2" frame 0 is v20.png, frame 20 of "v".
        var digit = Assert.Throws<ArgumentException>(() => sm.SaveFrame(new byte[2, 2], "v2"));
        Assert.Contains("'v'", digit.Message);
        Assert.Contains("v20.png", digit.Message);

        Assert.Equal(before, MediaTools.FileNames(sm.Path));
        Assert.Equal(0, sm.NextFrameIndex("bad"));
    }

    [Fact]
    public void Numbering_continues_after_the_frames_of_a_reopened_run_and_ignores_other_keys()
    {
        var sm = NewRun();
        for (int i = 0; i < 3; i++) sm.SaveFrame(new byte[2, 2], "act");
        foreach (string foreign in new[] { "act_0.png", "react9.png", "act007.png", "act12.png.bak", "act.png", "actx3.png" })
            File.WriteAllBytes(Path.Combine(sm.Path, foreign), [1]);

        var reopened = StorageManager.Open(sm.Path);
        Assert.Equal(3, reopened.NextFrameIndex("act"));
        Assert.Equal("act3.png", Path.GetFileName(reopened.SaveFrame(new byte[2, 2], "act")));
        Assert.Equal("act4.png", Path.GetFileName(reopened.SaveFrame(new byte[2, 2], "act")));
        Assert.Equal("other0.png", Path.GetFileName(reopened.SaveFrame(new byte[2, 2], "other")));

        // A gap (a frame deleted by hand) does not make numbers repeat.
        File.Delete(Path.Combine(sm.Path, "act1.png"));
        Assert.Equal(5, StorageManager.Open(sm.Path).NextFrameIndex("act"));
    }

    [Fact]
    public void Frames_saved_from_many_threads_get_distinct_numbers()
    {
        var sm = NewRun();
        var paths = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 80, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => paths.Add(sm.SaveFrame(MediaTools.MarkerFrame(i, 16, 8), "par")));
        Assert.Equal(Enumerable.Range(0, 80).Select(i => $"par{i}.png").Order(StringComparer.Ordinal), paths.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(80, sm.NextFrameIndex("par"));
    }

    private static void AssertImage(DecodedImage image, int width, int height, int channels, byte[] pixels)
    {
        Assert.Equal((width, height, channels), (image.Width, image.Height, image.Channels));
        Assert.Equal(pixels, image.Pixels);
    }
}
