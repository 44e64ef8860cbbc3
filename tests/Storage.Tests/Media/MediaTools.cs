using System.Globalization;
using System.Text.Json;

namespace StorageTyped.Tests.Media;

/// <summary>A decoded image: rows × columns × channels bytes.</summary>
public sealed record DecodedImage(int Width, int Height, int Channels, byte[] Pixels);

/// <summary>
/// Independent readers for what the media code writes: Debian's python3 decoding PNG files with nothing but zlib
/// and struct (checking every CRC, the chunk order and the zlib stream), ffmpeg decoding PNGs and videos to raw
/// pixels, ffprobe describing a video.
/// </summary>
public static class MediaTools
{
    // Decodes 8-bit PNGs of color types 0, 2, 4 and 6; writes each image's raw pixels to <png>.raw and prints
    // one JSON line [width, height, channels] per file. Any deviation from the specification is an error.
    private const string PythonPngDecoder = """
import json, struct, sys, zlib
def decode(path):
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
    pos, chunks = 8, []
    while pos < len(data):
        (n,) = struct.unpack('>I', data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])
        assert zlib.crc32(kind + body) & 0xffffffff == crc, 'crc of ' + kind.decode()
        chunks.append((kind, body))
        pos += 12 + n
    assert pos == len(data), 'trailing bytes'
    kinds = [k for k, _ in chunks]
    assert kinds[0] == b'IHDR' and kinds[-1] == b'IEND' and b'IDAT' in kinds, kinds
    w, h, depth, ctype, comp, filt, inter = struct.unpack('>IIBBBBB', chunks[0][1])
    assert depth == 8 and comp == 0 and filt == 0 and inter == 0 and w > 0 and h > 0
    ch = {0: 1, 4: 2, 2: 3, 6: 4}[ctype]
    raw = zlib.decompress(b''.join(b for k, b in chunks if k == b'IDAT'))
    stride = w * ch
    assert len(raw) == h * (stride + 1), 'decompressed length'
    out, prev = bytearray(), bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        assert f <= 4, 'filter type'
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            b = prev[i]
            c = prev[i - ch] if i >= ch else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    open(path + '.raw', 'wb').write(out)
    print(json.dumps([w, h, ch]))
for p in sys.argv[1:]:
    decode(p)
""";

    /// <summary>Decodes PNG files with Debian's python3 (zlib + struct only).</summary>
    public static List<DecodedImage> DecodePngsWithPython(params string[] pngPaths)
    {
        string output = ExternalTool.RunPython(PythonPngDecoder, pngPaths);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pngPaths.Length, lines.Length);
        var images = new List<DecodedImage>();
        for (int i = 0; i < pngPaths.Length; i++)
        {
            int[] header = JsonSerializer.Deserialize<int[]>(lines[i])!;
            string raw = pngPaths[i] + ".raw";
            images.Add(new DecodedImage(header[0], header[1], header[2], File.ReadAllBytes(raw)));
            File.Delete(raw);
        }
        return images;
    }

    /// <summary>Decodes any image or video with ffmpeg into raw frames of the given pixel format (rgb24, rgba, gray, ya8).</summary>
    public static byte[] DecodeWithFfmpeg(string path, string pixelFormat)
    {
        string raw = Path.Combine(Path.GetDirectoryName(path)!, ".decoded-" + Guid.NewGuid().ToString("N") + ".raw");
        try
        {
            ExternalTool.Run(Ffmpeg, ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", pixelFormat, "-y", raw], null, null);
            return File.ReadAllBytes(raw);
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>What ffprobe says of a video's first stream, frames counted by decoding.</summary>
    public static VideoFacts Probe(string video)
    {
        string json = ExternalTool.Run(Ffprobe,
            ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,pix_fmt,r_frame_rate,nb_read_frames", "-of", "json", video],
            null, null).Output;
        JsonElement stream = JsonDocument.Parse(json).RootElement.GetProperty("streams")[0];
        return new VideoFacts(
            stream.GetProperty("codec_name").GetString()!,
            stream.GetProperty("width").GetInt32(),
            stream.GetProperty("height").GetInt32(),
            stream.GetProperty("pix_fmt").GetString()!,
            stream.GetProperty("r_frame_rate").GetString()!,
            int.Parse(stream.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture));
    }

    /// <summary>ffmpeg; a missing one fails the test with the install command.</summary>
    public static string Ffmpeg => Tool("ffmpeg");

    /// <summary>ffprobe; a missing one fails the test with the install command.</summary>
    public static string Ffprobe => Tool("ffprobe");

    private static string Tool(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"{name} is missing. Install it (apt-get install -y ffmpeg), or run scripts/test.sh, which does.");
    }

    /// <summary>
    /// An RGB frame of 64 × 48 whose top 64 × 32 pixels hold <paramref name="index"/> as 8 blocks of 16 × 16 (white
    /// for a 1 bit, black for 0), which survive H.264 compression; the bottom rows are mid gray.
    /// </summary>
    public static byte[,,] MarkerFrame(int index, int width = 64, int height = 48)
    {
        var frame = new byte[height, width, 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                byte value = 128;
                if (y < 32 && x < 64)
                {
                    int bit = (y / 16) * 4 + x / 16;
                    value = ((index >> bit) & 1) == 1 ? (byte)255 : (byte)0;
                }
                frame[y, x, 0] = frame[y, x, 1] = frame[y, x, 2] = value;
            }
        return frame;
    }

    /// <summary>Reads the index back from the centers of the marker blocks of each decoded RGB frame.</summary>
    public static List<int> ReadMarkers(byte[] rgbFrames, int width, int height)
    {
        int frameBytes = width * height * 3;
        Assert.Equal(0, rgbFrames.Length % frameBytes);
        var indices = new List<int>();
        for (int f = 0; f < rgbFrames.Length / frameBytes; f++)
        {
            int index = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                int x = (bit % 4) * 16 + 8, y = (bit / 4) * 16 + 8;
                byte luma = rgbFrames[f * frameBytes + (y * width + x) * 3 + 1];
                Assert.True(luma < 60 || luma > 195, $"marker block {bit} of decoded frame {f} is {luma}, neither black nor white");
                if (luma > 128) index |= 1 << bit;
            }
            indices.Add(index);
        }
        return indices;
    }

    /// <summary>The files of a folder, names only, sorted.</summary>
    public static List<string> FileNames(string folder) =>
        Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;
}

/// <summary>ffprobe's facts of a video stream.</summary>
public sealed record VideoFacts(string Codec, int Width, int Height, string PixelFormat, string FrameRate, int Frames);
