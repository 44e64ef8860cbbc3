using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace StorageTyped.Generators.Model;

/// <summary>A source location as plain values (a <see cref="Location"/> holds the syntax tree, which must not be cached).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null) return null;
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
