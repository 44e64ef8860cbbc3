using StorageTyped.Generators.Analyzers;

namespace StorageTyped.Cli;

/// <summary>"Did you mean …?" for a name that is not there, by the analyzer's rule for a typo (<see cref="NearMiss"/>).</summary>
internal static class Suggestions
{
    /// <summary>" Did you mean 'x'?" when a candidate is close enough to be what was meant, else empty.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates) =>
        NearMiss.Nearest(name, candidates) is { } best ? $" Did you mean '{best}'?" : "";
}
