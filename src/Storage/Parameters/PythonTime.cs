using System.Globalization;
using System.Text.RegularExpressions;

namespace StorageTyped.Parameters;

/// <summary>
/// Dates, times and durations as Python's str() writes them — "2026-11-24 14:20:05+00:00", "1:02:05.500000",
/// "-1 day, 23:59:59" — so that <c>datetime.fromisoformat</c> and PymoNNto's users read what this library writes.
/// .NET's own forms ("o" and "c") are still read.
/// </summary>
/// <remarks>
/// Python keeps microseconds, .NET ticks of 100 ns. A value with a tick below the microsecond gets seven fractional
/// digits, so that it reads back unchanged here; Python 3.11's fromisoformat reads them and drops the seventh.
/// </remarks>
internal static partial class PythonTime
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>str(datetime): "YYYY-MM-DD HH:MM:SS[.ffffff]", with "+00:00" for UTC and the offset for local time.</summary>
    public static string Format(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => DateAndTime(value) + "+00:00",
        DateTimeKind.Local => DateAndTime(value) + Offset(TimeZoneInfo.Local.GetUtcOffset(value)),
        _ => DateAndTime(value),
    };

    /// <summary>str(datetime) of an aware datetime: "YYYY-MM-DD HH:MM:SS[.ffffff]+HH:MM".</summary>
    public static string Format(DateTimeOffset value) => DateAndTime(value.DateTime) + Offset(value.Offset);

    /// <summary>str(timedelta): "[D day[s], ]H:MM:SS[.ffffff]", the days rounded down so the rest is never negative.</summary>
    public static string Format(TimeSpan value)
    {
        long days = Math.DivRem(value.Ticks, TimeSpan.TicksPerDay, out long rest);
        if (rest < 0) { days--; rest += TimeSpan.TicksPerDay; }
        long seconds = Math.DivRem(rest, TimeSpan.TicksPerSecond, out long fraction);
        string time = string.Create(Invariant, $"{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}{Fraction(fraction)}");
        return days == 0 ? time : string.Create(Invariant, $"{days} day{(Math.Abs(days) == 1 ? "" : "s")}, {time}");
    }

    /// <summary>A date and time in Python's form or .NET's ("o"); an offset of zero gives UTC, another local time.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        if (!DateTime.TryParse(text, Invariant, DateTimeStyles.RoundtripKind, out value)) return false;
        // With an offset, RoundtripKind converts to local time; "+00:00" is Python's UTC, so give UTC back for it.
        if (value.Kind == DateTimeKind.Local && DateTimeOffset.TryParse(text, Invariant, DateTimeStyles.None, out var aware) && aware.Offset == TimeSpan.Zero)
            value = aware.UtcDateTime;
        return true;
    }

    /// <summary>Python's str(timedelta) (also with seven fractional digits, as <see cref="Format(TimeSpan)"/> may write).</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var match = TimedeltaPattern().Match(text);
        if (!match.Success) return false;
        Int128 days = match.Groups["days"].Success ? Int128.Parse(match.Groups["days"].ValueSpan, Invariant) : 0;
        Int128 seconds = Int128.Parse(match.Groups["hours"].ValueSpan, Invariant) * 3600
            + int.Parse(match.Groups["minutes"].ValueSpan, Invariant) * 60 + int.Parse(match.Groups["seconds"].ValueSpan, Invariant);
        string digits = match.Groups["fraction"].Value;
        long fraction = digits.Length == 0 ? 0 : long.Parse(digits.PadRight(7, '0'), Invariant);
        Int128 ticks = (days * 86_400 + seconds) * TimeSpan.TicksPerSecond + fraction;
        if (ticks < long.MinValue || ticks > long.MaxValue) return false;
        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    private static string DateAndTime(DateTime value) =>
        value.ToString("yyyy'-'MM'-'dd' 'HH':'mm':'ss", Invariant) + Fraction(value.Ticks % TimeSpan.TicksPerSecond);

    /// <summary>Python writes microseconds when there are any; a tick below them needs the seventh digit.</summary>
    private static string Fraction(long ticks) =>
        ticks == 0 ? "" : ticks % 10 == 0 ? "." + (ticks / 10).ToString("D6", Invariant) : "." + ticks.ToString("D7", Invariant);

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh':'mm", Invariant);

    [GeneratedRegex(@"^(?:(?<days>-?\d{1,9}) days?, )?(?<hours>\d{1,10}):(?<minutes>[0-5]\d):(?<seconds>[0-5]\d)(?:\.(?<fraction>\d{1,7}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimedeltaPattern();
}
