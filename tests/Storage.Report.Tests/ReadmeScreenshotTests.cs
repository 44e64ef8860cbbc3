using System.Reflection;
using System.Text.Json;
using PuppeteerSharp;
using PuppeteerSharp.Media;
using Xunit.Abstractions;

namespace StorageTyped.Report.Tests;

/// <summary>
/// The picture in README.md's "Seeing a sweep" is taken here, from a report of the README's own sweep written with
/// the README's own options, so that it never goes stale: the sweep's code and the report's call are checked to
/// still stand in README.md as written below.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ReadmeScreenshotTests(Chromium chromium, ITestOutputHelper output) : IDisposable
{
    /// <summary>The lines of README.md's sweep (under "The group") that this test repeats.</summary>
    private static readonly string[] SweepLines =
    [
        "foreach (int neurons in new[] { 500, 1000, 2000 })",
        "foreach (double lr in new[] { 0.01, 0.1 })",
        "foreach (int seed in new[] { 1, 2 })",
        "var sm = new StorageManager(\"Sweep\");",
        "sm.SaveParamDict(new Dictionary<string, object?> { [\"number_of_neurons\"] = neurons, [\"lr\"] = lr, [\"seed\"] = seed });",
        "double score = Math.Round(Math.Log10(neurons) / 4 - lr + 0.01 * seed, 3);",
        "sm.SaveParam(\"score\", score);",
        "sm.SaveNp(\"weights\", Enumerable.Range(0, 10).Select(i => score * i).ToArray());",
        "string report = smg.WriteReport(\"sweep-report.html\", new ReportOptions { Metrics = [\"score\"], Replicate = \"seed\", Arrays = [\"weights\"] });",
        "![The metric charts of the report of this README's sweep",
    ];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string RepositoryRoot => Path.GetFullPath(typeof(ReadmeScreenshotTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!);

    [Fact]
    public async Task The_readme_picture_is_the_report_of_the_readmes_sweep()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        foreach (string line in SweepLines)
            Assert.True(readme.Contains(line, StringComparison.Ordinal), $"README.md no longer has '{line}': update this test's sweep to the README's.");

        // The README's sweep, as its block writes it.
        foreach (int neurons in new[] { 500, 1000, 2000 })
            foreach (double lr in new[] { 0.01, 0.1 })
                foreach (int seed in new[] { 1, 2 })
                {
                    var sm = new StorageManager("Sweep", options: _temp.Options);
                    sm.SaveParamDict(new Dictionary<string, object?> { ["number_of_neurons"] = neurons, ["lr"] = lr, ["seed"] = seed });
                    double score = Math.Round(Math.Log10(neurons) / 4 - lr + 0.01 * seed, 3);
                    sm.SaveParam("score", score);
                    sm.SaveNp("weights", Enumerable.Range(0, 10).Select(i => score * i).ToArray());
                }
        var smg = new StorageManagerGroup("Sweep", options: _temp.Options);
        string path = smg.WriteReport(Path.Combine(_temp.Root, "sweep-report.html"), new ReportOptions { Metrics = ["score"], Replicate = "seed", Arrays = ["weights"] });
        await using var report = await chromium.OpenAsync(path, width: 1240, height: 2400);
        Assert.Empty(report.Errors);
        Assert.Equal(2, await report.Evaluate<int>("window.report.charts.length"));

        // The charts and the array curves: what the header and table show (times, hosts, versions) changes from run to run.
        var box = await report.Page.EvaluateExpressionAsync<JsonElement>("""
            (() => { const a = document.getElementById('charts-section').getBoundingClientRect(), b = document.getElementById('arrays-section').getBoundingClientRect();
                     return { x: 0, y: a.top + window.scrollY - 8, width: document.documentElement.clientWidth, height: b.bottom - a.top + 16 }; })()
            """);
        byte[] png = await report.Page.ScreenshotDataAsync(new ScreenshotOptions
        {
            Type = ScreenshotType.Png,
            Clip = new Clip { X = 0, Y = (decimal)box.GetProperty("y").GetDouble(), Width = (decimal)box.GetProperty("width").GetDouble(), Height = (decimal)box.GetProperty("height").GetDouble() },
        });
        Assert.True(png.Length > 20_000, $"the picture has {png.Length} bytes");

        string target = Path.Combine(RepositoryRoot, "docs", "images", "sweep-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        bool changed = !File.Exists(target) || !File.ReadAllBytes(target).AsSpan().SequenceEqual(png);
        if (changed) File.WriteAllBytes(target, png);   // written only when it differs, so a checkout stays clean
        output.WriteLine($"{target}: {png.Length} bytes{(changed ? ", written" : ", unchanged")}");
    }
}
