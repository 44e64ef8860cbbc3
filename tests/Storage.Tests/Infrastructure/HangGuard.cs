namespace StorageTyped.Tests.Infrastructure;

/// <summary>
/// Runs a call that must return, on a background thread, and fails the test if it has not returned after a generous
/// time (a regression that blocks on a pipe or reads /dev/zero would otherwise stop the whole test run). This is a
/// guard against hanging, not a measurement: nothing is asserted about how long the call takes.
/// </summary>
public static class HangGuard
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="call"/> and returns what it returned, or rethrows what it threw.</summary>
    public static T Run<T>(Func<T> call, string what)
    {
        T result = default!;
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try { result = call(); }
            catch (Exception e) { thrown = e; }
        }) { IsBackground = true };
        thread.Start();
        if (!thread.Join(Limit))
            throw new Xunit.Sdk.XunitException($"{what} did not return within {Limit.TotalMinutes} minutes: it blocks or reads without end.");
        if (thrown is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(thrown);
        return result;
    }

    /// <summary>Runs <paramref name="call"/>; rethrows what it threw.</summary>
    public static void Run(Action call, string what) => Run(() => { call(); return 0; }, what);

    /// <summary>Runs <paramref name="call"/> and returns the exception of type <typeparamref name="TException"/> it must throw.</summary>
    public static TException Throws<TException>(Action call, string what) where TException : Exception =>
        Assert.Throws<TException>(() => Run(call, what));
}
