using System.Globalization;
using System.Text;

namespace StorageTyped.Provenance;

/// <summary>Writes a run's [Provenance] section into a config document: the start facts and, later, how it ended.</summary>
internal static class ProvenanceRecord
{
    /// <summary>Adds the start facts and status "running".</summary>
    public static void WriteStart(IniDocument document, DateTimeOffset start, string projectFolder)
    {
        var facts = ProcessFacts.Current;
        var section = document.GetOrAddSection(ProvenanceKeys.Section);
        Set(section, ProvenanceKeys.Status, ProvenanceKeys.ToText(RunStatus.Running));
        Set(section, ProvenanceKeys.StartTime, ProcessFacts.FormatTime(start));
        Set(section, ProvenanceKeys.StartUnix, ParameterText.Format(ProcessFacts.UnixSeconds(start)));
        Set(section, ProvenanceKeys.Host, facts.Host);
        Set(section, ProvenanceKeys.User, facts.User);
        Set(section, ProvenanceKeys.ProcessId, facts.ProcessId.ToString(CultureInfo.InvariantCulture));
        Set(section, ProvenanceKeys.ProcessStartUnix, ParameterText.Format(facts.ProcessStartUnix));
        Set(section, ProvenanceKeys.CommandLine, facts.CommandLine);
        Set(section, ProvenanceKeys.DotNet, facts.DotNet);
        Set(section, ProvenanceKeys.OperatingSystem, facts.OperatingSystem);
        Set(section, ProvenanceKeys.LibraryVersion, facts.LibraryVersion);
        var (commit, dirty) = ProcessFacts.Git(projectFolder);
        if (commit is not null) Set(section, ProvenanceKeys.GitCommit, commit);
        if (dirty is not null) Set(section, ProvenanceKeys.GitDirty, ParameterText.Format(dirty.Value));
    }

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
