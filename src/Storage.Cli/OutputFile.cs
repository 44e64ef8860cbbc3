namespace StorageTyped.Cli;

/// <summary>
/// Writes an output file (-o) the way the library writes its own: to a hidden temporary file beside it, moved into
/// place when complete, so a failed or interrupted export never leaves half a file under the name asked for.
/// </summary>
internal static class OutputFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path, then moves it to <paramref name="path"/>.</summary>
    /// <exception cref="CliException">The file cannot be written (exit code 8).</exception>
    public static string Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new CliException(ExitCode.CannotWriteOutput, $"Cannot write {full}: the folder {folder} does not exist.");
        if (Directory.Exists(full))
            throw new CliException(ExitCode.CannotWriteOutput, $"Cannot write {full}: it is a folder.");
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCode.CannotWriteOutput, $"Cannot write {full}: {e.Message}", e);
        }
        finally
        {
            try { File.Delete(temporary); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
