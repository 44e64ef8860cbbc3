using static StorageTyped.Tests.Groups.GroupTestRuns;

namespace StorageTyped.Tests.Groups;

/// <summary>SortBy, the indexer and Select: mixed types, runs lacking keys, and the query language's errors.</summary>
public sealed class GroupQueryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StorageManagerGroup Network()
    {
        // number, score, plastic, label; run 5 has no score, run 6 only a label.
        Create(_temp, "Net", 1, P(("number_of_neurons", 500), ("score", 0.9), ("plastic", true), ("label", "a")));
        Create(_temp, "Net", 2, P(("number_of_neurons", 2000), ("score", 0.4), ("plastic", false), ("label", "b")));
        Create(_temp, "Net", 3, P(("number_of_neurons", 1500), ("score", 0.7), ("plastic", true), ("label", "a")));
        Create(_temp, "Net", 4, P(("number_of_neurons", 1000), ("score", 0.7), ("plastic", false), ("label", "c")));
        Create(_temp, "Net", 5, P(("number_of_neurons", 3000), ("plastic", true)));
        Create(_temp, "Net", 6, P(("label", "it's")));
        return new StorageManagerGroup("Net", options: _temp.Options);
    }

    [Fact]
    public void SortBy_orders_by_value_stably_with_runs_lacking_the_parameter_last()
    {
        var smg = Network();
        smg.SortBy("score");
        Assert.Equal(new[] { "Net2", "Net3", "Net4", "Net1", "Net5", "Net6" }, smg.Select(sm => sm.FolderName));
        Assert.Equal(new object?[] { 0.4, 0.7, 0.7, 0.9 }, smg["score"]);

        smg.SortBy("SCORE", descending: true);
        Assert.Equal(new[] { "Net1", "Net3", "Net4", "Net2", "Net5", "Net6" }, smg.Select(sm => sm.FolderName));

        smg.SortBy("number_of_neurons");
        Assert.Equal(new object?[] { 500, 1000, 1500, 2000, 3000 }, smg["number_of_neurons"]);
        Assert.Equal(new object?[] { 0.9, 0.7, 0.7, 0.4 }, smg["score"]);
    }

    [Fact]
    public void SortBy_puts_mixed_types_in_the_documented_order_without_throwing()
    {
        object?[] values = [3, "b", 1.5, double.NaN, null, "B", true, new[] { 1, 2 }, -2L, "a", 1L << 60, false];
        for (int i = 0; i < values.Length; i++) Create(_temp, "Mixed", i + 1, P(("v", values[i])));
        Create(_temp, "Mixed", values.Length + 1, P(("other", 1)));
        var smg = new StorageManagerGroup("Mixed", options: _temp.Options);

        smg.SortBy("v");

        // numbers by value (bools as 0 and 1), NaN, strings (ordinal), None, lists; the run without v last.
        var expected = new object?[] { -2, false, true, 1.5, 3, 1L << 60, double.NaN, "B", "a", "b", null, new[] { 1, 2 } };
        Assert.Equal(expected, smg.GetParamList("v").Take(12));
        Assert.Equal("Mixed13", smg.StorageManagerList[^1].FolderName);
    }

    [Fact]
    public void The_indexer_returns_the_values_of_the_runs_a_condition_selects()
    {
        var smg = Network();
        Assert.Equal(new object?[] { 2000, 1500, 3000 }, smg["number_of_neurons>1000"]);
        Assert.Equal(new object?[] { 2000, 1500, 1000, 3000 }, smg["number_of_neurons >= 1000"]);
        Assert.Equal(new object?[] { 0.4, 0.7, 0.7 }, smg["score < 0.8"]);
        Assert.Equal(new object?[] { "a", "a" }, smg["label == 'a'"]);
        Assert.Equal(new object?[] { "it's" }, smg["label == \"it's\""]);
        Assert.Equal(new object?[] { "b", "c", "it's" }, smg["label != 'a'"]);
        Assert.Equal(new object?[] { 0.9, 0.7 }, smg["score > 0.5 and plastic == True"]);
        Assert.Equal(new object?[] { 500, 1500, 3000 }, smg["number_of_neurons > 2500 or plastic"]);
        // A comparison with a key the run lacks is false, even with !=: only the right side of "or" can match.
        Assert.Equal(new object?[] { 1500 }, smg["(number_of_neurons > 1000 and score <= 0.7) and not_there != 1 or number_of_neurons == 1500"]);
        Assert.Equal(new object?[] { 2000, 1500 }, smg["(number_of_neurons > 1000 and score <= 0.7)"]);
        Assert.Equal(new object?[] { 2000, 1500, 3000 }, smg["1000 < number_of_neurons"]);
        Assert.Equal(new object?[] { 0.9 }, smg["score > number_of_neurons or score == 0.9"]);
        Assert.Equal(new object?[] { 2000 }, smg["number_of_neurons == 2e3"]);
        Assert.Empty(smg["label > 5"]);
        Assert.Empty(smg["unknown_key"]);
    }

    [Fact]
    public void Select_returns_the_runs_and_a_key_alone_selects_the_runs_that_have_it()
    {
        var smg = Network();
        Assert.Equal(new[] { "Net1", "Net2", "Net3", "Net4" }, smg.Select("score").Select(sm => sm.FolderName));
        Assert.Equal(new[] { "Net2", "Net4" }, smg.Select("plastic == False").Select(sm => sm.FolderName));
        Assert.Equal(new[] { "Net1", "Net3", "Net5" }, smg.Select("plastic and number_of_neurons > 0").Select(sm => sm.FolderName));
        Assert.Empty(smg.Select("score == None"));
        Assert.Empty(smg.Select("number_of_neurons > 1", section: "Other"));
    }

    [Fact]
    public void None_and_NaN_compare_as_in_Python()
    {
        Create(_temp, "Special", 1, P(("v", null)));
        Create(_temp, "Special", 2, P(("v", double.NaN)));
        Create(_temp, "Special", 3, P(("v", 1.0)));
        var smg = new StorageManagerGroup("Special", options: _temp.Options);
        Assert.Equal(new[] { "Special1" }, smg.Select("v == None").Select(sm => sm.FolderName));
        Assert.Equal(new[] { "Special2", "Special3" }, smg.Select("v != None").Select(sm => sm.FolderName));
        Assert.Equal(new[] { "Special3" }, smg.Select("v >= 1").Select(sm => sm.FolderName));
        Assert.Equal(new[] { "Special1", "Special2" }, smg.Select("v != 1").Select(sm => sm.FolderName));
        Assert.Empty(smg.Select("v < None"));
    }

    [Fact]
    public void Integers_beyond_double_precision_compare_exactly()
    {
        const long twoTo53 = 1L << 53;
        Create(_temp, "Big", 1, P(("v", twoTo53)));
        Create(_temp, "Big", 2, P(("v", twoTo53 + 1)));
        Create(_temp, "Big", 3, P(("v", 0.5)));
        var smg = new StorageManagerGroup("Big", options: _temp.Options);
        Assert.Equal(new object?[] { twoTo53 + 1 }, smg[$"v > {twoTo53}"]);
        Assert.Equal(new object?[] { twoTo53 }, smg[$"v == {twoTo53}"]);
        Assert.Equal(new object?[] { 0.5 }, smg["v < 1"]);
        smg.SortBy("v", descending: true);
        Assert.Equal(new object?[] { twoTo53 + 1, twoTo53, 0.5 }, smg["v"]);
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("score >", 7, "expected a value")]
    [InlineData("score = 5", 6, "'=='")]
    [InlineData("score >> 5", 7, "not an operator")]
    [InlineData("(score > 1", 10, "never closed")]
    [InlineData("score > 1)", 9, "closes no")]
    [InlineData("score > 1 label", 10, "'and' or 'or'")]
    [InlineData("score > 1 and", 13, "after 'and'")]
    [InlineData("score 5", 6, "expected an operator")]
    [InlineData("label == 'abc", 9, "never closed")]
    [InlineData("5 > 3", 0, "both sides are values")]
    [InlineData("0.1 < score < 0.5", 12, "chained")]
    [InlineData("score > 1 && label", 10, "use 'and'")]
    [InlineData("not score", 0, "'not'")]
    [InlineData("5", 0, "is a value, not a condition")]
    [InlineData("__import__('os').system('touch pwned')", 10, "expected an operator")]
    public void A_malformed_query_is_a_FormatException_pointing_at_the_position(string query, int position, string expectedText)
    {
        var smg = Network();
        var error = Assert.Throws<FormatException>(() => smg[query]);
        Assert.Contains($"at position {position}:", error.Message);
        Assert.Contains(expectedText, error.Message);
        string[] lines = error.Message.Split('\n');
        Assert.Equal("  " + query, lines[^2]);
        Assert.Equal(new string(' ', 2 + position) + "^", lines[^1]);
        Assert.Throws<FormatException>(() => smg.Select(query));
        Assert.False(File.Exists("pwned"));
    }
}
