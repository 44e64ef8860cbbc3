using Microsoft.Extensions.Logging;

namespace StorageTyped.Tests.Infrastructure;

/// <summary>An ILogger that keeps what it is told, to check the warnings the library gives (a real sink, not a mock: it records, it does not answer).</summary>
public sealed class LogCollector : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    /// <summary>The messages at <see cref="LogLevel.Warning"/> or above, formatted.</summary>
    public IReadOnlyList<string> Warnings
    {
        get { lock (_entries) return _entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message).ToList(); }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }
}
