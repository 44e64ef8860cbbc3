using Parquet;
using Parquet.Schema;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Export;

/// <summary>
/// Writes columns to a Parquet file (Parquet.Net): one row group, one typed, nullable column each, and key-value
/// metadata (the tool's name, the sweep's schema as JSON under storagetyped.schema).
/// </summary>
internal static class ParquetExport
{
    /// <summary>Writes <paramref name="columns"/> to <paramref name="path"/>, reporting columns written to <paramref name="progress"/>.</summary>
    public static void Write(string path, IReadOnlyList<ExportColumn> columns, ProgressCounter progress, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var fields = columns.Select(Field).ToArray();
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).GetAwaiter().GetResult();
        try
        {
            WriteColumns(writer, fields, columns, progress, metadata);
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void WriteColumns(ParquetWriter writer, DataField[] fields, IReadOnlyList<ExportColumn> columns, ProgressCounter progress, IReadOnlyDictionary<string, string>? metadata)
    {
        var custom = new Dictionary<string, string> { ["created_by_tool"] = "runs (StorageTyped.Cli)" };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>()) custom[key] = value;
        writer.CustomMetadata = custom;
        using (var rowGroup = writer.CreateRowGroup())
        {
            for (int c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                var field = fields[c];
                Task written = column.Type switch
                {
                    ExportType.Int64 => rowGroup.WriteAsync<long>(field, column.Int64Values().AsMemory()),
                    ExportType.Double => rowGroup.WriteAsync<double>(field, column.DoubleValues().AsMemory()),
                    ExportType.Bool => rowGroup.WriteAsync<bool>(field, column.BoolValues().AsMemory()),
                    _ => rowGroup.WriteAsync(field, column.StringValues()!),
                };
                written.GetAwaiter().GetResult();
                progress.Set(c + 1, columns.Count);
            }
            rowGroup.CompleteValidate();
        }
    }

    private static DataField Field(ExportColumn column) => column.Type switch
    {
        ExportType.Int64 => new DataField<long?>(column.Name),
        ExportType.Double => new DataField<double?>(column.Name),
        ExportType.Bool => new DataField<bool?>(column.Name),
        _ => new DataField<string>(column.Name, true),
    };
}
