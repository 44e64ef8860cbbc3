using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using StorageTyped.Provenance;

namespace StorageTyped.Sweeps;

/// <summary>
/// This process as the owner of sweep claims: an id (host, process id, process start) and, in each library folder
/// a sweep of this process uses, a small owner file whose modification time is its heartbeat. Other hosts cannot ask
/// whether a process lives here, so they read a claim's owner as gone once its heartbeat is older than the sweep's
/// <see cref="SweepOptions.HeartbeatTimeout"/>; on the same host the process id and start time decide.
/// </summary>
internal sealed class SweepOwner
{
    /// <summary>The owners folder's name in a library folder.</summary>
    public const string FolderName = "owners";

    private static readonly ConcurrentDictionary<string, SweepOwner> ByLibraryFolder = new(StringComparer.Ordinal);
    private static readonly Lazy<string> CurrentId = new(() =>
    {
        var facts = ProcessFacts.Current;
        long start = (long)Math.Round(facts.ProcessStartUnix * 1000);
        return SafeName(facts.Host) + "-" + facts.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + start.ToString(CultureInfo.InvariantCulture);
    });

    private readonly object _gate = new();
    private readonly string _path;
    private int _users;
    private Timer? _heartbeat;
    private TimeSpan _interval = TimeSpan.MaxValue;

    private SweepOwner(string libraryFolder)
    {
        _path = Path.Combine(libraryFolder, FolderName, Id);
    }

    /// <summary>This process's owner id: host, process id and process start (milliseconds), safe as a file name.</summary>
    public static string Id => CurrentId.Value;

    /// <summary>The owner file of <paramref name="ownerId"/> in <paramref name="libraryFolder"/>.</summary>
    public static string FileOf(string libraryFolder, string ownerId) => Path.Combine(libraryFolder, FolderName, ownerId);

    /// <summary>
    /// Starts (or joins) this process's heartbeat in <paramref name="libraryFolder"/>, beating at least every
    /// <paramref name="interval"/>; dispose the result when the sweep ends.
    /// </summary>
    public static IDisposable Join(string libraryFolder, TimeSpan interval)
    {
        var owner = ByLibraryFolder.GetOrAdd(libraryFolder, folder => new SweepOwner(folder));
        owner.AddUser(interval);
        return new Membership(owner);
    }

    private void AddUser(TimeSpan interval)
    {
        lock (_gate)
        {
            if (_users++ == 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                var facts = ProcessFacts.Current;
                string content = $"host = {facts.Host}\npid = {facts.ProcessId.ToString(CultureInfo.InvariantCulture)}\nprocess_start_unix = {ParameterText.Format(facts.ProcessStartUnix)}\n";
                AtomicFile.WriteAllBytes(_path, Encoding.UTF8.GetBytes(content));
            }
            if (interval < _interval)
            {
                _interval = interval;
                _heartbeat?.Dispose();
                _heartbeat = new Timer(static state => ((SweepOwner)state!).Beat(), this, interval, interval);
            }
        }
    }

    private void RemoveUser()
    {
        lock (_gate)
        {
            if (--_users > 0) return;
            _heartbeat?.Dispose();
            _heartbeat = null;
            _interval = TimeSpan.MaxValue;
            // Every claim of this process is released by now; without the file the owner reads as gone, as it is.
            try { File.Delete(_path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private void Beat()
    {
        try
        {
            File.SetLastWriteTimeUtc(_path, DateTime.UtcNow);
        }
        catch (FileNotFoundException)
        {
            // Removed from outside (a cleaned library folder): write it again, or other hosts take our claims.
            lock (_gate)
            {
                if (_users > 0)
                {
                    try { AtomicFile.WriteAllBytes(_path, "recreated\n"u8); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A missed beat is retried at the next tick; the timeout allows several.
        }
    }

    private static string SafeName(string host)
    {
        var builder = new StringBuilder(host.Length);
        foreach (char c in host) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_');
        return builder.Length == 0 ? "host" : builder.ToString();
    }

    private sealed class Membership(SweepOwner owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.RemoveUser();
        }
    }
}
