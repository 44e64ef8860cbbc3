using System.Text;
using StorageTyped.Groups.Query;

namespace StorageTyped.Tests.Groups;

/// <summary>
/// Queries nested deep or chained long, on a thread with a 256 KB stack: parentheses nest at most 100 deep (a
/// FormatException with the caret at the '(' too many), a chain of 100,000 conditions is answered, and nothing ever
/// overflows the stack — for Select, Where, the indexer and GetQueryKeys.
/// </summary>
public sealed class QueryDepthTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly StorageManagerGroup _group;

    public QueryDepthTests()
    {
        for (int i = 1; i <= 5; i++) GroupTestRuns.Create(_temp, "Deep", i, GroupTestRuns.P(("a", i), ("b", i % 2 == 0)));
        _group = new StorageManagerGroup("Deep", options: _temp.Options);
    }

    public void Dispose() => _temp.Dispose();

    private static string Nested(int depth, string inner) => new string('(', depth) + inner + new string(')', depth);

    /// <summary>Every way a query reaches the group, on the small stack; the results side by side.</summary>
    private (int Selected, int Values, int Kept, int Keys) AllWays(string query) => SmallStack.Run(() =>
        (_group.Select(query).Count, _group[query].Count, _group.Where(query).Count, StorageManagerGroup.GetQueryKeys(query).Count));

    private void AssertRefusedAt(string query, int position)
    {
        foreach (Func<object?> call in new Func<object?>[]
        {
            () => _group.Select(query), () => _group[query], () => _group.Where(query), () => StorageManagerGroup.GetQueryKeys(query),
        })
        {
            var e = SmallStack.Throws<FormatException>(call);
            Assert.Contains($"malformed at position {position}:", e.Message);
            Assert.Contains("nest more than 100 deep", e.Message);
            string[] lines = e.Message.Split('\n');
            Assert.Equal(position, lines[2].IndexOf('^') - 2); // the caret under the '(' too many
        }
    }

    [Fact]
    public void The_issue_s_6000_parentheses_are_a_format_exception_with_the_caret()
    {
        AssertRefusedAt(Nested(6000, "a"), QueryParser.MaxNesting);
        AssertRefusedAt(Nested(1200, "a > 0"), QueryParser.MaxNesting);
        AssertRefusedAt(Nested(100_000, "a"), QueryParser.MaxNesting);
        AssertRefusedAt("b or " + Nested(101, "a"), 5 + QueryParser.MaxNesting);
    }

    [Fact]
    public void One_hundred_levels_are_answered()
    {
        Assert.Equal((5, 5, 5, 1), AllWays(Nested(QueryParser.MaxNesting, "a > 0")));
        // 100 levels, each with its own and/or: a tree 200 nodes deep.
        var query = new StringBuilder("a > 3"); // with b == True at every other level: a == 4 only
        for (int level = 0; level < QueryParser.MaxNesting; level++) query.Insert(0, level % 2 == 0 ? "(a < 0 or " : "(b == True and ").Append(')');
        Assert.Equal((1, 1, 1, 2), AllWays(query.ToString()));
    }

    [Fact]
    public void A_flat_chain_of_100000_conditions_is_answered()
    {
        string or = string.Join(" or ", Enumerable.Range(1, 100_000).Select(i => $"a == {-i}")) + " or a == 3";
        Assert.Equal((1, 1, 1, 1), AllWays(or));
        string and = string.Join(" and ", Enumerable.Repeat("a > 0", 20_000)) + " and b == True";
        Assert.Equal((2, 2, 2, 2), AllWays(and));
        string mixed = string.Join(" or ", Enumerable.Range(0, 50_000).Select(i => $"(a == {i % 7} and b == {(i % 2 == 0 ? "True" : "False")})"));
        Assert.Equal(5, SmallStack.Run(() => _group.Select(mixed).Count));
    }
}
