using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

// Slurm, munge and the fixture's file modes are Linux's.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace StorageTyped.Cluster.Tests.Infrastructure;

/// <summary>
/// A real single-node Slurm cluster for the tests, started from Debian's slurm-wlm and munge: a munge key of its
/// own and munged on a socket of its own, a generated slurm.conf (one node with CPUs = the machine's, proctrack/
/// linuxproc and task/none so that no cgroups are needed, no accounting, state and spool in a temporary folder,
/// ports free on this machine), then <c>slurmctld -D</c> and <c>slurmd -D</c> in the background, until <c>sinfo</c>
/// shows the node idle. Everything it started is stopped by pid when the tests are done, whatever they did. A
/// cluster that cannot start fails every test that needs it with the reason; it never skips.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    /// <summary>The xunit collection whose tests share one cluster (they run one after another).</summary>
    public const string Collection = "Slurm cluster";

    /// <summary>The programs the cluster needs, and the Debian package of each.</summary>
    private static readonly (string Program, string Package)[] Programs =
    [
        ("munged", "munge"), ("slurmctld", "slurmctld"), ("slurmd", "slurmd"), ("sbatch", "slurm-client"),
        ("sinfo", "slurm-client"), ("squeue", "slurm-client"), ("scancel", "slurm-client"), ("scontrol", "slurm-client"),
    ];

    private readonly List<Process> _daemons = [];
    private readonly List<StreamWriter> _daemonOutputs = [];
    private readonly string? _previousConfig = Environment.GetEnvironmentVariable("SLURM_CONF");
    private readonly string? _failure;

    public SlurmCluster()
    {
        // Short: munged's socket path must stay under the 108 bytes of a Unix socket address (/tmp when TMPDIR is long).
        string temporary = Path.GetTempPath().Length <= 64 ? Path.GetTempPath() : "/tmp";
        Folder = Path.Combine(temporary, "st-slurm-" + Guid.NewGuid().ToString("N")[..8]);
        ConfigFile = Path.Combine(Folder, "slurm.conf");
        NodeName = Environment.MachineName.Split('.')[0];
        try
        {
            Start();
        }
        catch (Exception e)
        {
            _failure = e.Message;
            StopAll();
        }
    }

    /// <summary>The folder of the key, sockets, slurm.conf, state, spool and logs.</summary>
    public string Folder { get; }

    /// <summary>slurm.conf; the SLURM_CONF of every Slurm command of the tests (this process's, and so its children's).</summary>
    public string ConfigFile { get; }

    /// <summary>The node's name: this machine's short host name, as slurmd knows itself.</summary>
    public string NodeName { get; }

    /// <summary>The node's CPUs: the machine's.</summary>
    public int Cpus { get; } = Environment.ProcessorCount;

    /// <summary>The environment a process needs to reach this cluster (for the runs tool as a child process).</summary>
    public IDictionary<string, string?> ClientEnvironment => new Dictionary<string, string?> { ["SLURM_CONF"] = ConfigFile };

    /// <summary>Fails the test with the reason when the cluster did not start; never a skip.</summary>
    public void Require()
    {
        if (_failure is not null)
            throw new InvalidOperationException($"The test Slurm cluster did not start: {_failure}");
    }

    /// <summary>Runs a Slurm command against this cluster and returns its standard output; fails on a non-zero exit.</summary>
    public string Command(string program, params string[] arguments) =>
        ExternalTool.Run(program, arguments, Folder, ClientEnvironment).Output;

    /// <summary>The state of every task of job <paramref name="jobId"/> ("COMPLETED", "RUNNING" …) by task id.</summary>
    public IReadOnlyDictionary<int, string> TaskStates(string jobId)
    {
        var states = new Dictionary<int, string>();
        string listing = Command("squeue", "--noheader", "--states=all", "--array", "--jobs", jobId, "--format=%K %T");
        foreach (string line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(' ', 2);
            // A job that is no array at all shows N/A as its task id.
            int task = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : 0;
            states[task] = parts[1];
        }
        return states;
    }

    /// <summary>
    /// Waits until every task of <paramref name="jobId"/> has ended (no task pending, running or completing) and
    /// returns their final states; fails after <paramref name="timeout"/> with what squeue shows.
    /// </summary>
    public IReadOnlyDictionary<int, string> WaitForJob(string jobId, int expectedTasks, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyDictionary<int, string> states;
        while (true)
        {
            states = TaskStates(jobId);
            if (states.Count == expectedTasks && states.Values.All(IsFinal)) return states;
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"Job {jobId} did not end in {timeout.TotalSeconds:0} s: {Describe(states)}.\n{Logs()}");
            Thread.Sleep(250);
        }
    }

    /// <summary>The states as text for messages.</summary>
    public static string Describe(IReadOnlyDictionary<int, string> states) =>
        states.Count == 0 ? "no task known to squeue" : string.Join(", ", states.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"));

    /// <summary>The last lines of the daemons' logs, for failure messages.</summary>
    public string Logs()
    {
        var text = new StringBuilder();
        foreach (string log in new[] { "munged.out", "munged.log", "slurmctld.out", "slurmctld.log", "slurmd.out", "slurmd.log" })
        {
            string path = Path.Combine(Folder, log);
            if (!File.Exists(path) || new FileInfo(path).Length == 0) continue;
            string[] lines;
            try { lines = File.ReadAllLines(path); }
            catch (IOException) { continue; }
            text.AppendLine($"--- {log} (last 15 lines)");
            foreach (string line in lines.TakeLast(15)) text.AppendLine(line);
        }
        return text.ToString();
    }

    public void Dispose()
    {
        StopAll();
        if (_failure is null) Environment.SetEnvironmentVariable("SLURM_CONF", _previousConfig);
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static bool IsFinal(string state) => state is not ("PENDING" or "RUNNING" or "COMPLETING" or "CONFIGURING" or "SUSPENDED" or "REQUEUED" or "RESIZING" or "SIGNALING" or "STAGE_OUT");

    private void Start()
    {
        var missing = Programs.Where(p => FindProgram(p.Program) is null).ToList();
        if (missing.Count > 0)
        {
            string packages = string.Join(' ', missing.Select(p => p.Package).Distinct().Prepend("munge").Prepend("slurm-wlm").Distinct());
            throw new InvalidOperationException(
                $"{string.Join(", ", missing.Select(p => p.Program))} not found (looked in PATH, /usr/sbin and /usr/bin). Install Slurm and munge: " +
                $"apt-get install -y {packages}, or run scripts/test.sh, which does.");
        }

        Directory.CreateDirectory(Folder);
        // Others may pass through (munged warns otherwise) but not write; the key stays the owner's alone.
        File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        foreach (string sub in new[] { "state", "spool" }) Directory.CreateDirectory(Path.Combine(Folder, sub));

        string key = Path.Combine(Folder, "munge.key");
        using (var stream = new FileStream(key, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            stream.Write(RandomNumberGenerator.GetBytes(1024));
        string socket = Path.Combine(Folder, "munge.socket");
        StartDaemon("munged", ["--foreground", "--force", $"--socket={socket}", $"--key-file={key}", $"--pid-file={Path.Combine(Folder, "munged.pid")}",
            $"--seed-file={Path.Combine(Folder, "munged.seed")}", $"--log-file={Path.Combine(Folder, "munged.log")}"], "munged.out");
        WaitFor(() => File.Exists(socket), TimeSpan.FromSeconds(30), "munged did not create its socket");

        var (controllerPort, nodePort) = (FreePort(), FreePort());
        File.WriteAllText(ConfigFile, Configuration(socket, controllerPort, nodePort));
        Environment.SetEnvironmentVariable("SLURM_CONF", ConfigFile);
        StartDaemon("slurmctld", ["-D"], "slurmctld.out");
        StartDaemon("slurmd", ["-D"], "slurmd.out");
        WaitFor(() =>
        {
            var result = ExternalTool.Run(FindProgram("sinfo")!, ["--noheader", "--format=%t"], Folder, ClientEnvironment, check: false);
            return result.ExitCode == 0 && result.Output.Trim() == "idle";
        }, TimeSpan.FromSeconds(90), "sinfo did not show the node idle");
    }

    private string Configuration(string mungeSocket, int controllerPort, int nodePort)
    {
        string user = Environment.UserName;
        string Here(string name) => Path.Combine(Folder, name);
        // KillWait: a cancelled task gets SIGTERM, then SIGKILL this many seconds later (30 by default).
        return $"""
            # The tests' single-node cluster (tests/Storage.Cluster.Tests, SlurmCluster).
            ClusterName=storagetyped
            SlurmctldHost={NodeName}(127.0.0.1)
            SlurmctldPort={controllerPort}
            SlurmdPort={nodePort}
            SlurmUser={user}
            SlurmdUser={user}
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket={mungeSocket}
            StateSaveLocation={Here("state")}
            SlurmdSpoolDir={Here("spool")}
            SlurmctldPidFile={Here("slurmctld.pid")}
            SlurmdPidFile={Here("slurmd.pid")}
            SlurmctldLogFile={Here("slurmctld.log")}
            SlurmdLogFile={Here("slurmd.log")}
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            MpiDefault=none
            SwitchType=switch/none
            MailProg=/bin/true
            ReturnToService=2
            KillWait=5
            MinJobAge=600
            SchedulerParameters=sched_interval=2
            NodeName={NodeName} NodeAddr=127.0.0.1 CPUs={Cpus} State=UNKNOWN
            PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """;
    }

    private void StartDaemon(string program, string[] arguments, string logName)
    {
        var info = new ProcessStartInfo(FindProgram(program)!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["SLURM_CONF"] = ConfigFile;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} could not be started.");
        _daemons.Add(process);
        // Read both streams into the daemon's log, or a full pipe would stop it.
        var log = new StreamWriter(Path.Combine(Folder, logName), append: true) { AutoFlush = true };
        _daemonOutputs.Add(log);
        void Append(object? _, DataReceivedEventArgs e) { if (e.Data is not null) lock (log) log.WriteLine(e.Data); }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Thread.Sleep(200);
        if (process.HasExited)
        {
            process.WaitForExit();   // lets the readers write the last lines
            throw new InvalidOperationException($"{program} exited at once with code {process.ExitCode}.\n{Logs()}");
        }
    }

    private void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            var ended = _daemons.FirstOrDefault(d => d.HasExited);
            if (ended is not null)
            {
                ended.WaitForExit();
                throw new InvalidOperationException($"{what}: {ended.StartInfo.FileName} exited with code {ended.ExitCode}.\n{Logs()}");
            }
            if (watch.Elapsed > timeout) throw new InvalidOperationException($"{what} in {timeout.TotalSeconds:0} s.\n{Logs()}");
            Thread.Sleep(250);
        }
    }

    /// <summary>Cancels the cluster's jobs, then stops the daemons this fixture started (SIGTERM, SIGKILL after 10 s), newest first.</summary>
    private void StopAll()
    {
        if (_daemons.Count == 3 && _daemons.All(d => !d.HasExited))
        {
            var cancel = ExternalTool.Run(FindProgram("scancel")!, ["--user", Environment.UserName], Folder, ClientEnvironment, check: false);
            if (cancel.ExitCode == 0)
            {
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed < TimeSpan.FromSeconds(20))
                {
                    var queue = ExternalTool.Run(FindProgram("squeue")!, ["--noheader"], Folder, ClientEnvironment, check: false);
                    if (queue.ExitCode != 0 || queue.Output.Trim().Length == 0) break;
                    Thread.Sleep(250);
                }
            }
        }
        for (int i = _daemons.Count - 1; i >= 0; i--)
        {
            Process daemon = _daemons[i];
            if (!daemon.HasExited)
            {
                _ = kill(daemon.Id, SignalTerminate);
                if (!daemon.WaitForExit(TimeSpan.FromSeconds(10))) daemon.Kill();
                daemon.WaitForExit();
            }
            daemon.Dispose();
        }
        _daemons.Clear();
        foreach (var output in _daemonOutputs) lock (output) output.Dispose();
        _daemonOutputs.Clear();
    }

    private const int SignalTerminate = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A program on PATH, or in /usr/sbin and /usr/bin (a non-root PATH often lacks /usr/sbin, where the daemons are).</summary>
    public static string? FindProgram(string name)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin"]);
        return folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }
}

/// <summary>The tests that share one <see cref="SlurmCluster"/>.</summary>
[CollectionDefinition(SlurmCluster.Collection)]
public sealed class SlurmClusterCollection : ICollectionFixture<SlurmCluster>;
