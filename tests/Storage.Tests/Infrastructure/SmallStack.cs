namespace StorageTyped.Tests.Infrastructure;

/// <summary>
/// Runs a call on a thread with a 256 KB stack (a sixth of a thread-pool thread's 1.5 MB): deep recursion that a
/// larger stack might survive fails here, and a stack overflow would end the test process — so a call that passes
/// on this thread recurses only as deep as its input's documented limits allow.
/// </summary>
public static class SmallStack
{
    /// <summary>The stack size of the thread.</summary>
    public const int Size = 256 * 1024;

    /// <summary>Runs <paramref name="call"/> on the small stack and returns its result, or rethrows its exception.</summary>
    public static T Run<T>(Func<T> call)
    {
        T result = default!;
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try { result = call(); }
            catch (Exception e) { thrown = e; }
        }, Size);
        thread.Start();
        thread.Join();
        if (thrown is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(thrown);
        return result;
    }

    /// <summary>Runs <paramref name="call"/> on the small stack; the exception of type <typeparamref name="TException"/> it must throw.</summary>
    public static TException Throws<TException>(Func<object?> call) where TException : Exception =>
        Assert.Throws<TException>(() => Run(call));
}
