using System.Diagnostics;
using System.Globalization;

namespace StorageTyped.Bench;

/// <summary>
/// Issue 4's figures: SaveFrame on 500 frames of 256×256 RGB (noise and smooth) against PymoNNto's save_frame
/// (imageio) in Python; RenderVideo against the same ffmpeg command run by hand; the streaming VideoWriter.
/// </summary>
internal static class MediaBenchmark
{
    private const int Width = 256, Height = 256;

    public static void Run(string[] args)
    {
        var options = new BenchOptions(args);
        int frames = options.Int("frames", 500);
        int repeats = options.Int("repeats", 5);
        string? root = options.Flag("tmpfs") ? "/dev/shm" : null;
        string disk = root is null ? $"$TMPDIR ({Path.GetTempPath()})" : "tmpfs (/dev/shm)";
        Console.WriteLine($"{frames} frames of {Width}×{Height} RGB on {disk}; medians of {repeats} repeats; {Environment.ProcessorCount} cores; {DateTime.Now:yyyy-MM-dd HH:mm}.");
        Console.WriteLine();
        Console.WriteLine("| frames | StorageTyped SaveFrame (frames/s) | KB/frame | PymoNNto save_frame, imageio (frames/s) | KB/frame | ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (string mode in new[] { "noise", "smooth" })
        {
            byte[][,,] images = Images(frames, mode);
            var ours = new List<double>();
            var python = new List<double>();
            double ourSize = 0, pythonSize = 0;
            for (int r = 0; r < repeats; r++)
            {
                (double seconds, double size) = MeasureSaveFrame(images, root);
                ours.Add(frames / seconds);
                ourSize = size;
                (seconds, size) = MeasurePython(frames, mode, root);
                python.Add(frames / seconds);
                pythonSize = size;
            }
            double a = Stats.Median(ours), b = Stats.Median(python);
            Console.WriteLine($"| {mode} | {a:N0} | {ourSize / 1024:F0} | {b:N0} | {pythonSize / 1024:F0} | {a / b:F1}× |");
        }

        Console.WriteLine();
        Console.WriteLine("| video of the smooth frames (H.264, yuv420p) | wall s, median | wall s, best | ffmpeg CPU s, median | wall ratio to by hand | CPU ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        byte[][,,] smooth = Images(frames, "smooth");
        using var scratch = new Scratch("media-video", root);
        var sm = new StorageManager("Bench", options: new StorageOptions { DataFolder = scratch.DataFolder });
        foreach (byte[,,] image in smooth) sm.SaveFrame(image, "s");
        int videoRepeats = Math.Max(repeats, options.Int("video-repeats", 9));
        var library = new List<(double Wall, double Cpu)>();
        var byHand = new List<(double Wall, double Cpu)>();
        var writer = new List<(double Wall, double Cpu)>();
        sm.RenderVideo("s", deleteImages: false, resetFrameCounter: false); // warm-up: JIT, FFMpegCore's one-time ffmpeg -version
        for (int r = 0; r < videoRepeats; r++)
        {
            byHand.Add(Timed(() => RunFfmpegByHand(sm.Path, frames)));
            library.Add(Timed(() => sm.RenderVideo("s", deleteImages: false, resetFrameCounter: false)));
            writer.Add(Timed(() =>
            {
                using VideoWriter video = sm.OpenVideoWriter("w", Width, Height);
                foreach (byte[,,] image in smooth) video.WriteFrame(image);
            }));
        }
        (double handWall, double handCpu) = (Stats.Median(byHand.Select(m => m.Wall)), Stats.Median(byHand.Select(m => m.Cpu)));
        foreach ((string name, List<(double Wall, double Cpu)> runs) in new[]
        {
            ("ffmpeg run by hand on the PNG files (the same command)", byHand),
            ("RenderVideo (FFMpegCore; ffmpeg reads the numbered PNGs)", library),
            ("VideoWriter (raw frames piped, no PNG)", writer),
        })
        {
            double wall = Stats.Median(runs.Select(m => m.Wall)), cpu = Stats.Median(runs.Select(m => m.Cpu));
            Console.WriteLine($"| {name} | {wall:F2} | {runs.Min(m => m.Wall):F2} | {cpu:F2} | {wall / handWall:F2} | {cpu / handCpu:F2} |");
        }
        Console.WriteLine();
        Console.WriteLine($"{videoRepeats} repeats each, interleaved. ffmpeg CPU: user + system time of the child processes (getrusage), which other load on the machine changes less than wall time.");
    }

    /// <summary>Wall time and the CPU time of child processes that ended meanwhile (ffmpeg).</summary>
    private static (double Wall, double Cpu) Timed(Action action)
    {
        double cpuBefore = ChildCpuSeconds();
        long start = Stopwatch.GetTimestamp();
        action();
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, ChildCpuSeconds() - cpuBefore);
    }

    private static double ChildCpuSeconds()
    {
        if (GetRusage(RusageChildren, out Rusage usage) != 0) return double.NaN;
        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    private const int RusageChildren = -1;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, Ixrss, Idrss, Isrss, MinorFaults, MajorFaults, Swaps, BlocksIn, BlocksOut, MessagesSent, MessagesReceived, Signals, VoluntarySwitches, InvoluntarySwitches;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRusage(int who, out Rusage usage);

    private static byte[][,,] Images(int count, string mode)
    {
        var random = new Random(1);
        var images = new byte[count][,,];
        for (int t = 0; t < count; t++)
        {
            var image = new byte[Height, Width, 3];
            if (mode == "noise")
            {
                var bytes = new byte[image.Length];
                random.NextBytes(bytes);
                Buffer.BlockCopy(bytes, 0, image, 0, bytes.Length);
            }
            else
            {
                for (int y = 0; y < Height; y++)
                    for (int x = 0; x < Width; x++)
                    {
                        image[y, x, 0] = (byte)(127.5 + 127 * Math.Sin((x + 2 * t) / 19.0) * Math.Cos((y - t) / 23.0));
                        image[y, x, 1] = (byte)(127.5 + 127 * Math.Sin((0.7 * x + 0.3 * y + t) / 13.0));
                        image[y, x, 2] = (byte)(127.5 + 127 * Math.Cos(Math.Sqrt((x - 128.0) * (x - 128.0) + (y - 128.0) * (y - 128.0)) / 9.0 - t * 0.2));
                    }
            }
            images[t] = image;
        }
        return images;
    }

    private static (double Seconds, double BytesPerFrame) MeasureSaveFrame(byte[][,,] images, string? root)
    {
        using var scratch = new Scratch("media-frames", root);
        var sm = new StorageManager("Bench", options: new StorageOptions { DataFolder = scratch.DataFolder });
        long start = Stopwatch.GetTimestamp();
        foreach (byte[,,] image in images) sm.SaveFrame(image, "f");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double size = Directory.EnumerateFiles(sm.Path, "f*.png").Average(path => new FileInfo(path).Length);
        return (seconds, size);
    }

    private static (double Seconds, double BytesPerFrame) MeasurePython(int frames, string mode, string? root)
    {
        using var scratch = new Scratch("media-python", root);
        string script = Path.Combine(AppContext.BaseDirectory, "baseline", "pymonnto_frames.py");
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { script, scratch.Root, frames.ToString(CultureInfo.InvariantCulture), mode }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The Python baseline failed (python3-imageio installed? bench/media.sh installs it): {error}");
        string[] parts = output.Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static void RunFfmpegByHand(string folder, int frames)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        // The command RenderVideo runs for frames numbered without gaps, typed by hand.
        foreach (string a in new[] { "-r", "25", "-f", "image2", "-pattern_type", "sequence", "-start_number", "0", "-i", "s%d.png", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-f", "mp4", "-xerror", "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "hand.mp4", "-y" })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("ffmpeg by hand failed");
    }
}
