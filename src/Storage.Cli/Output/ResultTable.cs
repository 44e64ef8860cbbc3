using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace StorageTyped.Cli.Output;

/// <summary>
/// Rows of values under named columns, printed as a table, CSV or JSON. Cells hold the values themselves
/// (numbers stay numbers in JSON); null is "no value": blank in tables and CSV, null in JSON.
/// </summary>
internal sealed class ResultTable(IReadOnlyList<string> columns)
{
    /// <summary>Longest text a table cell shows; CSV and JSON always hold the whole value.</summary>
    private const int MaxCellLength = 80;

    /// <summary>The column names.</summary>
    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>The rows, one value per column.</summary>
    public List<object?[]> Rows { get; } = new();

    /// <summary>A line under a table (such as "12 of 40 runs"); not part of CSV or JSON.</summary>
    public string? Caption { get; set; }

    /// <summary>Adds a row.</summary>
    public void Add(params object?[] row)
    {
        if (row.Length != Columns.Count) throw new ArgumentException($"A row has {row.Length} values for {Columns.Count} columns.", nameof(row));
        Rows.Add(row);
    }

    /// <summary>Prints the table to standard output in <paramref name="format"/>.</summary>
    public void Write(OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Csv: WriteCsv(Console.Out); break;
            case OutputFormat.Json: Console.Out.Write(ToJson()); Console.Out.WriteLine(); break;
            default: WriteTable(Terminal.Out); break;
        }
        Console.Out.Flush();
    }

    /// <summary>Renders a table; numeric columns are right-aligned.</summary>
    public void WriteTable(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (int c = 0; c < Columns.Count; c++)
        {
            var column = new TableColumn(new Text(Columns[c], new Style(decoration: Decoration.Bold)));
            if (IsNumericColumn(c)) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in Rows)
            table.AddRow(row.Select(value => (Spectre.Console.Rendering.IRenderable)new Text(Shorten(ValueText.Display(value)))).ToArray());
        console.Write(table);
        if (Caption is not null) Terminal.Line(console, Caption); // below, not as the table's caption: that wraps to the table's width
    }

    /// <summary>Writes CSV: a header row, then one line per row; no value is an empty field.</summary>
    public void WriteCsv(TextWriter writer)
    {
        writer.WriteLine(string.Join(',', Columns.Select(Csv.Field)));
        var line = new StringBuilder();
        foreach (var row in Rows)
        {
            line.Clear();
            for (int c = 0; c < row.Length; c++)
            {
                if (c > 0) line.Append(',');
                line.Append(Csv.Field(ValueText.Display(row[c])));
            }
            writer.WriteLine(line);
        }
    }

    /// <summary>A JSON array with one object per row, keyed by column name.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var row in Rows)
            {
                writer.WriteStartObject();
                for (int c = 0; c < row.Length; c++)
                {
                    writer.WritePropertyName(Columns[c]);
                    ValueText.WriteJson(writer, row[c]);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private bool IsNumericColumn(int column)
    {
        bool any = false;
        foreach (var row in Rows)
        {
            if (row[column] is null) continue;
            if (!ValueText.IsNumber(row[column])) return false;
            any = true;
        }
        return any;
    }

    private static string Shorten(string text) =>
        text.Length <= MaxCellLength ? text : string.Concat(text.AsSpan(0, MaxCellLength - 1), "…");
}
