using System.Text.Json;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace StorageTyped.Report.Tests;

/// <summary>The report of a replicated sweep in Debian's chromium, opened from file:// with the network blocked.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ReportBrowserTests(Chromium chromium, ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<(StorageManagerGroup Group, ReportPage Page)> OpenSweepReport()
    {
        SampleSweeps.WriteReplicated(_temp.Options);
        var smg = new StorageManagerGroup("Sweep", options: _temp.Options);
        string path = smg.WriteReport(Path.Combine(_temp.Root, "report.html"), new ReportOptions { Metrics = ["score"], Replicate = "seed", Arrays = ["loss", "rate"] });
        return (smg, await chromium.OpenAsync(path));
    }

    [Fact]
    public async Task The_report_opens_from_file_with_no_request_leaving_the_page_no_console_error_and_its_header()
    {
        var (smg, report) = await OpenSweepReport();
        await using var _ = report;

        Assert.Equal([report.Url], report.Requests);
        Assert.Empty(report.Errors);
        Assert.Equal("Sweep: 23 runs", await report.Evaluate<string>("document.querySelector('header h1').textContent"));
        Assert.Equal(["completed 21", "failed 2"], await report.Evaluate<string[]>("[...document.querySelectorAll('#status-summary .chip')].map(c => c.textContent)"));
        Assert.Equal(["number_of_neurons", "lr", "seed", "score"], await report.Evaluate<string[]>("[...document.querySelectorAll('#schema-varying th')].map(c => c.textContent)"));
        Assert.Equal([Environment.MachineName], await report.Evaluate<string[]>("[...document.querySelectorAll('#provenance tr.host td.values')].map(c => c.textContent)"));
        // Links: relative to the report's folder, to the run folder and its video.
        Assert.Equal("Data/StorageManager/Sweep/Sweep1/", await report.Evaluate<string>("document.querySelector('#runs-table tbody tr[data-run] a').getAttribute('href')"));
        Assert.Equal("Data/StorageManager/Sweep/Sweep1/activity.mp4", await report.Evaluate<string>("document.querySelector('#runs-table tbody tr[data-run] td:last-child a').getAttribute('href')"));
        Assert.True(File.Exists(Path.Combine(_temp.Root, "Data/StorageManager/Sweep/Sweep1/activity.mp4")));

        string screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "sweep-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await report.Page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 20_000);
        output.WriteLine($"screenshot: {screenshot}");
    }

    [Fact]
    public async Task Clicking_a_column_sorts_as_the_group_does_and_the_order_is_read_back_from_the_DOM()
    {
        var (smg, report) = await OpenSweepReport();
        await using var _ = report;

        await report.Page.ClickAsync("#runs-table th[data-column='p:score']");
        smg.SortBy("score");
        Assert.Equal(smg.StorageManagerList.Take(15).Select(run => run.FolderName), (await report.ColumnTexts("run")).Take(15));
        string[] scores = await report.ColumnTexts("p:score");
        Assert.Equal(smg.GetParamList("score").Take(15).Select(v => v is null ? "None" : ParameterText.Format(v)), scores.Take(15));

        await report.Page.ClickAsync("#runs-table th[data-column='p:score']");   // again: descending, NaN and None still as the group puts them
        smg.SortBy("score", descending: true);
        await report.Page.EvaluateExpressionAsync("document.getElementById('table-scroll').scrollTop = 1e6");
        await report.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('#runs-table tbody tr[data-run]')].pop().dataset.run === '" + smg.StorageManagerList[^1].FolderName + "'");
        string[] tail = await report.Evaluate<string[]>("[...document.querySelectorAll('#runs-table tbody tr[data-run]')].map(tr => tr.dataset.run)");
        Assert.Equal(smg.StorageManagerList.TakeLast(tail.Length).Select(run => run.FolderName), tail);

        await report.Page.ClickAsync("#runs-table th[data-column='p:lr']");          // stable: by lr, then by score descending
        smg.SortBy("lr");
        await report.Page.EvaluateExpressionAsync("document.getElementById('table-scroll').scrollTop = 0");
        await report.Page.WaitForFunctionAsync("() => document.querySelector('#runs-table tbody tr[data-run]').dataset.run === '" + smg.StorageManagerList[0].FolderName + "'");
        Assert.Equal(smg.StorageManagerList.Take(15).Select(run => run.FolderName), (await report.ColumnTexts("run")).Take(15));
        Assert.Equal("ascending", await report.Evaluate<string>("document.querySelector(\"th[data-column='p:lr']\").getAttribute('aria-sort')"));
        Assert.Empty(report.Errors);
    }

    [Fact]
    public async Task Typing_a_query_or_a_column_filter_keeps_the_runs_the_library_selects()
    {
        var (smg, report) = await OpenSweepReport();
        await using var _ = report;

        const string Query = "number_of_neurons >= 1000 and (score > 0.75 or seed == 0)";
        await report.Page.TypeAsync("#query", Query);
        await report.Page.WaitForFunctionAsync($"() => window.report.table.query === {JsonSerializer.Serialize("(" + Query + ")")}");
        var selected = smg.Select(Query);
        Assert.Equal(selected.Count, await report.RowCount());
        Assert.Equal(selected.Select(run => run.FolderName), await report.ColumnTexts("run"));

        await report.Page.TypeAsync("#runs-table input[data-column='p:lr']", "0.1");   // a column's filter: lr == 0.1, joined with and
        await report.Page.WaitForFunctionAsync("() => window.report.table.query.endsWith('(lr == 0.1)')");
        Assert.Equal(smg.Select(Query + " and lr == 0.1").Count, await report.RowCount());

        // A malformed query: the library's own message, caret and all; the table keeps its last rows.
        await report.Page.EvaluateExpressionAsync("document.querySelector(\"input[data-column='p:lr']\").value = ''");
        await report.Page.EvaluateExpressionAsync("document.getElementById('query').value = ''");
        await report.Page.TypeAsync("#query", "score >> 1");
        await report.Page.WaitForFunctionAsync("() => document.getElementById('query-error').textContent !== ''");
        var error = Assert.Throws<FormatException>(() => smg.Select("score >> 1"));
        Assert.Equal(error.Message, await report.Evaluate<string>("document.getElementById('query-error').textContent"));
        Assert.Empty(report.Errors);
    }

    [Fact]
    public async Task Each_chart_has_a_line_per_value_of_another_axis_with_points_and_bands_equal_to_SummarizeReplicates()
    {
        var (smg, report) = await OpenSweepReport();
        await using var _ = report;

        Assert.Equal(2, await report.Evaluate<int>("window.report.charts.length"));   // score against number_of_neurons and against lr
        Assert.Equal(2, await report.Evaluate<int>("document.querySelectorAll('#charts canvas').length"));
        var cells = smg.SummarizeReplicates("score", replicate: "seed", by: ["number_of_neurons", "lr"]);
        // The chart's own state: uPlot's series (x, then mean, high and low per line) and data.
        Assert.Equal(1 + 3 * 2, await report.Evaluate<int>("window.report.charts[0].uplot.series.length"));
        int[] points = await report.Evaluate<int[]>("window.report.charts[0].uplot.data.filter((_, i) => i % 3 === 1).map(d => d.filter(v => v !== null).length)");
        Assert.Equal(new[] { 3, 3 }, points);
        Assert.Equal(["lr = 0.01", "lr = 0.1"], await report.Evaluate<string[]>("window.report.charts[0].lines.map(l => l.label)"));
        Assert.Equal(["500", "1000", "2000"], await report.Evaluate<string[]>("window.report.charts[0].xLabels"));
        var lines = await report.Evaluate<JsonElement>("window.report.charts[0].lines.map(l => ({ mean: l.mean, lo: l.lo, hi: l.hi, n: l.n, runs: l.runs }))");
        for (int line = 0; line < 2; line++)
        {
            for (int x = 0; x < 3; x++)
            {
                int size = x == 0 ? 500 : x == 1 ? 1000 : 2000;
                var cell = cells.Single(c => Equals(c.Axes["lr"], line == 0 ? 0.01 : 0.1) && Equals(c.Axes["number_of_neurons"], size));
                JsonElement l = lines[line];
                Assert.Equal(cell.N, l.GetProperty("n")[x].GetInt32());
                Assert.Equal(cell.Mean, l.GetProperty("mean")[x].GetDouble(), 1e-12);
                Assert.Equal(cell.CiLow, l.GetProperty("lo")[x].GetDouble(), 1e-12);
                Assert.Equal(cell.CiHigh, l.GetProperty("hi")[x].GetDouble(), 1e-12);
                Assert.Equal(cell.Runs, l.GetProperty("runs")[x].EnumerateArray().Select(e => e.GetString()));
            }
        }
        // The band is drawn: the bands option pairs each line's high and low series.
        Assert.Equal("[[2,3],[5,6]]", await report.Evaluate<string>("JSON.stringify(window.report.charts[0].uplot.bands.map(b => b.series))"));

        // Hover on the middle point: the tooltip names the runs of the cell.
        await report.Page.EvaluateExpressionAsync("window.report.charts[0].uplot.root.scrollIntoView()");
        var box = await report.Page.EvaluateExpressionAsync<JsonElement>("(() => { const r = window.report.charts[0].uplot.over.getBoundingClientRect(); const u = window.report.charts[0].uplot; return { x: r.left + u.valToPos(1000, 'x'), y: r.top + u.valToPos(window.report.charts[0].lines[0].mean[1], 'y') }; })()");
        await report.Page.Mouse.MoveAsync((decimal)box.GetProperty("x").GetDouble(), (decimal)box.GetProperty("y").GetDouble());
        string tooltip = await report.Evaluate<string>("document.querySelector('#charts .tooltip').textContent");
        var middle = cells.Single(c => Equals(c.Axes["lr"], 0.01) && Equals(c.Axes["number_of_neurons"], 1000));
        Assert.Contains("number_of_neurons = 1000", tooltip);
        Assert.Contains(middle.Runs[0], tooltip);

        // The charts follow the table's filter.
        await report.Page.EvaluateExpressionAsync("window.report.setQuery('lr == 0.1')");
        await report.Page.WaitForFunctionAsync("() => window.report.charts[0].lines.length === 1");
        Assert.Equal(["lr = 0.1"], await report.Evaluate<string[]>("window.report.charts[0].lines.map(l => l.label)"));

        // The array's mean curves: one line per size, with the library's summary.
        var curve = smg.Where("number_of_neurons == 500").SummarizeArrays<double>("loss");
        Assert.Equal(3, await report.Evaluate<int>("window.report.arrays[0].lines.length"));
        double[] mean = await report.Evaluate<double[]>("window.report.arrays[0].lines[0].mean");
        Assert.Equal(curve.Mean, mean);
        Assert.Equal(1 + 3 * 3, await report.Evaluate<int>("window.report.arrays[0].uplot.series.length"));
        // Arrays of different lengths are aligned to the longest: each element's N counts the runs that reach it.
        var ragged = smg.Where("number_of_neurons == 500").SummarizeArrays<double>("rate", ArrayAlign.Pad);
        int[] n = await report.Evaluate<int[]>("window.report.arrays[1].lines[0].n");
        Assert.Equal(ragged.N, n);
        Assert.Equal([8, 6], new[] { n[0], n[^1] });
        Assert.Empty(report.Errors);
    }
}
