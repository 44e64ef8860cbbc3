using NumSharp;

namespace StorageTyped.Tests.Media;

public sealed class VideoWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StorageManager NewRun() => new("Writer", options: _temp.Options);

    [Fact]
    public void Frames_written_one_by_one_become_the_video_without_any_png()
    {
        var sm = NewRun();
        using (VideoWriter video = sm.OpenVideoWriter("live", 64, 48, frameRate: 30))
        {
            for (int i = 0; i < 50; i++) video.WriteFrame(MediaTools.MarkerFrame(i));
            Assert.Equal(50, video.FrameCount);
            Assert.False(File.Exists(video.Path)); // only when finished
        }

        string path = Path.Combine(sm.Path, "live.mp4");
        Assert.Equal(new VideoFacts("h264", 64, 48, "yuv420p", "30/1", 50), MediaTools.Probe(path));
        Assert.Equal(Enumerable.Range(0, 50), MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(path, "rgb24"), 64, 48));
        Assert.Equal(["config.ini", "live.mp4"], MediaTools.FileNames(sm.Path));
    }

    [Fact]
    public async Task Gray_rgba_ndarray_and_scaled_frames_mix_in_one_video_of_odd_size()
    {
        var sm = NewRun();
        const int width = 21, height = 11;
        await using (VideoWriter video = sm.OpenVideoWriter("mix", width, height))
        {
            video.WriteFrame(Filled(height, width, 1, 200));
            video.WriteFrame(Filled(height, width, 4, 40));
            using NDArray nd = np.full(new Shape(height, width, 3), (byte)120, NPTypeCode.Byte);
            video.WriteFrame(nd);
            var scaled = new double[height, width];
            for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) scaled[y, x] = 0.25;
            video.WriteFrame(scaled, 0, 1);
            var gray = new byte[height, width];
            gray[0, 0] = 1;
            video.WriteFrame(gray);
        }

        string path = Path.Combine(sm.Path, "mix.mp4");
        VideoFacts facts = MediaTools.Probe(path);
        Assert.Equal((22, 12, 5), (facts.Width, facts.Height, facts.Frames));
        byte[] decoded = MediaTools.DecodeWithFfmpeg(path, "gray");
        int frameBytes = 22 * 12, center = 6 * 22 + 10;
        int[] expected = [200, 40, 120, 64, 0];
        for (int f = 0; f < expected.Length; f++)
            Assert.InRange(decoded[f * frameBytes + center], expected[f] - 12, expected[f] + 12);
    }

    [Fact]
    public void A_frame_of_another_size_is_refused_and_the_video_goes_on()
    {
        var sm = NewRun();
        using (VideoWriter video = sm.OpenVideoWriter("strict", 64, 48))
        {
            video.WriteFrame(MediaTools.MarkerFrame(1));
            var e = Assert.Throws<ArgumentException>(() => video.WriteFrame(MediaTools.MarkerFrame(2, 64, 50)));
            Assert.Contains("64 × 48", e.Message);
            video.WriteFrame(MediaTools.MarkerFrame(3));
        }
        Assert.Equal([1, 3], MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(Path.Combine(sm.Path, "strict.mp4"), "rgb24"), 64, 48));
    }

    [Fact]
    public void Finishing_replaces_an_existing_video_and_a_writer_without_frames_writes_nothing()
    {
        var sm = NewRun();
        for (int round = 0; round < 2; round++)
        {
            using VideoWriter video = sm.OpenVideoWriter("again", 64, 48);
            for (int i = 0; i < 3 + round * 4; i++) video.WriteFrame(MediaTools.MarkerFrame(10 * round + i));
            video.Finish();
            video.Finish(); // a second call does nothing more
            Assert.Throws<InvalidOperationException>(() => video.WriteFrame(MediaTools.MarkerFrame(0)));
        }
        Assert.Equal([10, 11, 12, 13, 14, 15, 16], MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(Path.Combine(sm.Path, "again.mp4"), "rgb24"), 64, 48));

        using (sm.OpenVideoWriter("empty", 64, 48)) { }
        Assert.Equal(["again.mp4", "config.ini"], MediaTools.FileNames(sm.Path));
        Assert.Empty(Directory.GetFiles(sm.Path, ".*"));
    }

    [Fact]
    public void When_ffmpeg_stops_writing_frames_or_finishing_says_why_and_no_video_is_left()
    {
        var sm = NewRun();
        var frame = new byte[2, 20000]; // wider than H.264 allows: libx264 refuses to start
        VideoWriter video = sm.OpenVideoWriter("huge", 20000, 2);
        IOException? failure = null;
        try
        {
            for (int i = 0; i < 1000 && failure is null; i++) video.WriteFrame(frame);
        }
        catch (IOException e)
        {
            failure = e; // ffmpeg has stopped: writing does not hang
        }
        failure ??= Assert.Throws<IOException>(video.Dispose);
        Assert.Contains("20000", failure.ToString());
        Assert.Equal(["config.ini"], MediaTools.FileNames(sm.Path));
        Assert.Empty(Directory.GetFiles(sm.Path, ".*"));
    }

    [Fact]
    public void Unusable_sizes_and_rates_are_refused_before_ffmpeg_starts()
    {
        var sm = NewRun();
        Assert.Throws<ArgumentOutOfRangeException>(() => sm.OpenVideoWriter("bad", 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => sm.OpenVideoWriter("bad", 10, 10, frameRate: double.NaN));
        Assert.Throws<ArgumentException>(() => sm.OpenVideoWriter("a/b", 10, 10));
        Assert.Equal(["config.ini"], MediaTools.FileNames(sm.Path));
    }

    private static byte[,,] Filled(int height, int width, int channels, byte value)
    {
        var image = new byte[height, width, channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++) image[y, x, c] = value;
        return image;
    }
}
