using System.Globalization;
using System.Text.RegularExpressions;

namespace StorageTyped.Cli;

/// <summary>
/// A time limit as sbatch's --time takes it: minutes, minutes:seconds, hours:minutes:seconds, days-hours,
/// days-hours:minutes or days-hours:minutes:seconds.
/// </summary>
internal static partial class SlurmTimeLimit
{
    /// <summary>The formats, for messages and help.</summary>
    public const string Formats = "minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes or days-hours:minutes:seconds (such as 90, 1:30:00 or 2-00:00:00)";

    /// <summary>The limit <paramref name="text"/> gives, or null when it is not one of the formats or not positive.</summary>
    public static TimeSpan? Parse(string text)
    {
        Match match = Pattern().Match(text.Trim());
        if (!match.Success) return null;
        long[] parts = match.Groups["clock"].Value.Split(':').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        long days = match.Groups["days"].Success ? long.Parse(match.Groups["days"].Value, CultureInfo.InvariantCulture) : 0;
        long seconds = (match.Groups["days"].Success, parts.Length) switch
        {
            (false, 1) => parts[0] * 60,
            (false, 2) => parts[0] * 60 + parts[1],
            (false, _) => parts[0] * 3600 + parts[1] * 60 + parts[2],
            (true, 1) => parts[0] * 3600,
            (true, 2) => parts[0] * 3600 + parts[1] * 60,
            (true, _) => parts[0] * 3600 + parts[1] * 60 + parts[2],
        };
        seconds += days * 86400;
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
    }

    [GeneratedRegex(@"^(?:(?<days>[0-9]{1,5})-)?(?<clock>[0-9]{1,7}(?::[0-9]{1,2}){0,2})$")]
    private static partial Regex Pattern();
}
