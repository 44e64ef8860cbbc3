namespace StorageTyped.Cluster;

/// <summary>
/// One <c>#SBATCH --option=value</c> line. sbatch reads these lines with a parser of its own, not bash: an unquoted
/// <c>#</c> starts a comment, whitespace ends the value, and a backslash escapes the next character even inside
/// quotes. So a value with anything but plain characters is written in double quotes with <c>\</c> and <c>"</c>
/// escaped, which sbatch turns back into the value (checked against sbatch 22.05 by the cluster tests).
/// </summary>
internal static class SbatchDirective
{
    /// <summary>The line for a long option with a value; the value holds no control character (checked before).</summary>
    public static string Line(string option, string value) => $"#SBATCH --{option}={Quote(value)}";

    /// <summary>The line for a long option without a value (<c>--exclusive</c>).</summary>
    public static string Line(string option) => $"#SBATCH --{option}";

    /// <summary>The value as sbatch's directive parser needs it.</summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && value.All(BashWord.IsPlain)) return value;
        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
