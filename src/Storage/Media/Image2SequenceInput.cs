using System.Globalization;
using FFMpegCore;
using FFMpegCore.Arguments;

namespace StorageTyped.Media;

/// <summary>
/// ffmpeg's image2 demuxer reading numbered files (key%d.png from a start number), as one would type it by hand;
/// the pattern is a sequence only ('%' in the folder and key doubled, no globbing) and escaped like <see cref="FileOutputArgument"/>.
/// </summary>
internal sealed class Image2SequenceInput(string folder, string key, int startNumber) : IInputArgument
{
    /// <inheritdoc />
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"-f image2 -pattern_type sequence -start_number {startNumber} -i {FileOutputArgument.Quote(Path.Combine(folder, key).Replace("%", "%%", StringComparison.Ordinal) + "%d.png")}");

    /// <inheritdoc />
    public void Pre(FFOptions options) { }

    /// <inheritdoc />
    public Task During(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public void Post() { }
}
