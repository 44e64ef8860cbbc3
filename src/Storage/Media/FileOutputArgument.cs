using System.Text;
using FFMpegCore;
using FFMpegCore.Arguments;

namespace StorageTyped.Media;

/// <summary>
/// ffmpeg's output file as one argument that survives any path: FFMpegCore's own file output puts the path in
/// quotes without escaping (a '"' in a folder name would split it) and checks the file with that same text.
/// Here the path is escaped for the argument parser .NET uses to start processes, and checking is left to the caller.
/// </summary>
internal sealed class FileOutputArgument(string path) : IOutputArgument
{
    /// <inheritdoc />
    public string Text => Quote(path) + " -y";

    /// <inheritdoc />
    public void Pre(FFOptions options) { }

    /// <inheritdoc />
    public Task During(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public void Post() { }

    /// <summary>
    /// Quotes <paramref name="argument"/> so that a command line parsed by the rules of CommandLineToArgvW (which
    /// .NET applies to ProcessStartInfo.Arguments on every system) gives it back unchanged.
    /// </summary>
    public static string Quote(string argument)
    {
        var quoted = new StringBuilder(argument.Length + 2).Append('"');
        int backslashes = 0;
        foreach (char c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }
            // Backslashes are literal unless a quote follows: then each one is doubled and the quote escaped.
            quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
            backslashes = 0;
            quoted.Append(c);
        }
        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }
}
