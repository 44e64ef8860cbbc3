using System.Globalization;
using System.Text;

namespace StorageTyped.Provenance;

/// <summary>Writes a run's [Provenance] section into a config document: the start facts and, later, how it ended.</summary>
internal static class ProvenanceRecord
{
    /// <summary>The process's facts as raw INI text, made once per project folder (creating runs repeats them).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Key, string Raw)[]> FactsByProject = new(StringComparer.Ordinal);

    /// <summary>Adds the start facts and status "running".</summary>
    public static void WriteStart(IniDocument document, DateTimeOffset start, string projectFolder)
    {
        var section = document.GetOrAddSection(ProvenanceKeys.Section);
        Set(section, ProvenanceKeys.Status, ProvenanceKeys.ToText(RunStatus.Running));
        Set(section, ProvenanceKeys.StartTime, ProcessFacts.FormatTime(start));
        Set(section, ProvenanceKeys.StartUnix, ParameterText.Format(ProcessFacts.UnixSeconds(start)));
        foreach (var (key, raw) in FactsByProject.GetOrAdd(projectFolder, FactsOf)) section.SetRaw(key, raw);
    }

    private static (string Key, string Raw)[] FactsOf(string projectFolder)
    {
        var facts = ProcessFacts.Current;
        var list = new List<(string Key, string Raw)>
        {
            Raw(ProvenanceKeys.Host, facts.Host),
            Raw(ProvenanceKeys.User, facts.User),
            Raw(ProvenanceKeys.ProcessId, facts.ProcessId.ToString(CultureInfo.InvariantCulture)),
            Raw(ProvenanceKeys.ProcessStartUnix, ParameterText.Format(facts.ProcessStartUnix)),
            Raw(ProvenanceKeys.CommandLine, facts.CommandLine),
            Raw(ProvenanceKeys.DotNet, facts.DotNet),
            Raw(ProvenanceKeys.OperatingSystem, facts.OperatingSystem),
            Raw(ProvenanceKeys.LibraryVersion, facts.LibraryVersion),
        };
        var (commit, dirty) = ProcessFacts.Git(projectFolder);
        if (commit is not null) list.Add(Raw(ProvenanceKeys.GitCommit, commit));
        if (dirty is not null) list.Add(Raw(ProvenanceKeys.GitDirty, ParameterText.Format(dirty.Value)));
        return [.. list];
    }

    private static (string Key, string Raw) Raw(string key, string text) => (key, IniValue.ToRaw(key, SingleLine(text)));

    /// <summary>Records how the run ended: status, end time, duration, and the error when there is one.</summary>
    public static void WriteEnd(IniDocument document, RunStatus status, DateTimeOffset end, string? errorType, string? errorMessage)
    {
        var section = document.GetOrAddSection(ProvenanceKeys.Section);
        Set(section, ProvenanceKeys.Status, ProvenanceKeys.ToText(status));
        Set(section, ProvenanceKeys.EndTime, ProcessFacts.FormatTime(end));
        double endUnix = ProcessFacts.UnixSeconds(end);
        Set(section, ProvenanceKeys.EndUnix, ParameterText.Format(endUnix));
        if (section.TryGetRaw(ProvenanceKeys.StartUnix, out string startText)
            && PythonLiteral.TryNumber(startText, out var startNumber))
            Set(section, ProvenanceKeys.DurationSeconds, ParameterText.Format(Math.Round(endUnix - PythonLiteral.ToDouble(startNumber), 6)));
        if (errorType is not null) Set(section, ProvenanceKeys.ErrorType, errorType);
        if (errorMessage is not null) Set(section, ProvenanceKeys.ErrorMessage, errorMessage);
    }

    private static void Set(IniSection section, string key, string text) =>
        section.SetRaw(key, IniValue.ToRaw(key, SingleLine(text)));

    /// <summary>
    /// Collapses white space (line breaks included) to single spaces: exception messages and command lines may hold
    /// anything, and provenance must never be refused.
    /// </summary>
    internal static string SingleLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (PythonWhitespace.IsSpace(c) || char.IsControl(c)) { pendingSpace = builder.Length > 0; continue; }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }
}
