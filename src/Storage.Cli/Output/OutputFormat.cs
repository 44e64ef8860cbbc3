namespace StorageTyped.Cli.Output;

/// <summary>How a command prints its result.</summary>
internal enum OutputFormat
{
    /// <summary>A table for people.</summary>
    Table,

    /// <summary>Comma-separated values with a header row (RFC 4180), for spreadsheets and pandas.</summary>
    Csv,

    /// <summary>A JSON array of objects, one per row, for jq and scripts.</summary>
    Json,
}
