using System.Globalization;
using System.Net;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using StorageTyped.Analysis;


namespace StorageTyped.Report;

/// <summary>
/// Writes the self-contained HTML report of a group: the page template, its style and script and the vendored
/// charting library (uPlot, MIT; see Vendor/uPlot/README.md) are embedded resources of this assembly, and the group's
/// data goes into the page as one JSON block that the script reads. Nothing in the page loads anything from
/// elsewhere (its Content-Security-Policy forbids it), so it opens from file:// and from a copied folder.
/// </summary>
internal static class SweepReport
{
    /// <summary>The page's parts, read once from the assembly's resources.</summary>
    private static readonly Lazy<Dictionary<string, string>> Assets = new(() =>
    {
        var assembly = typeof(SweepReport).Assembly;
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in new[] { "report.html", "report.css", "report.js", "uPlot.iife.min.js", "uPlot.min.css", "uPlot.LICENSE" })
        {
            using var stream = assembly.GetManifestResourceStream("StorageTyped.Report." + name)
                ?? throw new InvalidOperationException($"The report's part {name} is missing from the StorageTyped assembly; the build is broken.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            parts[name] = reader.ReadToEnd();
        }
        return parts;
    });

    private static readonly string LibraryVersion =
        typeof(SweepReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "";

    public static string Write(StorageManagerGroup group, string path, ReportOptions options)
    {
        if (options.MaxCurvePoints < 2) throw new ArgumentOutOfRangeException(nameof(options), options.MaxCurvePoints, "MaxCurvePoints must be at least 2.");
        SampleStatistics.CheckConfidence(options.Confidence, nameof(options));
        string folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Cannot write the report {path}: the folder {folder} does not exist.");
        var model = ReportModel.Build(group, folder, options);
        string title = options.Title ?? $"{group.Tag}: {group.Count} runs";
        AtomicFile.Write(path, stream => WritePage(stream, model, title));
        return path;
    }

    private static void WritePage(Stream stream, ReportModel model, string title)
    {
        var assets = Assets.Value;
        string template = assets["report.html"];
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        int position = 0;
        while (position < template.Length)
        {
            int start = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (start < 0) { writer.Write(template.AsSpan(position)); break; }
            writer.Write(template.AsSpan(position, start - position));
            int end = template.IndexOf("}}", start, StringComparison.Ordinal);
            string marker = template[(start + 2)..end];
            switch (marker)
            {
                case "title": writer.Write(WebUtility.HtmlEncode(title)); break;
                case "version": writer.Write(WebUtility.HtmlEncode(LibraryVersion)); break;
                case "data":
                    writer.Flush();
                    using (var json = new Utf8JsonWriter(stream)) model.WriteJson(json, title);
                    break;
                default:
                    // Scripts and styles go in as they are; a closing tag inside them would end the element early.
                    string part = assets[marker];
                    if (part.Contains("</script", StringComparison.OrdinalIgnoreCase) || part.Contains("</style", StringComparison.OrdinalIgnoreCase))
                        throw new InvalidOperationException($"The report's part {marker} holds a closing script or style tag.");
                    writer.Write(part);
                    break;
            }
            position = end + 2;
        }
        writer.Flush();
    }
}
