using Microsoft.CodeAnalysis.CSharp;

namespace StorageTyped.Generators;

/// <summary>
/// The name of a property's argument in the generated Grid(...): camelCase by the rule of System.Text.Json's
/// JsonNamingPolicy.CamelCase (NumberOfNeurons → numberOfNeurons, XMLHttpRequest → xmlHttpRequest, URL → url,
/// IPAddress → ipAddress), with '@' before a keyword (Class → @class).
/// </summary>
internal static class ArgumentNaming
{
    /// <summary>The camelCase form of <paramref name="name"/>, without escaping.</summary>
    public static string ToCamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0])) return name;
        char[] chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i])) break;
            bool hasNext = i + 1 < chars.Length;
            // Stop at the last capital before a lower-case letter: XMLHttp → xmlHttp.
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ') chars[i] = char.ToLowerInvariant(chars[i]);
                break;
            }
            chars[i] = char.ToLowerInvariant(chars[i]);
        }
        return new string(chars);
    }

    /// <summary>The name as an identifier: '@' before a keyword.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.VarKeyword ? "@" + name : name;
}
