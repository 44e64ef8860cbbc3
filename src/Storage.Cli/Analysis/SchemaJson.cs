using System.Text;
using System.Text.Json;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Analysis;

/// <summary>
/// A sweep's schema as JSON, the same for <c>runs schema --format json</c> and the key-value metadata of a Parquet
/// export (<c>storagetyped.schema</c>): <c>{"runs": N, "varying": {key: {"values": […], "types": […],
/// "runs_without": k}}, "constant": {key: value}}</c>, values as JSON values (numbers stay numbers).
/// </summary>
internal static class SchemaJson
{
    /// <summary>The Parquet key-value metadata key the schema is stored under.</summary>
    public const string ParquetKey = "storagetyped.schema";

    public static string Of(SweepSchema schema, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteNumber("runs", schema.RunCount);
            json.WriteStartObject("varying");
            foreach (SweepAxis axis in schema.Varying.Values)
            {
                json.WriteStartObject(axis.Key);
                json.WritePropertyName("values");
                ValueText.WriteJson(json, axis.Values);
                json.WritePropertyName("types");
                ValueText.WriteJson(json, axis.Types);
                json.WriteNumber("runs_without", axis.RunsWithout);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartObject("constant");
            foreach (var (key, value) in schema.Constant)
            {
                json.WritePropertyName(key);
                ValueText.WriteJson(json, value);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
