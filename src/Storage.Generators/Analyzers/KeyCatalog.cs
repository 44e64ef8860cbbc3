using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StorageTyped.Generators.Analyzers;

/// <summary>The INI keys of every [RunParameters] type declared in a compilation, with the constant that names each.</summary>
internal sealed class KeyCatalog
{
    /// <summary>One known key and the generated constant that holds it.</summary>
    public sealed class Entry
    {
        public Entry(string key, string propertyKey, string section, string constant, string shortConstant)
        {
            Key = key;
            PropertyKey = propertyKey;
            Section = section;
            Constant = constant;
            ShortConstant = shortConstant;
        }

        public string Key { get; }

        /// <summary>The snake_case of the property name: the key a user writes who forgot an [IniKey] (lower case).</summary>
        public string PropertyKey { get; }

        public string Section { get; }

        /// <summary>global::Ns.NetworkParams.Keys.Score</summary>
        public string Constant { get; }

        /// <summary>NetworkParams.Keys.Score</summary>
        public string ShortConstant { get; }
    }

    private readonly Dictionary<string, Entry> _byKey;

    private KeyCatalog(Dictionary<string, Entry> byKey, ImmutableHashSet<string> sections)
    {
        _byKey = byKey;
        Sections = sections;
    }

    /// <summary>Every [RunParameters] section in the compilation.</summary>
    public ImmutableHashSet<string> Sections { get; }

    /// <summary>No [RunParameters] type is declared: string keys are not checked at all.</summary>
    public bool IsEmpty => _byKey.Count == 0;

    public IEnumerable<Entry> Entries => _byKey.Values;

    /// <summary>Keys are matched case-insensitively, as configparser does.</summary>
    public bool Contains(string key) => _byKey.ContainsKey(key.ToLowerInvariant());

    /// <summary>Collects the keys of every [RunParameters] type declared in <paramref name="compilation"/>.</summary>
    public static KeyCatalog Build(Compilation compilation, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var sections = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var symbol in compilation.GetSymbolsWithName(static _ => true, SymbolFilter.Type, cancellationToken))
        {
            if (symbol is not INamedTypeSymbol type) continue;
            var attribute = ParameterDiscovery.FindAttribute(type, ParameterDiscovery.RunParametersAttributeName);
            if (attribute is null) continue;
            string section = ParameterDiscovery.SectionOf(attribute);
            sections.Add(section);
            var primary = ParameterDiscovery.PrimaryConstructor(type, cancellationToken);
            string typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            string shortName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            foreach (var candidate in ParameterDiscovery.Discover(type, compilation, primary, cancellationToken))
            {
                if (candidate.Ignored) continue;
                string normalized = candidate.Key.ToLowerInvariant();
                if (!byKey.ContainsKey(normalized))
                    byKey.Add(normalized, new Entry(candidate.Key, KeyNaming.ToSnakeCase(candidate.Name).ToLowerInvariant(), section, typeName + ".Keys." + candidate.Name, shortName + ".Keys." + candidate.Name));
            }
        }
        return new KeyCatalog(byKey, sections.ToImmutable());
    }

    /// <summary>The known key closest to <paramref name="key"/> (edit distance, case-insensitive), when it is close enough to be a typo.</summary>
    public Entry? Nearest(string key)
    {
        string lower = key.ToLowerInvariant();
        Entry? best = null;
        int bestDistance = int.MaxValue;
        foreach (var pair in _byKey.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // The property's own snake_case name counts as an exact miss of a key renamed with [IniKey].
            int distance = lower == pair.Value.PropertyKey ? 0 : EditDistance(lower, pair.Key);
            if (distance < bestDistance)
            {
                best = pair.Value;
                bestDistance = distance;
            }
        }
        // One edit for short names, up to three for long ones: "nope" is no typo of "name", "scroe" is one of "score".
        int allowed = Math.Max(1, Math.Min(3, lower.Length / 4));
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previousPrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, previousPrevious[j - 2] + 1);
                current[j] = value;
            }
            var recycled = previousPrevious;
            previousPrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.Length];
    }
}
