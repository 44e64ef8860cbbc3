namespace StorageTyped;

/// <summary>
/// Marks a run failed unless it completes, in the manner of TransactionScope:
/// <c>using var scope = sm.BeginScope(); … scope.Complete();</c>. When the scope is disposed without
/// <see cref="Complete"/>, the run is recorded as failed with the last exception thrown inside the scope
/// (its type and message), which is the one escaping in the usual case.
/// </summary>
public sealed class RunScope : IDisposable
{
    private static readonly AsyncLocal<RunScope?> CurrentScope = new();
    private readonly RunScope? _outer;
    private Exception? _lastException;
    private bool _ended;

    internal RunScope(StorageManager run)
    {
        Run = run;
        _outer = CurrentScope.Value;
        CurrentScope.Value = this;
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChanceException;
    }

    /// <summary>The run this scope watches.</summary>
    public StorageManager Run { get; }

    /// <summary>Records the run as completed; call it as the last statement of the scope.</summary>
    public void Complete()
    {
        if (_ended) return;
        _ended = true;
        Run.Complete();
    }

    /// <summary>Ends the scope: a scope not completed records the run as failed.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.FirstChanceException -= OnFirstChanceException;
        if (ReferenceEquals(CurrentScope.Value, this)) CurrentScope.Value = _outer;
        if (_ended) return;
        _ended = true;
        if (_lastException is { } exception) Run.Fail(exception);
        else Run.RecordEnd(RunStatus.Failed, "ScopeNotCompleted", "the run's scope ended without Complete()");
    }

    private void OnFirstChanceException(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
    {
        if (ReferenceEquals(CurrentScope.Value, this)) _lastException = e.Exception;
    }
}
