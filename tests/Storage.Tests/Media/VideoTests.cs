using System.Globalization;

namespace StorageTyped.Tests.Media;

public sealed class VideoTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StorageManager NewRun() => new("Video", options: _temp.Options);

    [Fact]
    public void Frames_become_an_h264_video_in_their_order_then_are_deleted_and_numbering_restarts()
    {
        var sm = NewRun();
        for (int i = 0; i < 30; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "v");

        string video = sm.RenderVideo("v");

        Assert.Equal(Path.Combine(sm.Path, "v.mp4"), video);
        Assert.Equal(new VideoFacts("h264", 64, 48, "yuv420p", "25/1", 30), MediaTools.Probe(video));
        Assert.Equal(Enumerable.Range(0, 30), MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(video, "rgb24"), 64, 48));
        Assert.Equal(["config.ini", "v.mp4"], MediaTools.FileNames(sm.Path));
        Assert.Equal("v0.png", Path.GetFileName(sm.SaveFrame(MediaTools.MarkerFrame(0), "v")));
    }

    [Fact]
    public void Frame_numbers_order_the_video_not_file_name_order_and_gaps_are_skipped()
    {
        var sm = NewRun();
        // 0..11 written, then 3 and 7 removed by hand: name order would put v10 and v11 before v2.
        for (int i = 0; i < 12; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "v");
        File.Delete(Path.Combine(sm.Path, "v3.png"));
        File.Delete(Path.Combine(sm.Path, "v7.png"));

        string video = sm.RenderVideo("v", deleteImages: false, resetFrameCounter: false);

        Assert.Equal([0, 1, 2, 4, 5, 6, 8, 9, 10, 11], MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(video, "rgb24"), 64, 48));
        Assert.Equal(10, Directory.GetFiles(sm.Path, "v*.png").Length);
        Assert.Equal(12, sm.NextFrameIndex("v"));
    }

    [Fact]
    public void Odd_sizes_are_padded_to_even_and_the_picture_is_kept()
    {
        var sm = NewRun();
        var frame = new byte[17, 33, 3];
        for (int y = 0; y < 17; y++)
            for (int x = 0; x < 33; x++)
            {
                frame[y, x, 0] = 200;
                frame[y, x, 1] = 60;
                frame[y, x, 2] = 90;
            }
        for (int i = 0; i < 5; i++) sm.SaveFrame(frame, "odd");

        string video = sm.RenderVideo("odd");

        VideoFacts facts = MediaTools.Probe(video);
        Assert.Equal((34, 18, "yuv420p", 5), (facts.Width, facts.Height, facts.PixelFormat, facts.Frames));
        byte[] decoded = MediaTools.DecodeWithFfmpeg(video, "rgb24");
        int center = (8 * 34 + 16) * 3;
        Assert.InRange(decoded[center], 185, 215);
        Assert.InRange(decoded[center + 1], 45, 75);
        Assert.InRange(decoded[center + 2], 75, 105);
    }

    [Fact]
    public void The_frame_rate_is_set_whatever_the_culture_and_rendering_again_replaces_the_video()
    {
        var sm = NewRun();
        for (int i = 0; i < 6; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "rate");
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // 12,5 would not be a frame rate to ffmpeg
            sm.RenderVideo("rate", deleteImages: false, resetFrameCounter: false, frameRate: 12.5);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        Assert.Equal(new VideoFacts("h264", 64, 48, "yuv420p", "25/2", 6), MediaTools.Probe(Path.Combine(sm.Path, "rate.mp4")));

        for (int i = 6; i < 9; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "rate");
        string video = sm.RenderVideo("rate");

        Assert.Equal(Enumerable.Range(0, 9), MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(video, "rgb24"), 64, 48));
        Assert.Equal("25/1", MediaTools.Probe(video).FrameRate);
        Assert.Equal(["config.ini", "rate.mp4"], MediaTools.FileNames(sm.Path));
    }

    [Fact]
    public void Only_the_frames_of_the_rendered_key_are_deleted()
    {
        var sm = NewRun();
        for (int i = 0; i < 4; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "v");
        for (int i = 0; i < 3; i++)
        {
            sm.SaveFrame(MediaTools.MarkerFrame(100 + i), "v2_");
            sm.SaveFrame(MediaTools.MarkerFrame(200 + i), "vv");
            sm.SaveFrame(MediaTools.MarkerFrame(300 + i), "av");
        }
        string[] lookalikes = ["v.png", "v007.png", "v1.png.bak", "v1a.png", "V1.png", "v-1.png"];
        foreach (string name in lookalikes) File.WriteAllBytes(Path.Combine(sm.Path, name), [0]);
        // PymoNNto deletes every png whose name contains the key: all of the above would go.
        var expectedLeft = MediaTools.FileNames(sm.Path).Where(name => !System.Text.RegularExpressions.Regex.IsMatch(name, "^v[0-3]\\.png$")).Append("v.mp4").Order(StringComparer.Ordinal).ToList();

        sm.RenderVideo("v");

        Assert.Equal(expectedLeft, MediaTools.FileNames(sm.Path));
        Assert.Equal(Enumerable.Range(0, 4), MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(Path.Combine(sm.Path, "v.mp4"), "rgb24"), 64, 48));
        // The neighbours still render into their own videos.
        Assert.Equal([100, 101, 102], MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(sm.RenderVideo("v2_"), "rgb24"), 64, 48));
        Assert.Equal([200, 201, 202], MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(sm.RenderVideo("vv"), "rgb24"), 64, 48));
        // "v2" cannot be a frame key: its frame 0 would be v20.png, which is frame 20 of "v".
        Assert.Throws<ArgumentException>(() => sm.RenderVideo("v2"));
    }

    [Fact]
    public void When_ffmpeg_fails_the_frames_and_the_old_video_stay()
    {
        var sm = NewRun();
        for (int i = 0; i < 3; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "wide");
        string video = sm.RenderVideo("wide", deleteImages: false, resetFrameCounter: false);
        byte[] oldVideo = File.ReadAllBytes(video);
        sm.SaveFrame(new byte[2, 20000], "huge"); // wider than H.264 allows: libx264 refuses it
        sm.SaveFrame(new byte[2, 20000], "huge");
        var before = MediaTools.FileNames(sm.Path);

        var e = Assert.Throws<IOException>(() => sm.RenderVideo("huge"));

        Assert.Contains("ffmpeg", e.Message);
        Assert.Contains("20000", e.Message); // ffmpeg's own explanation is passed on
        Assert.Equal(before, MediaTools.FileNames(sm.Path));
        Assert.Equal(oldVideo, File.ReadAllBytes(video));
        Assert.Empty(Directory.GetFiles(sm.Path, ".*")); // no temporary file left
    }

    [Fact]
    public void A_frame_of_another_size_or_not_a_png_stops_the_video_and_nothing_changes()
    {
        var sm = NewRun();
        for (int i = 0; i < 4; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "mixed");
        sm.SaveFrame(MediaTools.MarkerFrame(4, 32, 48), "mixed");
        for (int i = 0; i < 2; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "junk");
        File.WriteAllText(Path.Combine(sm.Path, "junk1.png"), "not a png");
        var before = MediaTools.FileNames(sm.Path);

        var size = Assert.Throws<InvalidDataException>(() => sm.RenderVideo("mixed"));
        var junk = Assert.Throws<InvalidDataException>(() => sm.RenderVideo("junk"));

        Assert.Contains("mixed4.png", size.Message);
        Assert.Contains("32 × 48", size.Message);
        Assert.Contains("junk1.png", junk.Message);
        Assert.Equal(before, MediaTools.FileNames(sm.Path));
        Assert.Empty(Directory.GetFiles(sm.Path, ".*"));
        Assert.Equal(5, sm.NextFrameIndex("mixed"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_damaged_frame_fails_the_video_instead_of_being_skipped(bool withGap)
    {
        // Without a gap ffmpeg reads the files itself (-i key%d.png); with one they are piped. ffmpeg alone would
        // skip an undecodable frame, exit 0 and repeat the previous one, and the frames would then be deleted.
        var sm = NewRun();
        for (int i = 0; i < 6; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "bad");
        if (withGap) File.Delete(Path.Combine(sm.Path, "bad1.png"));
        string damaged = Path.Combine(sm.Path, "bad3.png");
        byte[] bytes = File.ReadAllBytes(damaged);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 2)]); // the header is intact, the image data cut short
        var before = MediaTools.FileNames(sm.Path);

        var e = Assert.Throws<IOException>(() => sm.RenderVideo("bad"));

        Assert.Contains("ffmpeg", e.Message);
        Assert.Equal(before, MediaTools.FileNames(sm.Path));
        Assert.Empty(Directory.GetFiles(sm.Path, ".*"));
    }

    [Fact]
    public void Quotes_spaces_and_percent_signs_in_folder_and_key_reach_ffmpeg_unchanged()
    {
        // Backslashes before a quote are what the command-line parser .NET uses treats specially.
        var options = new StorageOptions { DataFolder = Path.Combine(_temp.Root, "data \\ dir\\\\\"x\\") };
        var sm = new StorageManager("My \"video\" runs 100%", options: options);
        const string key = "a %d 'b\" c_";
        for (int i = 0; i < 4; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), key);

        string first = sm.RenderVideo(key, deleteImages: false, resetFrameCounter: false); // ffmpeg reads key%d.png itself
        File.Delete(Path.Combine(sm.Path, key + "1.png"));
        string second = sm.RenderVideo(key);                                              // piped: a gap

        Assert.Equal(Path.Combine(sm.Path, key + ".mp4"), first);
        Assert.Equal(first, second);
        Assert.Equal([0, 2, 3], MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(second, "rgb24"), 64, 48));
        using VideoWriter writer = sm.OpenVideoWriter(key + "w", 64, 48);
        writer.WriteFrame(MediaTools.MarkerFrame(9));
        writer.Finish();
        Assert.Equal([9], MediaTools.ReadMarkers(MediaTools.DecodeWithFfmpeg(writer.Path, "rgb24"), 64, 48));
    }

    [Fact]
    public void A_key_without_frames_is_a_clear_error()
    {
        var sm = NewRun();
        var e = Assert.Throws<FileNotFoundException>(() => sm.RenderVideo("nothing"));
        Assert.Contains("nothing0.png", e.Message);
        Assert.Contains(sm.Path, e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => sm.RenderVideo("nothing", frameRate: 0));
    }

    [Fact]
    public void Without_ffmpeg_on_path_rendering_says_how_to_install_it_and_keeps_the_frames()
    {
        var sm = NewRun();
        for (int i = 0; i < 3; i++) sm.SaveFrame(MediaTools.MarkerFrame(i), "v");
        var before = MediaTools.FileNames(sm.Path);
        string worker = Path.Combine(AppContext.BaseDirectory, "Storage.TestWorker.dll");
        string noFfmpeg = Path.Combine(_temp.Root, "bin-without-ffmpeg");
        Directory.CreateDirectory(noFfmpeg);

        ProcessResult result = ExternalTool.Run("dotnet", [worker, "render-video", sm.Path, "v"], null,
            new Dictionary<string, string?> { ["PATH"] = noFfmpeg });

        Assert.StartsWith("error FileNotFoundException: ffmpeg was not found", result.Output);
        Assert.Contains("apt-get install ffmpeg", result.Output);
        Assert.Equal(before, MediaTools.FileNames(sm.Path));
    }

    [Fact]
    public async Task Progress_goes_from_zero_to_one_and_cancelling_keeps_everything()
    {
        var sm = NewRun();
        for (int i = 0; i < 60; i++) sm.SaveFrame(MediaTools.MarkerFrame(i % 256, 128, 96), "p");
        var before = MediaTools.FileNames(sm.Path);

        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sm.RenderVideoAsync("p", cancellationToken: cancelled.Token));
        }
        using (var midway = new CancellationTokenSource())
        {
            var cancelOnFirstReport = new RecordingProgress(_ => midway.Cancel());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sm.RenderVideoAsync("p", progress: cancelOnFirstReport, cancellationToken: midway.Token));
        }
        Assert.Equal(before, MediaTools.FileNames(sm.Path));
        Assert.Empty(Directory.GetFiles(sm.Path, ".*"));

        var progress = new RecordingProgress(null);
        string video = await sm.RenderVideoAsync("p", progress: progress);

        Assert.Equal(60, MediaTools.Probe(video).Frames);
        Assert.NotEmpty(progress.Values);
        Assert.All(progress.Values, value => Assert.InRange(value, 0.0, 1.0));
        Assert.Equal(1.0, progress.Values[^1]);
    }

    /// <summary>Records reports as they come (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class RecordingProgress(Action<double>? onReport) : IProgress<double>
    {
        public List<double> Values { get; } = [];

        public void Report(double value)
        {
            lock (Values) Values.Add(value);
            onReport?.Invoke(value);
        }
    }
}
