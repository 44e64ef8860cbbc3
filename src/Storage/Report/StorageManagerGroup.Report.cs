using StorageTyped.Report;

namespace StorageTyped;

public sealed partial class StorageManagerGroup
{
    /// <summary>
    /// Writes a report of the group's runs to one self-contained HTML file that opens from file:// without any
    /// network request: a header (runs by status, the schema, hosts and git commits), a table of every run and
    /// parameter (sortable, filterable with the query language, links to the run folders and their videos), each
    /// metric against each axis with a confidence band over the replicates, and mean curves of arrays. A sweep
    /// program calls it at the end; <c>runs report</c> does the same from a terminal.
    /// </summary>
    /// <param name="path">The HTML file to write (written atomically; links to runs are relative to its folder).</param>
    /// <param name="options">Metrics, replicate parameter, arrays; found from the schema when null.</param>
    /// <returns>The full path of the file written.</returns>
    /// <exception cref="ArgumentException">A metric, replicate or array key is not valid or no run has it.</exception>
    /// <exception cref="InvalidDataException">An array's files differ in shape or are damaged (the message names them).</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public string WriteReport(string path, ReportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SweepReport.Write(this, Path.GetFullPath(path), options ?? new ReportOptions());
    }
}
