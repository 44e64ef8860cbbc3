using System.Diagnostics;

namespace StorageTyped.Tests.Provenance;

public sealed class ProvenanceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string? Get(StorageManager sm, string key) => sm.LoadParamText(key, StorageManager.ProvenanceSection);

    [Fact]
    public void A_new_run_records_where_and_how_it_was_made_apart_from_its_parameters()
    {
        var sm = new StorageManager("Prov", options: _temp.Options);
        Assert.Equal(new[] { "time" }, sm.GetAllParams());
        Assert.Equal("running", Get(sm, "status"));
        Assert.Equal(RunStatus.Running, sm.Status);
        Assert.Equal(Environment.MachineName, Get(sm, "host"));
        Assert.Equal(Environment.UserName, Get(sm, "user"));
        Assert.Equal(Environment.ProcessId.ToString(), Get(sm, "pid"));
        Assert.Contains("Storage.Tests", Get(sm, "command_line") ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith(".NET", Get(sm, "dotnet"));
        Assert.False(string.IsNullOrEmpty(Get(sm, "os")));
        Assert.False(string.IsNullOrEmpty(Get(sm, "storagetyped_version")));
        var start = DateTimeOffset.Parse(Get(sm, "start_time")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((DateTimeOffset.Now - start).TotalMinutes, -1, 5);
        Assert.Equal(sm.LoadParam<double>("start_unix", section: "Provenance"), sm.LoadParam<double>("time"), 3);
        Assert.Null(Get(sm, "git_commit")); // the temp folder is not a git work tree
    }

    [Fact]
    public void Complete_and_fail_record_the_end()
    {
        var done = new StorageManager("Prov", options: _temp.Options);
        done.Complete();
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.True(done.LoadParam<double>("duration_seconds", section: "Provenance") >= 0);
        Assert.NotNull(Get(done, "end_time"));

        var failed = new StorageManager("Prov", options: _temp.Options);
        failed.Fail(new ArgumentOutOfRangeException("rate", "rate must be\npositive"));
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal("System.ArgumentOutOfRangeException", Get(failed, "error_type"));
        Assert.StartsWith("rate must be positive", Get(failed, "error_message"));
    }

    [Fact]
    public void A_scope_marks_failure_when_an_exception_escapes_and_completion_otherwise()
    {
        var ok = new StorageManager("Scope", options: _temp.Options);
        using (var scope = ok.BeginScope()) scope.Complete();
        Assert.Equal(RunStatus.Completed, ok.Status);

        var bad = new StorageManager("Scope", options: _temp.Options);
        Assert.Throws<DivideByZeroException>(() =>
        {
            using var scope = bad.BeginScope();
            int zero = 0;
            _ = 1 / zero;
            scope.Complete();
        });
        Assert.Equal(RunStatus.Failed, bad.Status);
        Assert.Equal("System.DivideByZeroException", Get(bad, "error_type"));

        var forgotten = new StorageManager("Scope", options: _temp.Options);
        using (forgotten.BeginScope()) { }
        Assert.Equal(RunStatus.Failed, forgotten.Status);
        Assert.Equal("ScopeNotCompleted", Get(forgotten, "error_type"));
    }

    [Fact]
    public void Provenance_can_be_turned_off()
    {
        var sm = new StorageManager("NoProv", options: _temp.Options with { RecordProvenance = false });
        Assert.Equal(new[] { "Parameters" }, sm.GetSections());
        Assert.Equal(RunStatus.Unknown, sm.Status);
    }

    [Theory]
    [InlineData("exit0", RunStatus.Completed, null)]
    [InlineData("exit3", RunStatus.Failed, "ExitCode")]
    [InlineData("throw", RunStatus.Failed, "System.InvalidOperationException")]
    public void The_end_of_the_process_is_recorded(string mode, RunStatus expected, string? errorType)
    {
        var result = ExternalTool.RunWorker(new[] { "lifetime", _temp.DataFolder, "Life", mode }, check: false);
        var sm = StorageManager.Open(result.Output.Trim().Split('\n')[0]);
        Assert.Equal(expected, sm.Status);
        Assert.Equal(errorType, Get(sm, "error_type"));
        if (mode == "throw") Assert.Equal("simulation diverged at step 12", Get(sm, "error_message"));
    }

    [Theory]
    [InlineData("TERM", RunStatus.Interrupted, "interrupted")]
    [InlineData("KILL", RunStatus.Interrupted, "running")]
    public void A_signalled_process_leaves_an_interrupted_run(string signal, RunStatus expected, string recorded)
    {
        using var worker = ExternalTool.StartWorker(new[] { "lifetime", _temp.DataFolder, "Sig", "wait" });
        string path = worker.StandardOutput.ReadLine()!;
        ExternalTool.Run("kill", new[] { "-" + signal, worker.Id.ToString() }, null, null);
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)));
        var sm = StorageManager.Open(path);
        Assert.Equal(recorded, Get(sm, "status"));
        Assert.Equal(expected, sm.Status);
    }

    [Fact]
    public void The_git_commit_and_dirtiness_of_the_project_are_recorded()
    {
        string project = Path.Combine(_temp.Root, "project");
        Directory.CreateDirectory(Path.Combine(project, "Data"));
        File.WriteAllText(Path.Combine(project, "model.py"), "print(1)\n");
        Git(project, "init", "-q");
        Git(project, "add", "model.py");
        Git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first");
        string head = Git(project, "rev-parse", "HEAD").Trim();

        string clean = ExternalTool.RunWorker(new[] { "default-run", "Git" }, workingDirectory: project).Output.Trim();
        File.AppendAllText(Path.Combine(project, "model.py"), "print(2)\n");
        string dirty = ExternalTool.RunWorker(new[] { "default-run", "Git" }, workingDirectory: project).Output.Trim();

        Assert.Equal(head, Get(StorageManager.Open(clean), "git_commit"));
        Assert.Equal("False", Get(StorageManager.Open(clean), "git_dirty"));
        Assert.Equal(head, Get(StorageManager.Open(dirty), "git_commit"));
        Assert.Equal("True", Get(StorageManager.Open(dirty), "git_dirty"));
    }

    private static string Git(string folder, params string[] arguments) =>
        ExternalTool.Run("git", arguments, folder, null).Output;
}
