using System.Globalization;
using System.Text.Json;

namespace StorageTyped.Tests.Parameters;

public sealed class ParameterTextTests
{
    [Fact]
    public void Doubles_are_written_exactly_as_python_repr_writes_them()
    {
        var values = new List<double>
        {
            0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 0.2 + 0.1, 1e-5, 1e-4, 0.0001234, 1e15, 1e16, 1e17, 123456789012345678.0,
            1234567890123456.0, 9999999999999998.0, 1e22, 1e-7, 1.5e-7, 5e-324, double.Epsilon * 3, 2.2250738585072014e-308,
            double.MaxValue, double.MinValue, Math.PI, Math.E, 100.0, 12345.678, 1e100, 1e-100, 1.7976931348623157e308,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1732456789.1234567,
        };
        var random = new Random(20261124);
        for (int i = 0; i < 3000; i++)
        {
            double candidate = BitConverter.Int64BitsToDouble(random.NextInt64());
            values.Add(candidate);
            values.Add(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-8, 20)), random.Next(0, 8)));
        }

        string hex = string.Join("\n", values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture)));
        using var input = new TempFolder();
        string python = ExternalTool.RunPython(
            "import sys, struct\n" +
            "for line in open(sys.argv[1]).read().split():\n" +
            "    print(repr(struct.unpack('>d', bytes.fromhex(line))[0]))\n",
            WriteTemp(input, hex));
        string[] expected = python.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(values.Count, expected.Length);
        for (int i = 0; i < values.Count; i++)
            Assert.True(expected[i] == ParameterText.Format(values[i]), $"value {i} ({values[i]:R}): Python writes {expected[i]}, we wrote {ParameterText.Format(values[i])}");
    }

    [Fact]
    public void Lists_dicts_strings_bools_and_none_match_python_str()
    {
        var cases = new (object? Value, string Json)[]
        {
            (new[] { 1, 2, 3 }, "[1, 2, 3]"),
            (new List<object?> { true, false, null, 1.5, -2 }, "[true, false, null, 1.5, -2]"),
            (new[] { "a", "it's", "say \"hi\"", "both ' and \"", "tab\there", "line\nbreak", "back\\slash", "новый", "emoji 😀", "\u0001", "\u00a0nbsp" },
                "[\"a\", \"it's\", \"say \\\"hi\\\"\", \"both ' and \\\"\", \"tab\\there\", \"line\\nbreak\", \"back\\\\slash\", \"новый\", \"emoji 😀\", \"\\u0001\", \"\\u00a0nbsp\"]"),
            (new Dictionary<string, object?> { ["a"] = 1, ["b"] = new[] { 0.5, 1e-05 }, ["c"] = "x" }, "{\"a\": 1, \"b\": [0.5, 1e-05], \"c\": \"x\"}"),
            (new object[] { new[] { 1, 2 }, new[] { 3, 4 } }, "[[1, 2], [3, 4]]"),
            (new[,] { { 1, 2 }, { 3, 4 } }, "[[1, 2], [3, 4]]"),
            (Array.Empty<int>(), "[]"),
            (true, "true"),
            (null, "null"),
            (long.MaxValue, long.MaxValue.ToString(CultureInfo.InvariantCulture)),
            (-17, "-17"),
        };
        string json = "[" + string.Join(", ", cases.Select(c => c.Json)) + "]";
        using var input = new TempFolder();
        string python = ExternalTool.RunPython(
            "import sys, json\nfor v in json.load(open(sys.argv[1], encoding='utf-8')): print(json.dumps(str(v)))", WriteTemp(input, json));
        string[] lines = python.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Length, lines.Length);
        for (int i = 0; i < cases.Length; i++)
            Assert.Equal(JsonSerializer.Deserialize<string>(lines[i]), ParameterText.Format(cases[i].Value));
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("False", false)]
    [InlineData("42", 42)]
    [InlineData("-7", -7)]
    [InlineData("0.5", 0.5)]
    [InlineData("1e-05", 1e-05)]
    [InlineData("1.0", 1.0)]
    [InlineData("hello world", "hello world")]
    [InlineData("", "")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("[1, 2", "[1, 2")]
    public void Scalars_are_read_with_their_python_types(string text, object expected) =>
        Assert.Equal(expected, ParameterText.ParseValue(text));

    [Fact]
    public void Special_and_large_numbers_are_read()
    {
        Assert.True(double.IsNaN((double)ParameterText.ParseValue("nan")!));
        Assert.Equal(double.PositiveInfinity, ParameterText.ParseValue("inf"));
        Assert.Equal(double.NegativeInfinity, ParameterText.ParseValue("-inf"));
        Assert.True(double.IsNegative((double)ParameterText.ParseValue("-0.0")!));
        Assert.Equal(long.MaxValue, ParameterText.ParseValue("9223372036854775807"));
        Assert.Equal(System.Numerics.BigInteger.Parse("123456789012345678901234567890", CultureInfo.InvariantCulture), ParameterText.ParseValue("123456789012345678901234567890"));
        Assert.Null(ParameterText.ParseValue("None"));
        Assert.Equal(1000, ParameterText.ParseValue("1_000"));
    }

    [Fact]
    public void Lists_become_typed_arrays()
    {
        Assert.Equal(new[] { 1, 2, 3 }, ParameterText.ParseValue("[1, 2, 3]"));
        Assert.Equal(new[] { 1.0, 2.5 }, ParameterText.ParseValue("[1, 2.5]"));
        Assert.Equal(new[] { true, false }, ParameterText.ParseValue("[True, False]"));
        Assert.Equal(new[] { "a", "b'c" }, ParameterText.ParseValue("['a', \"b'c\"]"));
        Assert.Equal(new[] { 1L, 5_000_000_000L }, ParameterText.ParseValue("[1, 5000000000]"));
        Assert.Equal(new[] { 1, 2, 3 }, ParameterText.ParseValue("[1 2 3]")); // numpy's str of an array
        Assert.Equal(new[] { 0.5, 1.0 }, ParameterText.ParseValue("[0.5 1. ]"));
        Assert.Equal(new[] { 1, 2 }, ParameterText.ParseValue("(1, 2)"));
        Assert.Empty((Array)ParameterText.ParseValue("[]")!);
        var nested = Assert.IsType<object?[]>(ParameterText.ParseValue("[[1, 2], [3]]"));
        Assert.Equal(new[] { 1, 2 }, nested[0]);
        var mixed = Assert.IsType<object?[]>(ParameterText.ParseValue("[1, 'a', None]"));
        Assert.Equal(new object?[] { 1, "a", null }, mixed);
        var dict = Assert.IsType<Dictionary<string, object?>>(ParameterText.ParseValue("{'a': 1, 'b': [1.5]}"));
        Assert.Equal(1, dict["a"]);
    }

    [Fact]
    public void Hostile_nesting_is_text_not_a_crash()
    {
        string deep = new string('[', 100_000) + new string(']', 100_000);
        Assert.Equal(deep, ParameterText.ParseValue(deep));
    }

    [Fact]
    public void Typed_parse_converts_and_explains_failures()
    {
        Assert.Equal(5.0, ParameterText.Parse<double>("5"));
        Assert.Equal(5, ParameterText.Parse<int>("5"));
        Assert.Equal(new[] { 1.0, 2.0 }, ParameterText.Parse<double[]>("[1, 2]"));
        Assert.Equal(new List<int> { 1, 2 }, ParameterText.Parse<List<int>>("[1, 2]"));
        Assert.Equal(new[] { "a", "b" }, ParameterText.ParseArray<string>("['a', 'b']"));
        Assert.Null(ParameterText.Parse<int?>("None"));
        Assert.Equal(DayOfWeek.Friday, ParameterText.Parse<DayOfWeek>("Friday"));
        Assert.Equal(TimeSpan.FromSeconds(90061.5), ParameterText.Parse<TimeSpan>("1 day, 1:01:01.500000"));
        Assert.Equal(3_000_000_000u, ParameterText.Parse<uint>("3000000000"));
        Assert.True(ParameterText.Parse<bool>("yes"));
        var error = Assert.Throws<FormatException>(() => ParameterText.Parse<int>("5.5"));
        Assert.Contains("5.5", error.Message);
        Assert.Throws<FormatException>(() => ParameterText.Parse<int>("3000000000"));
        Assert.Throws<FormatException>(() => ParameterText.Parse<int[]>("[1, 'a']"));
    }

    [Fact]
    public void Unsupported_types_are_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => ParameterText.Format(new Random()));
        Assert.Contains("System.Random", error.Message);
        Assert.Contains("SaveObj", error.Message);
    }

    [Fact]
    public void Enums_dates_times_and_guids_inside_lists_are_quoted_and_read_back()
    {
        var days = new[] { DayOfWeek.Monday, DayOfWeek.Friday };
        Assert.Equal("['Monday', 'Friday']", ParameterText.Format(days));
        Assert.Equal(days, ParameterText.ParseArray<DayOfWeek>(ParameterText.Format(days)));
        var ids = new List<Guid> { Guid.Empty };
        Assert.Equal("['00000000-0000-0000-0000-000000000000']", ParameterText.Format(ids));
        Assert.Equal(ids, ParameterText.ParseList<Guid>(ParameterText.Format(ids)));
        var times = new[] { TimeSpan.FromSeconds(1.5), TimeSpan.FromDays(-2) };
        Assert.Equal(times, ParameterText.ParseArray<TimeSpan>(ParameterText.Format(times)));
        var dates = new[] { new DateTime(2024, 2, 29, 1, 2, 3, DateTimeKind.Utc) };
        Assert.Equal("['2024-02-29 01:02:03+00:00']", ParameterText.Format(dates));
        Assert.Equal(dates, ParameterText.ParseArray<DateTime>(ParameterText.Format(dates)));
        // On their own they stay unquoted, as str() writes them.
        Assert.Equal("Monday", ParameterText.Format(DayOfWeek.Monday));
    }

    private static string WriteTemp(TempFolder folder, string content)
    {
        string path = Path.Combine(folder.Root, "input.txt");
        File.WriteAllText(path, content);
        return path;
    }
}
