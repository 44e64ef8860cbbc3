using System.Text.Json;

namespace StorageTyped.Tests.Parameters;

/// <summary>
/// Dates, times and durations are written as Python's str() writes them, checked against Debian's python3: the text
/// in config.ini is str() of the same value built in Python, datetime.fromisoformat gives that value back, and
/// Python's own str() forms (and .NET's older "o" and "c" forms) read back here unchanged.
/// </summary>
public sealed class DateTimeInteropTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Each value beside the Python expression that builds the same value.</summary>
    private static readonly (string Key, object Value, string Python)[] Cases =
    [
        ("utc", new DateTime(2026, 11, 24, 14, 20, 5, DateTimeKind.Utc), "datetime(2026, 11, 24, 14, 20, 5, tzinfo=timezone.utc)"),
        ("naive_micro", new DateTime(2026, 11, 24, 14, 20, 5).AddTicks(1_234_560), "datetime(2026, 11, 24, 14, 20, 5, 123456)"),
        ("first_day", new DateTime(1, 1, 1), "datetime(1, 1, 1)"),
        ("last_micro", new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990), "datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)"),
        ("offset_west", new DateTimeOffset(2001, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7.5)), "datetime(2001, 1, 2, 3, 4, 5, tzinfo=timezone(-timedelta(hours=7, minutes=30)))"),
        ("offset_east", new DateTimeOffset(2001, 1, 2, 3, 4, 5, 500, TimeSpan.FromHours(14)), "datetime(2001, 1, 2, 3, 4, 5, 500000, tzinfo=timezone(timedelta(hours=14)))"),
        ("seconds", TimeSpan.FromSeconds(3725.5), "timedelta(seconds=3725.5)"),
        ("zero", TimeSpan.Zero, "timedelta(0)"),
        ("one_day", TimeSpan.FromDays(1), "timedelta(days=1)"),
        ("minus_one_day", TimeSpan.FromDays(-1), "timedelta(days=-1)"),
        ("minus_quarter_days", TimeSpan.FromDays(-3.25), "timedelta(days=-3.25)"),
        ("minus_micro", TimeSpan.FromTicks(-15_000), "timedelta(milliseconds=-1.5)"),
        ("days_and_micro", TimeSpan.FromDays(2) + TimeSpan.FromTicks(10), "timedelta(days=2, microseconds=1)"),
        ("many_days", TimeSpan.FromDays(999_999) + TimeSpan.FromHours(23), "timedelta(days=999999, hours=23)"),
    ];

    private const string Check = """
        import sys, json, configparser
        from datetime import datetime, timedelta, timezone
        c = configparser.ConfigParser()
        c.read(sys.argv[1], encoding='utf-8')
        cases = json.loads(sys.argv[2])
        out = {}
        for key, expression in cases.items():
            value = eval(expression)
            text = c.get('Parameters', key)
            parsed = datetime.fromisoformat(text) if isinstance(value, datetime) else None
            out[key] = {'str': str(value), 'written': text, 'parsed_equal': parsed == value if parsed is not None else None,
                        'same_tz': (parsed.utcoffset() == value.utcoffset()) if parsed is not None else None}
        print(json.dumps(out))
        """;

    [Fact]
    public void Dates_times_and_durations_are_written_as_python_str_and_read_back_by_both_sides()
    {
        var sm = new StorageManager("Dates", options: _temp.Options);
        foreach (var (key, value, _) in Cases) sm.SaveParam(key, value);

        var python = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(ExternalTool.RunPython(Check,
            Path.Combine(sm.Path, "config.ini"), JsonSerializer.Serialize(Cases.ToDictionary(c => c.Key, c => c.Python))))!;
        foreach (var (key, value, _) in Cases)
        {
            JsonElement result = python[key];
            Assert.Equal(result.GetProperty("str").GetString(), result.GetProperty("written").GetString());
            if (value is DateTime or DateTimeOffset)
            {
                Assert.True(result.GetProperty("parsed_equal").GetBoolean(), $"{key}: fromisoformat gave another value");
                Assert.True(result.GetProperty("same_tz").GetBoolean(), $"{key}: fromisoformat gave another offset");
            }
            // Python's text (the same text) reads back here as the same value and kind.
            object? back = ReadAs(sm, key, value.GetType());
            Assert.Equal(value, back);
            if (value is DateTime date) Assert.Equal(date.Kind, ((DateTime)back!).Kind);
            if (value is DateTimeOffset aware) Assert.Equal(aware.Offset, ((DateTimeOffset)back!).Offset);
        }
    }

    [Fact]
    public void Ticks_below_a_microsecond_keep_a_seventh_digit_and_come_back_unchanged()
    {
        var sm = new StorageManager("Ticks", options: _temp.Options);
        var date = new DateTime(2024, 2, 29, 23, 59, 59, 999, DateTimeKind.Utc).AddTicks(9);
        var span = TimeSpan.FromTicks(-1);
        sm.SaveParam("date", date);
        sm.SaveParam("span", span);

        Assert.Equal("2024-02-29 23:59:59.9990009+00:00", sm.LoadParamText("date"));
        Assert.Equal("-1 day, 23:59:59.9999999", sm.LoadParamText("span"));
        Assert.Equal(date, sm.LoadParam<DateTime>("date"));
        Assert.Equal(span, sm.LoadParam<TimeSpan>("span"));
        // Python 3.11's fromisoformat reads seven digits and keeps six.
        Assert.Equal("2024-02-29 23:59:59.999000+00:00", ExternalTool.RunPython(
            "import sys; from datetime import datetime; print(datetime.fromisoformat(sys.argv[1]))", sm.LoadParamText("date")!).Trim());
    }

    [Fact]
    public void Dotnet_forms_written_before_are_still_read()
    {
        var sm = new StorageManager("Old", options: _temp.Options);
        sm.SaveParam("utc", "2026-11-24T14:20:05.0000000Z");
        sm.SaveParam("offset", "2001-01-02T03:04:05.0000000-07:30");
        sm.SaveParam("span", "1.02:03:04.5000000");
        sm.SaveParam("negative", "-3.06:00:00");

        DateTime utc = sm.LoadParam<DateTime>("utc");
        Assert.Equal(new DateTime(2026, 11, 24, 14, 20, 5, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(new DateTimeOffset(2001, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7.5)), sm.LoadParam<DateTimeOffset>("offset"));
        Assert.Equal(new TimeSpan(1, 2, 3, 4, 500), sm.LoadParam<TimeSpan>("span"));
        Assert.Equal(TimeSpan.FromDays(-3.25), sm.LoadParam<TimeSpan>("negative"));
    }

    [Fact]
    public void The_provenance_start_time_is_what_python_str_writes()
    {
        var sm = new StorageManager("Started", options: _temp.Options);
        string start = sm.LoadParamText("start_time", "Provenance")!;
        string python = ExternalTool.RunPython("import sys; from datetime import datetime; print(datetime.fromisoformat(sys.argv[1]))", start).Trim();
        Assert.Equal(start, python);
        Assert.DoesNotContain("T", start);
    }

    private static object? ReadAs(StorageManager sm, string key, Type type) =>
        type == typeof(DateTime) ? sm.LoadParam<DateTime>(key)
        : type == typeof(DateTimeOffset) ? sm.LoadParam<DateTimeOffset>(key)
        : sm.LoadParam<TimeSpan>(key);
}
