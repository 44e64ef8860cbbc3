using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace StorageTyped.Report.Tests;

/// <summary>A 10,000-run report in chromium, runs PymoNNto wrote, and parameter values that try to inject markup.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class LargeAndForeignReportTests(Chromium chromium, ITestOutputHelper output) : IDisposable
{
    /// <summary>On tmpfs: 10,000 run folders on this VM's disk take 10–40 s to write and as long to delete under load.</summary>
    private readonly TempFolder _temp = new(TempFolder.MemoryBacked);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_report_of_ten_thousand_runs_is_interactive_in_under_two_seconds_and_keeps_few_rows_in_the_DOM()
    {
        var setup = Stopwatch.StartNew();
        SampleSweeps.WriteBare(_temp.DataFolder, "Large", 10_000);
        long written = setup.ElapsedMilliseconds;
        var smg = new StorageManagerGroup("Large", options: _temp.Options);
        output.WriteLine($"writing 10,000 runs {written} ms, loading the group {setup.ElapsedMilliseconds - written} ms");
        var write = Stopwatch.StartNew();
        string path = smg.WriteReport(Path.Combine(_temp.Root, "large.html"), new ReportOptions { Metrics = ["score"] });
        write.Stop();

        var open = Stopwatch.StartNew();
        await using var report = await chromium.OpenAsync(path);
        open.Stop();
        // The page's own clock: from navigation start to the end of its first drawing (header, table, charts).
        double ready = await report.Evaluate<double>("window.report.readyAt");
        // A first interaction: sorting 10,000 runs by score and drawing the rows in view.
        double sort = await report.Evaluate<double>("(() => { const t = performance.now(); window.report.sortBy('p:score', true); return performance.now() - t; })()");
        var filter = await report.Page.EvaluateExpressionAsync<JsonElement>("(() => { const t = performance.now(); window.report.setQuery('number_of_neurons >= 500 and lr < 0.005'); return { ms: performance.now() - t, rows: +document.getElementById('row-count').dataset.count }; })()");
        output.WriteLine($"10,000 runs: WriteReport {write.ElapsedMilliseconds} ms, {new FileInfo(path).Length / 1024} KiB; page ready after {ready:F0} ms (open as seen from .NET {open.ElapsedMilliseconds} ms); sort {sort:F0} ms; filter {filter.GetProperty("ms").GetDouble():F0} ms");
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "large-report-timing.txt"),
            $"ready_ms={ready:F0} sort_ms={sort:F0} filter_ms={filter.GetProperty("ms").GetDouble():F0} write_ms={write.ElapsedMilliseconds} bytes={new FileInfo(path).Length}\n");

        Assert.True(ready < 2000, $"the page was ready after {ready:F0} ms");   // the issue's functional bound
        Assert.True(sort < 2000, $"sorting took {sort:F0} ms");
        Assert.Equal(smg.Select("number_of_neurons >= 500 and lr < 0.005").Count, filter.GetProperty("rows").GetInt32());
        Assert.InRange(await report.Evaluate<int>("document.querySelectorAll('#runs-table tbody tr[data-run]').length"), 10, 80);
        Assert.Equal([report.Url], report.Requests);
        Assert.Empty(report.Errors);
    }

    [Fact]
    public async Task A_report_of_runs_PymoNNto_wrote_without_provenance_works_too()
    {
        // PymoNNto's StorageManager: folders Legacy, Legacy_0, Legacy_1 …, configparser, str() values, no [Provenance].
        ExternalTool.RunPython("""
            import configparser, os, sys
            main = sys.argv[1] + '/StorageManager/Legacy/'
            for i, (neurons, seed) in enumerate([(n, s) for n in (100, 200, 400) for s in range(3)]):
                run = main + ('Legacy' if i == 0 else f'Legacy_{i - 1}') + '/'
                os.makedirs(run)
                config = configparser.ConfigParser()
                config['Parameters'] = {'time': '1700000000.5', 'number_of_neurons': str(neurons), 'seed': str(seed),
                                        'score': str(neurons / 1000 + seed / 100), 'plastic': str(True)}
                with open(run + 'config.ini', 'w') as f: config.write(f)
            """, _temp.DataFolder);
        var smg = new StorageManagerGroup("Legacy", options: _temp.Options);
        string path = smg.WriteReport(Path.Combine(_temp.Root, "legacy.html"), new ReportOptions { Metrics = ["score"] });
        await using var report = await chromium.OpenAsync(path);

        Assert.Equal(9, await report.RowCount());
        Assert.Equal(["unknown 9"], await report.Evaluate<string[]>("[...document.querySelectorAll('#status-summary .chip')].map(c => c.textContent)"));
        Assert.Contains("No [Provenance] recorded", await report.Evaluate<string>("document.getElementById('provenance').textContent"));
        Assert.Equal(["plastic"], await report.Evaluate<string[]>("[...document.querySelectorAll('#schema-constant th')].map(c => c.textContent)"));
        Assert.Equal(1, await report.Evaluate<int>("window.report.charts.length"));
        double[] means = await report.Evaluate<double[]>("window.report.charts[0].lines[0].mean");
        Assert.Equal(smg.SummarizeReplicates("score", replicate: "seed").Select(cell => cell.Mean), means);
        Assert.Equal(["Legacy", "Legacy_0", "Legacy_1"], (await report.ColumnTexts("run")).Take(3));
        Assert.Empty(report.Errors);
    }

    [Fact]
    public async Task Parameter_values_that_look_like_markup_are_shown_as_text_and_run_nothing()
    {
        string[] hostile =
        [
            "</script><script>window.pwned = 1</script>",
            "<img src=x onerror=\"window.pwned = 2\">",
            "]]><!-- {{data}} ${1+1}",
            "\" onmouseover=\"window.pwned = 3",
        ];
        foreach (string value in hostile)
            new StorageManager("Hostile", options: _temp.Options).SaveParamDict(new Dictionary<string, object?> { ["label"] = value, ["score"] = 0.5 });
        var smg = new StorageManagerGroup("Hostile", options: _temp.Options);
        string path = smg.WriteReport(Path.Combine(_temp.Root, "hostile.html"), new ReportOptions { Title = "<b>title</b>" });
        await using var report = await chromium.OpenAsync(path);

        Assert.Equal(hostile, await report.ColumnTexts("p:label"));
        Assert.Equal("<b>title</b>", await report.Evaluate<string>("document.title"));
        Assert.Equal("undefined", await report.Evaluate<string>("typeof window.pwned"));
        Assert.Equal(0, await report.Evaluate<int>("document.querySelectorAll('#runs-table img, header b').length"));
        Assert.Equal([report.Url], report.Requests);
        Assert.Empty(report.Errors);
    }
}
