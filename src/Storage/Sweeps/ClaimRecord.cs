using System.Globalization;
using System.Text;
using StorageTyped.Provenance;

namespace StorageTyped.Sweeps;

/// <summary>
/// What a claim file says: who took the point (owner id, host, process id and start), which run it made, and how the
/// point ended there. The owner writes the first lines in the exclusive create and appends the rest
/// (<c>key = value</c> lines; a later line wins; a line without its newline is not yet complete and ignored).
/// </summary>
internal sealed class ClaimRecord
{
    /// <summary>The owner id (<see cref="SweepOwner.Id"/>).</summary>
    public string? Owner { get; private set; }

    /// <summary>The owner's host.</summary>
    public string? Host { get; private set; }

    /// <summary>The owner's process id.</summary>
    public int? ProcessId { get; private set; }

    /// <summary>The owner's process start (Unix seconds), 0 when unknown.</summary>
    public double ProcessStartUnix { get; private set; }

    /// <summary>How many runs the point had before this claim (its runs are numbered on from there).</summary>
    public int AttemptsBefore { get; private set; }

    /// <summary>The folder name of the run made under this claim (the latest one, after retries), or null; unchecked text.</summary>
    public string? Run { get; private set; }

    /// <summary>The attempt number of <see cref="Run"/>.</summary>
    public int Attempt { get; private set; }

    /// <summary>How the point ended under this claim; null while the owner still works on it (or died doing so).</summary>
    public PointState? Final { get; private set; }

    /// <summary>False when the file held no complete owner line (it was just created, or is damaged).</summary>
    public bool IsComplete => Owner is not null && Host is not null;

    /// <summary>The first lines of a claim by this process.</summary>
    public static byte[] Start(int attemptsBefore)
    {
        var facts = ProcessFacts.Current;
        return Encoding.UTF8.GetBytes(
            $"owner = {SweepOwner.Id}\nhost = {facts.Host}\npid = {facts.ProcessId.ToString(CultureInfo.InvariantCulture)}\n" +
            $"process_start_unix = {ParameterText.Format(facts.ProcessStartUnix)}\nattempts_before = {attemptsBefore.ToString(CultureInfo.InvariantCulture)}\n");
    }

    /// <summary>The line that names a run made under the claim.</summary>
    public static byte[] RunLine(string folderName, int attempt) =>
        Encoding.UTF8.GetBytes($"run = {folderName}\nattempt = {attempt.ToString(CultureInfo.InvariantCulture)}\n");

    /// <summary>The line that ends the claim.</summary>
    public static byte[] FinalLine(PointState state) => Encoding.UTF8.GetBytes($"state = {StateText(state)}\n");

    /// <summary>Parses a claim file's bytes (at most a few hundred; anything odd is ignored line by line).</summary>
    public static ClaimRecord Parse(ReadOnlySpan<byte> content)
    {
        var record = new ClaimRecord();
        string text = Encoding.UTF8.GetString(content);
        int end = text.LastIndexOf('\n');
        if (end < 0) return record;
        foreach (string line in text[..end].Split('\n'))
        {
            int equals = line.IndexOf(" = ", StringComparison.Ordinal);
            if (equals <= 0) continue;
            string key = line[..equals], value = line[(equals + 3)..];
            switch (key)
            {
                case "owner": record.Owner = value; break;
                case "host": record.Host = value; break;
                case "pid": record.ProcessId = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null; break;
                case "process_start_unix": record.ProcessStartUnix = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double start) ? start : 0; break;
                case "attempts_before": record.AttemptsBefore = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int before) ? before : 0; break;
                case "run": record.Run = value; break;
                case "attempt": record.Attempt = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int attempt) ? attempt : 0; break;
                case "state": record.Final = ParseState(value); break;
            }
        }
        return record;
    }

    private static string StateText(PointState state) => state switch
    {
        PointState.Completed => "completed",
        PointState.Failed => "failed",
        PointState.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "a claim ends completed, failed or interrupted"),
    };

    private static PointState? ParseState(string text) => text switch
    {
        "completed" => PointState.Completed,
        "failed" => PointState.Failed,
        "interrupted" => PointState.Interrupted,
        _ => null,
    };
}
