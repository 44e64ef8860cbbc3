using System.Text.Json;

namespace StorageTyped.Cli.Tests.Infrastructure;

/// <summary>DuckDB (npm @duckdb/node-api, installed by scripts/test.sh) reading a Parquet file: the external reader of the export tests.</summary>
public static class ParquetReader
{
    /// <summary>The schema and rows DuckDB reads (SELECT * FROM the file, or <paramref name="sql"/> over the view t).</summary>
    public static JsonDocument Read(string parquetFile, string? sql = null)
    {
        string folder = Path.GetFullPath(RunsTool.Metadata("ParquetReader"));
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@duckdb", "node-api")))
            throw new InvalidOperationException($"DuckDB for node is not installed in {folder}. Run scripts/test.sh, or: npm install --no-package-lock --prefix {folder} (node and npm: apt-get install -y nodejs npm).");
        var arguments = new List<string> { Path.Combine(folder, "read-parquet.mjs"), parquetFile };
        if (sql is not null) arguments.Add(sql);
        return JsonDocument.Parse(ExternalTool.Run("node", arguments, folder, null).Output);
    }
}
