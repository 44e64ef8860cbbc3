using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs show: one run's sections, parameters and files (with array shapes and dtypes).</summary>
internal static class ShowCommand
{
    private sealed record RunFile(string RelativePath, long Size, string Contents, NpyFileInfo? Array, string? Problem);

    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "The run: the path of its folder, or Group/RunFolder inside the data folder (MyName/MyName3)." };
        var format = OptionParsing.Format("table (for people) or json (sections, parameters and files for scripts).", OutputFormat.Table, OutputFormat.Json);
        var command = new Command("show", "Show one run: its status, sections, parameters and files (with array shapes and dtypes).");
        RunsCommand.SetHelp(command, """
            Show one run: its status, every section of config.ini with its parameters (as stored), and
            its files with their sizes; for .npy arrays the dtype and shape, read from the header only.
            """, """
              runs show MyName/MyName3
              runs show Data/StorageManager/MyName/MyName3 --format json
            """);
        command.Add(run);
        command.Add(format);
        command.SetAction(result =>
        {
            string path = DataLocation.ResolveRun(result.GetRequiredValue(run), result.GetValue(RunsCommand.Data));
            var sm = StorageManager.Open(path);
            var problems = new List<string>();
            var sections = new List<(string Name, List<(string Key, string? Text)> Values)>();
            RunStatus status = RunStatus.Unknown;
            try
            {
                sections.AddRange(sm.GetSections()
                    .Select(section => (section, sm.GetAllParams(section).Select(key => (key, sm.LoadParamText(key, section))).ToList())));
                status = sm.Status;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add(e.Message); // still show the files: they tell what the run got to
            }
            var files = Files(path);
            if (result.GetValue(format) == OutputFormat.Json) WriteJson(sm, status, sections, files);
            else WriteTables(sm, status, sections, files);
            problems.AddRange(files.Where(file => file.Problem is not null).Select(file => file.Problem!));
            Console.Out.Flush();
            foreach (string problem in problems) Console.Error.WriteLine($"runs: {problem}");
            return (int)(problems.Count > 0 ? ExitCode.UnreadableFile : ExitCode.Success);
        });
        return command;
    }

    /// <summary>
    /// The run's files, its subfolders' included. A symbolic link is listed as a link with its target and never
    /// followed (a link to "." would list the run again and again, one to elsewhere would show what is not the run's);
    /// hidden files and folders (temporary and lock files) are left out.
    /// </summary>
    private static List<RunFile> Files(string runFolder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = FileAttributes.Hidden, IgnoreInaccessible = false };
        var files = new List<RunFile>();
        var folders = new Stack<DirectoryInfo>([new DirectoryInfo(runFolder)]);
        while (folders.TryPop(out DirectoryInfo? folder))
        {
            foreach (FileSystemInfo entry in folder.EnumerateFileSystemInfos("*", options))
            {
                if (entry.Name.StartsWith('.')) continue; // temporary and lock files
                string relative = Path.GetRelativePath(runFolder, entry.FullName);
                if (entry.LinkTarget is { } target)
                    files.Add(new RunFile(relative, 0, $"link → {target}", null, null));
                else if (entry is DirectoryInfo subfolder)
                    folders.Push(subfolder);
                else
                    files.Add(Describe(relative, (FileInfo)entry));
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    /// <summary>A file's entry; for .npy files the array's header (read only from regular files).</summary>
    private static RunFile Describe(string relative, FileInfo info)
    {
        if (!info.Extension.Equals(".npy", StringComparison.OrdinalIgnoreCase))
            return new RunFile(relative, info.Length, Describe(info), null, null);
        try
        {
            var array = NpyFileInfo.Read(info.FullName);
            return new RunFile(relative, info.Length, $"array {array.DType} {array.ShapeText}" + (array.IsFortranOrder ? ", Fortran order" : ""), array, null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return new RunFile(relative, info.Length, "unreadable array", null, e.Message);
        }
    }

    private static string Describe(FileInfo file) => file.Extension.ToLowerInvariant() switch
    {
        ".ini" when file.Name == StorageManager.ConfigFileName => "parameters",
        ".msgpack" => "object (MessagePack)",
        ".txt" => "text",
        ".png" => "image",
        ".mp4" => "video",
        ".zip" => "archive",
        _ => "",
    };

    private static void WriteTables(StorageManager sm, RunStatus status, List<(string Name, List<(string Key, string? Text)> Values)> sections, List<RunFile> files)
    {
        var console = Terminal.Out;
        Terminal.Line(console, sm.Path, bold: true);
        Terminal.Line(console, $"status: {ValueText.StatusName(status)}");
        Terminal.Line(console, "");
        foreach (var (name, values) in sections)
        {
            var table = new ResultTable(["key", "value"]);
            foreach (var (key, text) in values) table.Add(key, text);
            Terminal.Line(console, $"[{name}]", bold: true);
            table.WriteTable(console);
        }
        var fileTable = new ResultTable(["file", "size", "contents"]);
        foreach (var file in files) fileTable.Add(file.RelativePath, Size(file.Size), file.Problem is null ? file.Contents : $"{file.Contents}: {file.Problem}");
        fileTable.Caption = $"{files.Count} files, {Size(files.Sum(f => f.Size))}";
        Terminal.Line(console, "files", bold: true);
        fileTable.WriteTable(console);
    }

    private static void WriteJson(StorageManager sm, RunStatus status, List<(string Name, List<(string Key, string? Text)> Values)> sections, List<RunFile> files)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("path", sm.Path);
            json.WriteString("group", Path.GetFileName(sm.MainFolderPath));
            json.WriteString("run", sm.FolderName);
            json.WriteString("status", ValueText.StatusName(status));
            json.WriteStartObject("sections");
            foreach (var (name, values) in sections)
            {
                json.WriteStartObject(name);
                foreach (var (key, text) in values) json.WriteString(key, text);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartArray("files");
            foreach (var file in files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.RelativePath.Replace(Path.DirectorySeparatorChar, '/'));
                json.WriteNumber("size", file.Size);
                json.WriteString("contents", file.Contents);
                if (file.Array is { } array)
                {
                    json.WriteString("dtype", array.DType);
                    json.WriteString("descr", array.Descr);
                    json.WriteStartArray("shape");
                    foreach (long dimension in array.Shape) json.WriteNumberValue(dimension);
                    json.WriteEndArray();
                    json.WriteBoolean("fortran_order", array.IsFortranOrder);
                }
                if (file.Problem is not null) json.WriteString("error", file.Problem);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
