using StorageTyped;

/// <summary>
/// A one-line progress bar for a sweep on a terminal: done of total, failures, rate and time left, redrawn in place
/// at most ten times a second. Prints nothing when the output is redirected (a file, a pipe, CI).
/// </summary>
public sealed class TerminalProgressBar : IProgress<SweepProgress>, IDisposable
{
    private const int Width = 30;
    private readonly bool _enabled = !Console.IsOutputRedirected;
    private readonly object _gate = new();
    private readonly System.Diagnostics.Stopwatch _sinceDrawn = System.Diagnostics.Stopwatch.StartNew();
    private SweepProgress _last;
    private bool _drawn;

    /// <summary>Draws the bar for <paramref name="value"/> (reports come from the sweep's threads).</summary>
    public void Report(SweepProgress value)
    {
        if (!_enabled) return;
        lock (_gate)
        {
            if (value.Done < _last.Done) return; // an older report that arrived late
            _last = value;
            if (_drawn && value.Done < value.Total && _sinceDrawn.ElapsedMilliseconds < 100) return;
            Draw(value);
        }
    }

    private void Draw(SweepProgress value)
    {
        int filled = value.Total == 0 ? Width : (int)((long)Width * value.Done / value.Total);
        string left = value.EstimatedTimeLeft is { } time ? $", {time.TotalSeconds:0} s left" : "";
        string rate = value.Rate > 0 ? $", {value.Rate:0.0}/s" : "";
        string failed = value.Failed > 0 ? $", {value.Failed} failed" : "";
        Console.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {value.Done}/{value.Total}{failed}{rate}{left}   ");
        _drawn = true;
        _sinceDrawn.Restart();
    }

    /// <summary>Draws the final state and ends the line.</summary>
    public void Dispose()
    {
        if (!_enabled || !_drawn) return;
        lock (_gate)
        {
            Draw(_last);
            Console.WriteLine();
        }
    }
}
