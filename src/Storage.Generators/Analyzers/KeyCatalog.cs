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

    /// <summary>The known key closest to <paramref name="key"/>, when it is close enough to be a typo (<see cref="NearMiss"/>).</summary>
    public Entry? Nearest(string key)
    {
        string lower = key.ToLowerInvariant();
        Entry? best = null;
        int bestDistance = int.MaxValue;
        foreach (var pair in _byKey.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // The property's own snake_case name counts as an exact miss of a key renamed with [IniKey].
            int distance = lower == pair.Value.PropertyKey ? 0 : NearMiss.EditDistance(lower, pair.Key);
            if (distance < bestDistance)
            {
                best = pair.Value;
                bestDistance = distance;
            }
        }
        return bestDistance <= NearMiss.AllowedEdits(lower.Length) ? best : null;
    }
}
