namespace StorageTyped.Tests.Runs;

/// <summary>Real processes racing on one main folder and one run.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("enumerated")]
    [InlineData("random")]
    public void Four_processes_with_eight_threads_create_2000_distinct_complete_runs(string mode)
    {
        const int processes = 4, threads = 8, runsPerProcess = 500;
        string main = "Race" + mode;
        var workers = Enumerable.Range(0, processes)
            .Select(p => ExternalTool.StartWorker(new[] { "create", _temp.DataFolder, main, mode, threads.ToString(), runsPerProcess.ToString(), "p" + p }))
            .ToList();
        foreach (var worker in workers)
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(5)), "a worker did not finish in 5 minutes");
            Assert.True(worker.ExitCode == 0, worker.StandardError.ReadToEnd());
        }

        string[] folders = Directory.GetDirectories(_temp.MainFolder(main));
        Assert.Equal(processes * runsPerProcess, folders.Length);
        var creators = new HashSet<string>();
        foreach (string folder in folders)
        {
            var sm = StorageManager.Open(folder);
            Assert.Equal(9, sm.GetAllParams().Count); // time + the 8 parameters
            Assert.True(creators.Add((string)sm.LoadParam("creator")!), $"two runs claim one creator in {folder}");
            Assert.IsType<double>(sm.LoadParam("time"));
            Assert.Equal(1e-5, sm.LoadParam("learning_rate"));
        }
        var expected = Enumerable.Range(0, processes).SelectMany(p => Enumerable.Range(0, runsPerProcess).Select(i => $"p{p}-{i % threads}-{i}"));
        Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), creators.OrderBy(x => x, StringComparer.Ordinal));
        if (mode == "enumerated")
        {
            var numbers = folders.Select(f => int.Parse(Path.GetFileName(f)[main.Length..])).OrderBy(n => n);
            Assert.Equal(Enumerable.Range(1, processes * runsPerProcess), numbers);
        }
    }

    [Fact]
    public void Two_processes_and_this_one_saving_parameters_on_one_run_lose_nothing()
    {
        var sm = new StorageManager("Shared", options: _temp.Options);
        var workers = new[] { "a", "b" }
            .Select(prefix => ExternalTool.StartWorker(new[] { "save-params", sm.Path, prefix, "150" }))
            .ToList();
        for (int i = 0; i < 150; i++) sm.SaveParam($"c_{i}", i);
        foreach (var worker in workers)
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(5)));
            Assert.True(worker.ExitCode == 0, worker.StandardError.ReadToEnd());
        }
        foreach (string prefix in new[] { "a", "b", "c" })
            for (int i = 0; i < 150; i++)
                Assert.Equal(i, sm.LoadParam($"{prefix}_{i}"));
    }
}
