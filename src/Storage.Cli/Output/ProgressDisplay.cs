using System.Globalization;
using Spectre.Console;

namespace StorageTyped.Cli.Output;

/// <summary>
/// A progress bar on standard error for work that takes a while (the first scan of a large group, an export), shown
/// only when standard error is a terminal and the work has not finished after a moment: quick commands and
/// redirected output stay plain. RUNS_PROGRESS_DELAY_MS sets the moment (300 ms); RUNS_NO_PROGRESS=1 turns it off.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, which reports (done, total) to the counter it is given.</summary>
    public static T Run<T>(string description, Func<ProgressCounter, T> work)
    {
        var counter = new ProgressCounter();
        if (!Terminal.ErrorIsInteractive || Environment.GetEnvironmentVariable("RUNS_NO_PROGRESS") is { Length: > 0 })
            return work(counter);

        var task = Task.Factory.StartNew(() => work(counter), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (task.Wait(Delay())) return task.GetAwaiter().GetResult();
        Terminal.Error.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var bar = context.AddTask(Markup.Escape(description), maxValue: 1);
                do
                {
                    var (done, total) = counter.Read();
                    bar.MaxValue = Math.Max(total, 1);
                    bar.Value = Math.Min(done, bar.MaxValue);
                    context.Refresh();
                }
                while (!task.Wait(100));
                bar.Value = bar.MaxValue;
            });
        return task.GetAwaiter().GetResult();
    }

    private static TimeSpan Delay() =>
        int.TryParse(Environment.GetEnvironmentVariable("RUNS_PROGRESS_DELAY_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out int ms)
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromMilliseconds(300);
}

/// <summary>How far some work is: written by the working threads, read by the progress bar.</summary>
internal sealed class ProgressCounter : IProgress<GroupScanProgress>
{
    private long _done, _total;

    /// <summary>Sets how much is done of how much.</summary>
    public void Set(long done, long total)
    {
        Interlocked.Exchange(ref _total, total);
        Interlocked.Exchange(ref _done, done);
    }

    /// <summary>The latest report.</summary>
    public (long Done, long Total) Read() => (Interlocked.Read(ref _done), Interlocked.Read(ref _total));

    /// <summary>A group scan's report: config.ini files read of those to read.</summary>
    public void Report(GroupScanProgress value) => Set(value.RunsRead, value.RunsToRead);
}
