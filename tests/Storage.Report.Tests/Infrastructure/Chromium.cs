using PuppeteerSharp;

namespace StorageTyped.Report.Tests.Infrastructure;

/// <summary>
/// Debian's chromium (/usr/bin/chromium; STORAGETYPED_CHROMIUM overrides), started once for the tests of a
/// collection through PuppeteerSharp (the DevTools protocol; no browser is downloaded). Missing, it fails the tests
/// with the command that installs it: scripts/test.sh does.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "storagetyped-chromium-" + Guid.NewGuid().ToString("N"));

    public static string Executable =>
        Environment.GetEnvironmentVariable("STORAGETYPED_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing. Install Debian's chromium (apt-get install -y chromium fonts-dejavu-core), or run scripts/test.sh, which does.");
        Directory.CreateDirectory(_profile);
        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            UserDataDir = _profile,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--font-render-hinting=none"],
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Opens a report from file:// with every other request blocked, recording requests and console errors.</summary>
    public async Task<ReportPage> OpenAsync(string reportPath, int width = 1280, int height = 900)
    {
        var page = await Browser.NewPageAsync();
        var report = new ReportPage(page, new Uri(reportPath).AbsoluteUri);
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        await page.SetOfflineModeAsync(true);
        await page.SetRequestInterceptionAsync(true);
        page.Request += async (_, e) =>
        {
            lock (report.Requests) report.Requests.Add(e.Request.Url);
            if (e.Request.Url == report.Url) await e.Request.ContinueAsync();
            else await e.Request.AbortAsync();
        };
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
                lock (report.Errors) report.Errors.Add(e.Message.Text);
        };
        page.PageError += (_, e) => { lock (report.Errors) report.Errors.Add(e.Message); };
        page.Dialog += async (_, e) => { lock (report.Errors) report.Errors.Add("dialog: " + e.Dialog.Message); await e.Dialog.Dismiss(); };
        await page.GoToAsync(report.Url, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => window.report && window.report.ready === true", new WaitForFunctionOptions { Timeout = 60_000 });
        return report;
    }
}

/// <summary>An open report: the page, what it asked for and what it complained about.</summary>
public sealed class ReportPage(IPage page, string url) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public string Url { get; } = url;

    /// <summary>Every request the page made (the report itself first).</summary>
    public List<string> Requests { get; } = new();

    /// <summary>Console errors, uncaught exceptions and dialogs.</summary>
    public List<string> Errors { get; } = new();

    public Task<T> Evaluate<T>(string expression) => Page.EvaluateExpressionAsync<T>(expression);

    /// <summary>The texts of a column's cells in the rows the table shows, top to bottom.</summary>
    public Task<string[]> ColumnTexts(string columnId) => Page.EvaluateFunctionAsync<string[]>("""
        (id) => {
          const index = [...document.querySelectorAll('#runs-table thead tr.names th')].findIndex(th => th.dataset.column === id);
          return [...document.querySelectorAll('#runs-table tbody tr[data-run]')].map(tr => tr.children[index].textContent);
        }
        """, columnId);

    /// <summary>The row count the table reports (the runs its filters keep).</summary>
    public async Task<int> RowCount() => int.Parse(await Evaluate<string>("document.getElementById('row-count').dataset.count"));

    public async ValueTask DisposeAsync() => await Page.CloseAsync();
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<Chromium>
{
    public const string Name = "chromium";
}
