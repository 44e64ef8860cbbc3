namespace StorageTyped.Groups.Scan;

/// <summary>
/// Runs chunks of work on the calling thread and one dedicated thread per further core. The thread pool and
/// Parallel.For were measured here to cost 50–80 ms of CPU on their first use in a process (pool start, event
/// sources), more than a whole warm group load; a plain thread costs a few milliseconds.
/// </summary>
internal static class ChunkedParallel
{
    /// <summary>Below this many items everything runs on the calling thread.</summary>
    private const int ParallelThreshold = 4096;

    /// <summary>Calls <paramref name="body"/>(start, end) for consecutive chunks covering [0, count).</summary>
    public static void For(int count, int chunkSize, Action<int, int> body)
    {
        int workers = Math.Min(Environment.ProcessorCount, 8);
        if (count < ParallelThreshold || workers < 2)
        {
            for (int start = 0; start < count; start += chunkSize) body(start, Math.Min(count, start + chunkSize));
            return;
        }
        int next = 0;
        Exception? failure = null;
        void Work()
        {
            try
            {
                while (Volatile.Read(ref failure) is null)
                {
                    int start = Interlocked.Add(ref next, chunkSize) - chunkSize;
                    if (start >= count) return;
                    body(start, Math.Min(count, start + chunkSize));
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }
        var threads = new Thread[workers - 1];
        for (int i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(Work) { IsBackground = true, Name = "StorageTyped group scan" };
            threads[i].Start();
        }
        Work();
        foreach (var thread in threads) thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }
}
